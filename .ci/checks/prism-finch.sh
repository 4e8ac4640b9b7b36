#!/usr/bin/env bash
# CI check: the Finch adapter and its fixtures against Finch's published OpenAPI spec, with Prism.
#
# What it validates (FinchPrismCheckTest, skipped in the normal build, runs here with Prism's URLs):
#   1. the adapter's real requests (fetch, enqueue data_sync_all and w4_form_employee_sync, list/discover,
#      introspect) against `prism mock`, which validates each request and answers with the spec's examples;
#   2. the adapter through `prism proxy --errors` to a WireMock Finch serving the fixtures (manual fallback
#      after a 404, 202 re-read, 429 quota): an invalid request answers 422, a response that breaks the spec 500;
#   3. every exchange in adapters-finch/src/test/resources/finch/prism-fixtures.json (`spec` and
#      `newer-than-spec`) replayed through the proxy, plus controls that must be rejected (two fixtures that
#      break the spec on purpose, a w4 request without params, a malformed Finch-API-Version), so a Prism
#      that stopped validating fails the check instead of passing it.
#
# The spec: Finch's January 2024 management spec, ../shared/vendors/specs/finch-2024-01/ beside the clone
# (management/openapi.yaml $refs ../employer/openapi.yaml; both are copied, layout kept). It is stale
# (REFERENCE.md 1.8), so the check runs against a COPY in which exactly these defects are mended, each
# because it contradicts what Finch documents and serves today (REFERENCE.md 1.2, 1.3, 1.5):
#   M1 the Finch-API-Version header pattern is the literal text `YYYY-MM-DD`, which no date matches, so
#      every real request (`2020-09-17`) failed it: now ^\d{4}-\d{2}-\d{2}$ (a date, as documented);
#   M2 GET /jobs/automated took `limit`/`offset` in a request body (on a GET): now query parameters, as
#      the current docs and SDKs send them (and the adapter does);
#   M3 the list response had a broken `''`-keyed Paging property (and example key): removed, current Finch
#      has no paging object;
#   M4 the 202 example of POST /jobs/automated spelled `job_Id`: now `job_id` (what the mock serves);
#   M5 `retry_at` was only on the 429 answer: now also on 201/202, where the SDKs allow it;
#   M6 the automated-job `type` enums lacked `w4_form_employee_sync`: added to the job and the enqueue body;
#   M7 no `params`: added to AutomatedAsyncJob (nullable {individual_id}) and to the enqueue body, which
#      becomes oneOf {type: data_sync_all} | {type: w4_form_employee_sync, params: {individual_id}}.
# Nothing else is changed. The mend asserts the shape it edits, so a changed spec fails it loudly.
#
# Needs node, npm, curl, a JDK and the Maven wrapper. Installs @stoplight/prism-cli and js-yaml (for the
# mend), both pinned, from npm into target/ci-tools/ (reused by later runs); fails, never skips, when it cannot.
# Run from anywhere: bash .ci/checks/prism-finch.sh. Bounded: npm install 300 s, each Prism start 60 s,
# Maven (compile + test) $PRISM_CHECK_TIMEOUT s (default 600); Prism is stopped on any exit (trap).
set -euo pipefail

PRISM_VERSION=5.16.0
JS_YAML_VERSION=4.1.0
TIME_LIMIT="${PRISM_CHECK_TIMEOUT:-600}"
started=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
spec_src="$root/../shared/vendors/specs/finch-2024-01"
index=adapters-finch/src/test/resources/finch/prism-fixtures.json
test_class=dev.jobtower.adapters.finch.FinchPrismCheckTest

die() { echo "prism-finch: FAILED: $*" >&2; exit 1; }
for tool in node npm curl timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed; this check needs it (it does not skip)"
done
for file in management/openapi.yaml employer/openapi.yaml; do
  [ -f "$spec_src/$file" ] || die "no Finch spec at $spec_src/$file (CI expects shared/ beside the clone)"
done
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

# --- Prism and js-yaml from npm, each into a project-local directory reused by later runs ---
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
install_npm "js-yaml-$JS_YAML_VERSION" "js-yaml@$JS_YAML_VERSION"
prism="$root/target/ci-tools/prism-$PRISM_VERSION/node_modules/.bin/prism"
[ "$("$prism" --version 2>/dev/null)" = "$PRISM_VERSION" ] || die "$prism is not Prism $PRISM_VERSION"

# --- the spec copy, mended (M1-M7 above) ---
mkdir -p "$work/spec"
cp -R "$spec_src/management" "$spec_src/employer" "$work/spec/"
spec="$work/spec/management/openapi.yaml"
JS_YAML="$root/target/ci-tools/js-yaml-$JS_YAML_VERSION/node_modules/js-yaml" node - "$spec" <<'MEND'
const fs = require('fs');
const yaml = require(process.env.JS_YAML);
const file = process.argv[2];
const spec = yaml.load(fs.readFileSync(file, 'utf8'));
// at(obj, 'a', 'b') = obj.a.b, failing if the 2024 spec no longer has the shape mended here
const at = (obj, ...keys) => keys.reduce((o, k) => {
  if (o == null || !(k in o)) throw new Error('the Finch spec has no ' + keys.join(' > ') + '; revisit the mend');
  return o[k];
}, obj);
const list = at(spec, 'paths', '/jobs/automated', 'get');
const create = at(spec, 'paths', '/jobs/automated', 'post');
const json = (response) => at(response, 'content', 'application/json');

