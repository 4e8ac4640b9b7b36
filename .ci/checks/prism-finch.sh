#!/usr/bin/env bash
# CI check: the Finch adapter and EVERY Finch fixture against Finch's current OpenAPI document, with Prism.
#
# The document: ../shared/vendors/specs/finch-2026-08/openapi.json beside the clone (OpenAPI 3.1.0, August 2026,
# from Finch's official Node SDK; provenance in its README), checked against the sha256 recorded there.
#
# What it validates (FinchPrismCheckTest, skipped in the normal build, runs here with Prism's URLs):
#   1. the adapter's real requests (fetch, fetch of a manual job named by a benefits webhook, enqueue of
#      data_sync_all and w4_form_employee_sync, list/discover, introspect) against `prism mock`;
#   2. the adapter through `prism proxy --errors` to a WireMock Finch serving the fixtures (a manual job after the
#      bodiless automated 404, a benefits webhook's manual job, the manual 400, the 202 re-read, the 429 quota):
#      an invalid request answers 422, a response that breaks the document 500;
#   3. the Finch simulator (adapters-finch …/demo) as the document says, with Finch's official Node SDK
#      (@tryfinch/finch-api, pinned) as its client through a second `prism proxy --errors` in front of it
#      (FinchSimulatorSdkCheckTest): jobs.automated.create/retrieve/list, the five benefits calls and
#      jobs.manual.retrieve of their jobs, both 404s, and each webhook it sends checked as a JobCompletionEvent;
#   4. every fixture, as adapters-finch/src/test/resources/finch/prism-fixtures.json classifies it (the normal
#      build's FinchFixtureIndexTest fails when a fixture is missing from it): exchanges replayed through the
#      proxy; bodies with no path of their own (webhook events, error bodies of statuses no jobs operation
#      declares) posted to a harness `prism mock` whose request bodies $ref the document's component schemas
#      (JobCompletionEvent, DirectoryEvent, ErrorResponse); then what must be REJECTED: the deviating fixtures,
#      a generated control per validated response status and schema, a w4 request without params and a
#      malformed Finch-API-Version. So a Prism that stopped validating fails the check instead of passing it.
#
# Mends: the document itself needs none of the 2024 mends (Finch-API-Version is `format: date`, the W-4 type,
# params and the list's query parameters are in it). ONE mend remains, for Prism rather than for Finch:
#   N1 a schema carrying `nullable: true` with no `type` beside it (16 places, among them ManualAsyncJob.body's
#      items and ConnectionStatusDetail.last_successful_sync's third anyOf branch, which GetIntrospectResponse
#      reaches). Prism's Ajv refuses to compile such a schema ("nullable" cannot be used without "type"), and
#      Prism then validates NOTHING of that response, silently: any GET /jobs/manual/{job_id} or /introspect
#      body passed. N1 writes each one as what it means: `{}` (any value, null included) for items and
#      additionalProperties, `{type: 'null'}` for an anyOf/oneOf branch, `anyOf: [$ref, {type: 'null'}]` beside a
#      $ref. The mend counts what it edits and fails when the document no longer has exactly those 16.
#      PRISM_FINCH_NO_MEND=1 runs without it: the generated controls for the manual job and introspect then fail.
# To see a fixture that breaks the document fail the check: PRISM_FINCH_BREAK=manual/complete-mixed.json (any
# indexed fixture; it is then served wrapped in another object). FinchPrismCheckTest also proves it in-process.
#
# Needs node, npm, curl, a JDK and the Maven wrapper. Installs @stoplight/prism-cli and @tryfinch/finch-api (pinned) from npm into
# target/ci-tools/ (reused by later runs, shared with prism-invopop.sh); fails, never skips, when it cannot.
# Run from anywhere: bash .ci/checks/prism-finch.sh. Bounded: npm install 300 s, each Prism start 60 s,
# Maven (compile + test) $PRISM_CHECK_TIMEOUT s (default 600); Prism is stopped on any exit (trap).
set -euo pipefail

PRISM_VERSION=5.16.0
FINCH_SDK_VERSION=10.7.0
SPEC_SHA256=1a06959be8b2c7be26282c4096a22bd7bbe14520dc31c5c7a7b6c9240b90c6bf
N1_PLACES=16
TIME_LIMIT="${PRISM_CHECK_TIMEOUT:-600}"
started=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
spec_src="$root/../shared/vendors/specs/finch-2026-08/openapi.json"
index=adapters-finch/src/test/resources/finch/prism-fixtures.json
test_class=dev.jobtower.adapters.finch.FinchPrismCheckTest
sdk_test_class=dev.jobtower.adapters.finch.demo.FinchSimulatorSdkCheckTest
expected_tests=4
expected_sdk_tests=1

