#!/usr/bin/env bash
# Checks the Invopop adapter against Invopop's own spec with Prism:
#   - every request the adapter sends, against `prism mock` (an invalid request answers 422);
#   - the response fixtures the tests use, through `prism proxy --errors` (a body that breaks the spec answers 500).
# The checks themselves are InvopopPrismCheckTest, skipped in the normal build and run here with Prism's URLs.
#
# Prism: $PRISM if set, else `prism` on the PATH, else @stoplight/prism-cli installed into a temporary
# directory (npm install --prefix; nothing global). The spec: $INVOPOP_SPEC, else the copy the tests use.
# Usage: adapters-invopop/src/test/prism/check.sh   (from anywhere; needs node/npm, curl and the Maven wrapper)
set -euo pipefail

PRISM_VERSION="${PRISM_VERSION:-5.16.0}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="$(cd "$here/../../.." && pwd)"
root="$(cd "$module/.." && pwd)"
spec="${INVOPOP_SPEC:-$module/src/test/resources/invopop/spec/transform_v1.yaml}"
work="$(mktemp -d "${TMPDIR:-/tmp}/invopop-prism.XXXXXX")"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -z "${KEEP_PRISM_WORKDIR:-}" ]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT
# a TERM or INT (e.g. from a CI time limit) exits through cleanup too, so no Prism is left running
trap 'exit 143' TERM
trap 'exit 130' INT

if [ -n "${PRISM:-}" ]; then
  prism="$PRISM"
elif command -v prism >/dev/null 2>&1; then
  prism="$(command -v prism)"
else
  command -v npm >/dev/null 2>&1 || { echo "npm is not installed: cannot install Prism" >&2; exit 1; }
  echo "installing @stoplight/prism-cli@$PRISM_VERSION into $work/npm" >&2
  # SCARF_ANALYTICS=false: one of Prism's dependencies reports installs to a third party unless told not to
  SCARF_ANALYTICS=false npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >&2
  prism="$work/npm/node_modules/.bin/prism"
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_for() { # url log: up to 60 s for Prism to listen
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "$1"; then
      return 0
    fi
    sleep 0.5
  done
  echo "Prism did not start; its log:" >&2
  cat "$2" >&2
  return 1
}

mock_port="$(free_port)"
proxy_port="$(free_port)"
upstream_port="$(free_port)"

"$prism" mock -h 127.0.0.1 -p "$mock_port" "$spec" >"$work/mock.log" 2>&1 &
pids+=("$!")
"$prism" proxy --errors -h 127.0.0.1 -p "$proxy_port" "$spec" "http://127.0.0.1:$upstream_port" >"$work/proxy.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$mock_port/" "$work/mock.log"
wait_for "http://127.0.0.1:$proxy_port/" "$work/proxy.log"

# so a run that never reached the test cannot show an older run's results
rm -f "$module"/target/surefire-reports/*dev.jobtower.adapters.invopop.InvopopPrismCheckTest*
status=0
(cd "$root" && ./mvnw -B -q -pl adapters-invopop -am test \
  -Dtest=InvopopPrismCheckTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dinvopop.prism.mock="http://127.0.0.1:$mock_port" \
  -Dinvopop.prism.proxy="http://127.0.0.1:$proxy_port" \
  -Dinvopop.prism.upstream-port="$upstream_port") || status=$?

report="$module/target/surefire-reports/TEST-dev.jobtower.adapters.invopop.InvopopPrismCheckTest.xml"
echo "validated:"
grep -h '^PRISM-CHECK ' "$module/target/surefire-reports/dev.jobtower.adapters.invopop.InvopopPrismCheckTest-output.txt" \
  2>/dev/null | sed 's/^PRISM-CHECK /  /' || true
if [ "$status" -ne 0 ]; then
  echo "Prism check FAILED. What Prism reported (the seed page and REFERENCE.md 3.8a are expected to break the spec):" >&2
  for log in "$work/mock.log" "$work/proxy.log"; do
    echo "--- $(basename "$log")" >&2
    grep -a -E "error|Violation|422|500" "$log" | tail -40 >&2 || true
  done
  exit "$status"
fi
if ! grep -q 'tests="2"' "$report" || grep -q -E '(skipped|failures|errors)="[1-9]' "$report"; then
  echo "Prism check did not run its 2 tests; see $report" >&2
  exit 1
fi
echo "Prism check passed: the adapter's requests and the fixtures conform to $(basename "$spec")."
