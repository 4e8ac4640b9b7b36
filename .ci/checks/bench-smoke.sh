#!/usr/bin/env bash
# CI check: the benchmark's smoke run (bench/README.md). N = 10 000 jobs, two seconds of load per
# endpoint, a small ingestion, one startup each: it proves that bench/run still works end to end on a
# fresh machine (installs wrk/pgbench when missing, starts PostgreSQL, loads, loads the app, captures
# the SQL, runs pgbench, signs webhooks, stops everything). Its figures are printed, never asserted:
# CI machines are shared and two seconds of load say little. It fails when the script breaks (any
# step exiting non-zero, a non-2xx answer under load, a missing figure).
set -euo pipefail
cd "$(dirname "$0")/../.."
report=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$report" "$work"' EXIT
BENCH_WORK="$work" bash bench/run --smoke | tee "$report"
# every figure of the table must be there: an empty cell means a step silently produced nothing
if grep -E '^\| ' "$report" | grep -E '\|  *\|' >/dev/null; then
  echo "bench smoke: the results table has empty cells" >&2
  exit 1
fi
grep -q '^### Targets' "$report" || { echo "bench smoke: no results table" >&2; exit 1; }
echo "bench smoke: done (figures above are informative only)"
