#!/usr/bin/env bash
# Browser check: the dashboard, driven in Debian's chromium by playwright-core, against the jar in demo
# mode (simulated Finch, anon and Invopop inside the process). Installs what it needs (chromium from
# Debian, playwright-core from npm into .ci/checks/browser/node_modules; no browser is ever downloaded),
# fails (never skips) when anything is missing, and always stops the app and cleans up.
# Screenshots: app/target/dashboard.png, dashboard-failed.png, dashboard-job.png, dashboard-charts.png,
# dashboard-overdue.png, dashboard-bookmark.png (dashboard-failure.png on failure).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=.ci/checks/browser

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing after the install" >&2; exit 1; }
chromium --version 2>/dev/null || true

echo "installing playwright-core (no browser download)"
(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

if [ ! -f app/target/jobtower.jar ]; then
  echo "building the jar"
  ./mvnw -B -q -DskipTests package
fi

work=$(mktemp -d)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
key="jt_browser_check_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
app_pid=""

cleanup() {
  status=$?
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$app_pid" 2>/dev/null || true
  fi
  # the embedded PostgreSQL is a child process: make sure it went with the app
  pidfile=$(find "$work" -name postmaster.pid 2>/dev/null | sed -n 1p)
  if [ -n "$pidfile" ]; then
    pg=$(head -1 "$pidfile")
    [ -n "$pg" ] && kill "$pg" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/app.log" ]; then
    echo "--- last lines of the app's log ---" >&2
    tail -40 "$work/app.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

echo "starting app/target/jobtower.jar in demo mode on port $port"
# overdue after 10 s (or half the p95 of their kind): demo jobs live seconds, so some are always overdue
JOBTOWER_OVERDUE_DEFAULT=10s JOBTOWER_OVERDUE_FACTOR=0.5 JOBTOWER_OVERDUE_SWEEP_INTERVAL=2s JOBTOWER_OVERDUE_INITIAL_DELAY=2s \
JOBTOWER_DEMO=true JOBTOWER_DEMO_API_KEY="$key" JOBTOWER_DATA_DIR="$work/data" MICRONAUT_SERVER_PORT="$port" \
  java -Xmx512m -jar app/target/jobtower.jar >"$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
  kill -0 "$app_pid" 2>/dev/null || { echo "FAIL: the app exited during startup" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "FAIL: /health did not answer within 60 s" >&2; exit 1; }

mkdir -p app/target
NODE_PATH="$root/$here/node_modules" node "$here/dashboard.js" "http://127.0.0.1:$port/" "$key" "$root/app/target"