die() { echo "prism-finch: FAILED: $*" >&2; exit 1; }
for tool in node npm curl timeout sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed; this check needs it (it does not skip)"
done
[ -f "$spec_src" ] || die "no Finch document at $spec_src (CI expects shared/ beside the clone)"
actual_sha="$(sha256sum "$spec_src" | cut -d' ' -f1)"
[ "$actual_sha" = "$SPEC_SHA256" ] || die "$spec_src is not the recorded document (sha256 $actual_sha); update the check with it"
[ -f "$index" ] || die "no fixtures index at $index"

work="$(mktemp -d "${TMPDIR:-/tmp}/prism-finch.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP_PRISM_WORKDIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Prism from npm, into a project-local directory reused by later runs ---
install_npm() { # dir package: installs package once into target/ci-tools/dir (prism-invopop.sh shares Prism's)
  local dir="$root/target/ci-tools/$1"
  if [ ! -f "$dir/.installed" ]; then
    echo "installing $2 into $dir"
    rm -rf "$dir" "$dir.partial"
    # SCARF_ANALYTICS=false: one of Prism's dependencies reports installs to a third party unless told not to
    SCARF_ANALYTICS=false timeout 300 npm install --prefix "$dir.partial" --no-audit --no-fund --loglevel=error "$2" \
      || die "npm could not install $2"
    mv "$dir.partial" "$dir"
    touch "$dir/.installed"
  fi
}
install_npm "prism-$PRISM_VERSION" "@stoplight/prism-cli@$PRISM_VERSION"
prism="$root/target/ci-tools/prism-$PRISM_VERSION/node_modules/.bin/prism"
[ "$("$prism" --version 2>/dev/null)" = "$PRISM_VERSION" ] || die "$prism is not Prism $PRISM_VERSION"
install_npm "finch-api-$FINCH_SDK_VERSION" "@tryfinch/finch-api@$FINCH_SDK_VERSION"
sdk_dir="$root/target/ci-tools/finch-api-$FINCH_SDK_VERSION"
[ -f "$sdk_dir/node_modules/@tryfinch/finch-api/package.json" ] || die "no Finch SDK in $sdk_dir"

# --- the document as Prism reads it (N1 above, unless PRISM_FINCH_NO_MEND), and the schema harness ---
spec="$work/openapi.json"
harness="$work/harness.json"
NO_MEND="${PRISM_FINCH_NO_MEND:-}" N1_PLACES="$N1_PLACES" node - "$spec_src" "$spec" "$index" "$harness" <<'PREPARE'
const fs = require('fs');
const [src, out, indexFile, harnessFile] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(src, 'utf8'));
let mended = 0;
// N1: `nullable` with no `type` beside it, written as what it means (see the script's header)
const mend = (node, inUnion) => {
  if (Array.isArray(node)) return node.map((n) => mend(n, inUnion));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = mend(value, key === 'anyOf' || key === 'oneOf');
  if (inUnion === undefined || !('nullable' in out) || 'type' in out) return out;
  mended++;
  const { nullable, ...rest } = out;
  if (rest.$ref) {
    const { $ref, ...others } = rest;
    return { ...others, anyOf: [{ $ref }, { type: 'null' }] };
  }
  if (Object.keys(rest).filter((k) => k !== 'description').length > 0) {
    throw new Error('N1: a type-less nullable schema with other keywords: ' + JSON.stringify(out) + '; revisit the mend');
  }
  return inUnion ? { ...rest, type: 'null' } : rest;
};
// every schema object sits under a key (inUnion false) or in an anyOf/oneOf array (true); the root is not one
const result = process.env.NO_MEND ? doc : Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, mend(v, false)]));
if (!process.env.NO_MEND && mended !== Number(process.env.N1_PLACES)) {
  throw new Error('N1 mended ' + mended + ' places, expected ' + process.env.N1_PLACES + ': the document changed; revisit the mend');
}
fs.writeFileSync(out, JSON.stringify(result, null, 1));
// the harness: one POST per component schema the index checks bodies against, its request body $ref-ing the document
const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
const names = new Set([...index.schemas, ...index.deviating].map((s) => s.schema).filter(Boolean));
const paths = {};
for (const name of names) {
  if (!result.components.schemas[name]) throw new Error('the document has no component schema ' + name);
  paths['/components/schemas/' + name] = { post: {
    operationId: 'validate-' + name,
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: out + '#/components/schemas/' + name } } } },
    responses: { 204: { description: 'the body is a valid ' + name } } } };
}
fs.writeFileSync(harnessFile, JSON.stringify({ openapi: '3.1.0', info: { title: 'Finch component schemas', version: '1' }, paths }, null, 1));
console.log((process.env.NO_MEND ? 'NOT mended (PRISM_FINCH_NO_MEND)' : 'mend N1 at ' + mended + ' places')
  + '; harness for ' + [...names].join(', '));