// M1 a date pattern instead of the literal text YYYY-MM-DD
const version = at(spec, 'components', 'parameters', 'API-Version', 'schema');
if (version.pattern !== 'YYYY-MM-DD') throw new Error('Finch-API-Version pattern is no longer YYYY-MM-DD');
version.pattern = '^\\d{4}-\\d{2}-\\d{2}$';

// M2 list paging in the query, not a GET body
at(list, 'requestBody', 'content', 'application/json', 'schema', 'properties', 'limit');
delete list.requestBody;
list.parameters.push(
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } },
  { name: 'offset', in: 'query', required: false, schema: { type: 'integer', default: 0 } });

// M3 no ''-keyed paging object in the list response
const listed = json(at(list, 'responses', '200'));
delete at(listed, 'schema', 'properties')[''];
delete at(listed, 'examples', 'Example 1', 'value')[''];

// M4 job_Id -> job_id in the 202 example
const accepted = at(json(at(create, 'responses', '202')), 'examples', 'Example 1', 'value');
accepted.job_id = at(accepted, 'job_Id');
delete accepted.job_Id;

// M5 retry_at allowed on 201 and 202 too (same definition as on 429)
const retryAt = at(json(at(create, 'responses', '429')), 'schema', 'properties', 'retry_at');
for (const code of ['201', '202']) at(json(at(create, 'responses', code)), 'schema', 'properties').retry_at = retryAt;

// M6 + M7 w4_form_employee_sync and params, on the job and on the enqueue body
const job = at(spec, 'components', 'schemas', 'AutomatedAsyncJob', 'properties');
at(job, 'type', 'enum').push('w4_form_employee_sync');
job.params = { type: 'object', nullable: true, properties: { individual_id: { type: 'string' } } };
const body = at(create, 'requestBody', 'content', 'application/json');
at(body, 'schema', 'properties', 'type');
body.schema = { oneOf: [
  { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['data_sync_all'] } } },
  { type: 'object', required: ['type', 'params'], properties: {
    type: { type: 'string', enum: ['w4_form_employee_sync'] },
    params: { type: 'object', required: ['individual_id'], properties: { individual_id: { type: 'string' } } } } },
] };

fs.writeFileSync(file, yaml.dump(spec, { lineWidth: -1, noRefs: true }));
MEND
echo "spec: $spec_src/management/openapi.yaml (+ ../employer), copied and mended (M1-M7)"

# --- Prism: a validating mock, and a validating proxy in front of the test's WireMock Finch ---
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
start_prism() { # name args...: starts Prism in the background, waits (60 s at most) until it answers
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
mock_port="$(free_port)"; proxy_port="$(free_port)"; upstream_port="$(free_port)"
# The mock runs without --errors: it validates every request regardless, and --errors would also turn the
# spec's own example defects into 500s (its /introspect example has "manual": "false" for a boolean).
start_prism mock "$mock_port" mock "$spec"
start_prism proxy "$proxy_port" proxy --errors "$spec" "http://127.0.0.1:$upstream_port"
echo "prism $PRISM_VERSION: mock on :$mock_port, proxy --errors on :$proxy_port -> WireMock on :$upstream_port ($((SECONDS - started)) s)"

# --- the checks (Maven compiles what is missing; -am builds domain, whose tests the -Dtest filter skips) ---
reports=adapters-finch/target/surefire-reports
rm -f "$reports"/*"$test_class"*  # so a run that never reached the test cannot show an older run's results
status=0
timeout --kill-after=30 "$TIME_LIMIT" ./mvnw -B -q -pl adapters-finch -am test \
  -Dtest=FinchPrismCheckTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfinch.prism.mock="http://127.0.0.1:$mock_port" \
  -Dfinch.prism.proxy="http://127.0.0.1:$proxy_port" \
  -Dfinch.prism.upstream-port="$upstream_port" \
  -Dfinch.prism.spec="$spec" || status=$?

echo "validated:"
grep -h '^PRISM-CHECK ' "$reports/$test_class-output.txt" 2>/dev/null | sed 's/^PRISM-CHECK /  /' || true
if [ "$status" -ne 0 ]; then
  [ "$status" -eq 124 ] && echo "prism-finch: Maven ran out of its $TIME_LIMIT s" >&2
  echo "what Prism reported:" >&2
  for name in mock proxy; do
    echo "--- prism $name" >&2
    # (the readiness probe's `get /` matches no path: not news)
    grep -a -E '✖|VIOLATIONS|UNPROCESSABLE' "$work/$name.log" | grep -a -v 'get / ✖' | tail -40 >&2 || true
  done
  die "see above and $reports/$test_class.txt"
fi
report="$reports/TEST-$test_class.xml"
if ! grep -q 'tests="3"' "$report" || grep -q -E '(skipped|failures|errors)="[1-9]' "$report"; then
  die "FinchPrismCheckTest did not run its 3 tests; see $report"
fi
# every request sent to the mock is meant to be valid: any request violation in its log is a failure
if grep -a -q 'Request did not pass the validation rules' "$work/mock.log"; then
  grep -a -A3 'Request did not pass the validation rules' "$work/mock.log" >&2
  die "the mock saw an invalid request"
fi
echo "prism-finch: passed in $((SECONDS - started)) s"
