#!/usr/bin/env bash
# CI check: Jobtower's own /openapi.yml, used the way a client team uses it.
#
#   1. starts the jar (embedded PostgreSQL in a temp data dir, demo mode so the vendors are the built-in
#      simulators) and downloads the document it serves at /openapi.yml;
#   2. lints it with Redocly's recommended rules (.ci/openapi-client/redocly.yaml: 0 errors, 0 warnings;
#      each rule switched off there says why);
#   3. generates a TypeScript client from it (openapi-typescript types + openapi-fetch) and type-checks
#      tour.ts, the README's tour written against that client (tsc --noEmit): a parameter or field the
#      tour uses and the document lacks fails here;
#   4. controls (controls.cjs): Prism's own validator must reject a wrong body for every JSON answer declared,
#      since Prism passes an answer unchecked when it cannot compile its schema;
#   5. runs the tour against the jar through `prism proxy --errors`, which validates every request and every
#      answer (errors included) against the document: an answer that breaks it becomes a 500 and fails
#      the tour; any violation in Prism's log fails the check too.
#
# npm tools are pinned in .ci/openapi-client/package-lock.json and installed with `npm ci`; the check fails
# (never skips) when it cannot install them, build the jar or start anything. Needs node, npm, curl, a JDK.
# Run from anywhere: bash .ci/checks/openapi-client.sh. OPENAPI_CHECK_DOCUMENT=<file> lints and runs the
# tour against that file instead of the served document (to show the check failing on an edited copy).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
here=.ci/openapi-client
started=$SECONDS

die() { echo "openapi-client: FAILED: $*" >&2; exit 1; }
for tool in node npm curl java timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed; this check needs it (it does not skip)"
done

echo "installing the pinned npm tools (npm ci in $here)"
(cd "$here" && SCARF_ANALYTICS=false timeout 300 npm ci --no-audit --no-fund --loglevel=error) \
  || die "npm could not install the tools pinned in $here/package-lock.json"
bin="$root/$here/node_modules/.bin"

if [ ! -f app/target/jobtower.jar ]; then
  echo "building the jar"
  ./mvnw -B -q -DskipTests package || die "could not build app/target/jobtower.jar"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/openapi-client.XXXXXX")"
app_pid=""
prism_pid=""
cleanup() {
  local status=$?
  for pid in "$prism_pid" "$app_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  # the embedded PostgreSQL is a child process: make sure it went with the app
  local pidfile
  pidfile=$(find "$work" -name postmaster.pid 2>/dev/null | sed -n 1p)
  if [ -n "$pidfile" ]; then
    local pg
    pg=$(head -1 "$pidfile")
    [ -n "$pg" ] && kill "$pg" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    [ -f "$work/app.log" ] && { echo "--- last lines of the app's log ---" >&2; tail -30 "$work/app.log" >&2; }
    [ -f "$work/prism.log" ] && { echo "--- what Prism reported ---" >&2; grep -a -E '✖|VIOLATION|UNPROCESSABLE|error' "$work/prism.log" | tail -40 >&2 || true; }
  fi
  [ -n "${KEEP_OPENAPI_WORKDIR:-}" ] || rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
app_port="$(free_port)"
prism_port="$(free_port)"
admin_token="openapi-check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

echo "starting app/target/jobtower.jar (demo mode, embedded PostgreSQL in $work/data) on port $app_port"
JOBTOWER_DEMO=true JOBTOWER_DEMO_MAX_JOBS=0 JOBTOWER_ADMIN_TOKEN="$admin_token" JOBTOWER_DATA_DIR="$work/data" \
  MICRONAUT_SERVER_PORT="$app_port" java -Xmx384m -jar app/target/jobtower.jar >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$app_port/health" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || die "the app exited during startup"
  sleep 0.5
done
curl -sf "http://127.0.0.1:$app_port/health" >/dev/null || die "/health did not answer within 60 s"

mkdir -p "$here/build"
document="$root/$here/build/openapi.yml"
if [ -n "${OPENAPI_CHECK_DOCUMENT:-}" ]; then
  cp "$OPENAPI_CHECK_DOCUMENT" "$document"
  echo "document: $OPENAPI_CHECK_DOCUMENT (OPENAPI_CHECK_DOCUMENT), not the served one"
else
  curl -sf "http://127.0.0.1:$app_port/openapi.yml" -o "$document" || die "GET /openapi.yml failed"
  echo "document: GET /openapi.yml ($(wc -c <"$document") bytes)"
fi

echo "--- lint (Redocly recommended, $here/redocly.yaml)"
(cd "$here" && "$bin/redocly" lint --config redocly.yaml --max-problems 200 build/openapi.yml) >"$work/lint.log" 2>&1 \
  || { grep -v '^\s*$' "$work/lint.log" | grep -v '║\|╔\|╚' >&2; die "Redocly found errors"; }
grep -q -E 'Woohoo! Your API description is valid' "$work/lint.log" || { cat "$work/lint.log" >&2; die "no lint verdict"; }
if grep -q -E 'You have [0-9]+ warnings?' "$work/lint.log"; then
  grep -v '║\|╔\|╚' "$work/lint.log" >&2
  die "Redocly found warnings (fix them, or switch the rule off in redocly.yaml with a one-line reason)"
fi
echo "0 errors, 0 warnings"

echo "--- client: openapi-typescript + openapi-fetch; tsc --noEmit on tour.ts"
(cd "$here" && "$bin/openapi-typescript" build/openapi.yml -o build/jobtower.d.ts) >"$work/generate.log" 2>&1 \
  || { cat "$work/generate.log" >&2; die "openapi-typescript could not generate the client types"; }
(cd "$here" && "$bin/tsc" --noEmit -p .) || die "tour.ts does not type-check against the generated client"
(cd "$here" && "$bin/tsc" -p . --outDir build/js) || die "tour.ts did not compile"

echo "--- controls: Prism must reject a wrong body for every JSON answer (a schema it cannot compile passes all)"
(cd "$here" && NODE_PATH="$root/$here/node_modules" node controls.cjs build/openapi.yml) \
  || die "Prism would not validate some answers of the document"

echo "--- the tour through prism proxy --errors on port $prism_port"
"$bin/prism" proxy --errors "$document" "http://127.0.0.1:$app_port" -h 127.0.0.1 -p "$prism_port" >"$work/prism.log" 2>&1 &
prism_pid=$!
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$prism_port/health" && break
  kill -0 "$prism_pid" 2>/dev/null || { cat "$work/prism.log" >&2; die "Prism exited during startup"; }
  sleep 0.5
done
(cd "$here" && timeout 120 node build/js/tour.js "http://127.0.0.1:$prism_port" "$admin_token") \
  || die "the tour failed (an answer broke the document, or an assertion failed)"
# every exchange of the tour is meant to match the document: any violation Prism logged is a failure
if grep -a -q -E 'Violation|VIOLATION|did not pass the validation' "$work/prism.log"; then
  grep -a -B1 -A4 -E 'Violation|VIOLATION|did not pass the validation' "$work/prism.log" >&2
  die "Prism saw a request or an answer that breaks the document"
fi
exchanges=$(grep -a -c -E 'Forwarding "[a-z]+" request' "$work/prism.log" || true)
[ "${exchanges:-0}" -ge 30 ] || { tail -40 "$work/prism.log" >&2; die "Prism forwarded only ${exchanges:-0} requests: was it validating?"; }
echo "Prism validated $exchanges exchanges, no violations"
echo "openapi-client: passed in $((SECONDS - started)) s"