PREPARE
echo "document: $spec_src (sha256 ok)"

# --- Prism: a validating mock, a validating proxy in front of the test's WireMock Finch, the schema harness ---
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
start_prism() { # name port args...: starts Prism in the background, waits (60 s at most) until it answers
  local name="$1" port="$2"; shift 2
  "$prism" "$@" -h 127.0.0.1 -p "$port" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  cat "$work/$name.log" >&2
  die "prism $name did not start"
}
mock_port="$(free_port)"; proxy_port="$(free_port)"; schemas_port="$(free_port)"; upstream_port="$(free_port)"
simulator_proxy_port="$(free_port)"; simulator_port="$(free_port)"
# The mock runs without --errors: it validates every request regardless (the script fails on any request
# violation in its log), and --errors would also judge the document's own generated answers.
start_prism mock "$mock_port" mock "$spec"
start_prism proxy "$proxy_port" proxy --errors "$spec" "http://127.0.0.1:$upstream_port"
start_prism schemas "$schemas_port" mock "$harness"
start_prism simulator "$simulator_proxy_port" proxy --errors "$spec" "http://127.0.0.1:$simulator_port/_demo/finch"
echo "prism $PRISM_VERSION: mock :$mock_port, proxy --errors :$proxy_port -> WireMock :$upstream_port, schemas :$schemas_port,"
echo "  proxy --errors :$simulator_proxy_port -> the Finch simulator :$simulator_port ($((SECONDS - started)) s)"

# --- the checks (Maven compiles what is missing; -am builds domain, whose tests the -Dtest filter skips) ---
reports=adapters-finch/target/surefire-reports
rm -f "$reports"/*"$test_class"* "$reports"/*"$sdk_test_class"*  # so a run that never reached the tests cannot show an older run's results
status=0
timeout --kill-after=30 "$TIME_LIMIT" ./mvnw -B -q -pl adapters-finch -am test \
  -Dtest='FinchPrismCheckTest,FinchSimulatorSdkCheckTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfinch.prism.mock="http://127.0.0.1:$mock_port" \
  -Dfinch.prism.proxy="http://127.0.0.1:$proxy_port" \
  -Dfinch.prism.schemas="http://127.0.0.1:$schemas_port" \
  -Dfinch.prism.upstream-port="$upstream_port" \
  -Dfinch.prism.spec="$spec" \
  -Dfinch.prism.break="${PRISM_FINCH_BREAK:-}" \
  -Dfinch.sdk.dir="$sdk_dir" \
  -Dfinch.sdk.script="$root/adapters-finch/src/test/sdk/finch-sdk-check.mjs" \
  -Dfinch.sdk.proxy="http://127.0.0.1:$simulator_proxy_port" \
  -Dfinch.sdk.simulator-port="$simulator_port" || status=$?

echo "validated:"
grep -h '^PRISM-CHECK ' "$reports/$test_class-output.txt" "$reports/$sdk_test_class-output.txt" 2>/dev/null \
  | sed 's/^PRISM-CHECK /  /' || true
if [ "$status" -ne 0 ]; then
  [ "$status" -eq 124 ] && echo "prism-finch: Maven ran out of its $TIME_LIMIT s" >&2
  echo "what Prism reported:" >&2
  for name in mock proxy schemas simulator; do
    echo "--- prism $name" >&2
    # (the readiness probe's `get /` matches no path: not news)
    grep -a -E '✖|VIOLATIONS|UNPROCESSABLE' "$work/$name.log" | grep -a -v 'get / ✖' | tail -40 >&2 || true
  done
  grep -h -A12 -E '<<< (FAILURE|ERROR)' "$reports/$test_class.txt" "$reports/$sdk_test_class.txt" 2>/dev/null | head -60 >&2 || true
  die "see above and $reports/$test_class.txt, $reports/$sdk_test_class.txt"
fi
report="$reports/TEST-$test_class.xml"
if ! grep -q "tests=\"$expected_tests\"" "$report" || grep -q -E '(skipped|failures|errors)="[1-9]' "$report"; then
  die "FinchPrismCheckTest did not run its $expected_tests tests; see $report"
fi
sdk_report="$reports/TEST-$sdk_test_class.xml"
if ! grep -q "tests=\"$expected_sdk_tests\"" "$sdk_report" || grep -q -E '(skipped|failures|errors)="[1-9]' "$sdk_report"; then
  die "FinchSimulatorSdkCheckTest did not run its $expected_sdk_tests test; see $sdk_report"
fi
# every request sent to the mock is meant to be valid: any request violation in its log is a failure
if grep -a -q 'Request did not pass the validation rules' "$work/mock.log"; then
  grep -a -A3 'Request did not pass the validation rules' "$work/mock.log" >&2
  die "the mock saw an invalid request"
fi
echo "prism-finch: passed in $((SECONDS - started)) s"
