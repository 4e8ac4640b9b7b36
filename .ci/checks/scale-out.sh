#!/usr/bin/env bash
# Scale-out check: three Jobtower instances (the jar) on one external PostgreSQL (Debian's server, with a
# streaming replica) behind nginx (Debian's), under a bounded mixed load through nginx, with one instance
# killed with SIGKILL and restarted. The driver (scale-out/ScaleOutCheck.java, JDK only) asserts: no failed
# read, no acknowledged webhook lost, poll leases taken over within the lease time, the event stream
# resumed on another instance without a gap, the Finch request budget shared; and prints the figures.
# Installs what it needs from Debian (nginx, postgresql), fails (never skips) when it cannot, and always
# stops what it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

need_apt=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] && [ -x "$pg_bin/pg_basebackup" ] || need_apt+=(postgresql)
command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing from Debian: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$nginx_bin" ] || { echo "FAIL: nginx is missing after the install" >&2; exit 1; }
[ -x "$pg_bin/initdb" ] || { echo "FAIL: PostgreSQL's initdb is missing after the install" >&2; exit 1; }
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
"$nginx_bin" -v 2>&1
"$pg_bin/postgres" --version

if [ ! -f app/target/jobtower.jar ]; then
  echo "building the jar"
  ./mvnw -B -q -DskipTests package
fi

work=$(mktemp -d /tmp/jobtower-scale-out.XXXXXX)
chmod 755 "$work"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
as_pg() { runuser -u postgres -- "$@"; }
nginx_pid=""

cleanup() {
  status=$?
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  for d in "$work/replica" "$work/primary"; do
    [ -f "$d/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || true
  done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/app-*/app.log; do
      [ -f "$log" ] || continue
      echo "--- last lines of $log ---" >&2
      tail -30 "$log" >&2
    done
    [ -f "$work/nginx-error.log" ] && { echo "--- nginx errors ---" >&2; tail -20 "$work/nginx-error.log" >&2; }
    for d in primary replica; do
      [ -f "$work/pglog/$d.log" ] && { echo "--- PostgreSQL $d ---" >&2; tail -20 "$work/pglog/$d.log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# --- PostgreSQL: a primary and a streaming replica, password authentication on loopback only
pg_port=$(free_port)
replica_port=$(free_port)
db_password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
mkdir -p "$work/primary" "$work/replica" "$work/pglog" && chown postgres "$work/primary" "$work/replica" "$work/pglog" && chmod 700 "$work/replica"
printf '%s\n' "$db_password" > "$work/pwfile" && chown postgres "$work/pwfile" && chmod 600 "$work/pwfile"
as_pg "$pg_bin/initdb" -D "$work/primary" -U postgres --pwfile="$work/pwfile" -A scram-sha-256 -E UTF8 >/dev/null
cat >> "$work/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$work/primary'
max_connections = 200
wal_level = replica
max_wal_senders = 4
hot_standby = on
EOF
echo "host replication postgres 127.0.0.1/32 scram-sha-256" >> "$work/primary/pg_hba.conf"
as_pg "$pg_bin/pg_ctl" -D "$work/primary" -l "$work/pglog/primary.log" -w start >/dev/null
export PGPASSWORD="$db_password"
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'create database jobtower'
as_pg env PGPASSWORD="$db_password" "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$pg_port" -U postgres -D "$work/replica" -R -X stream >/dev/null
sed -i "s/^port = .*/port = $replica_port/; s|^unix_socket_directories = .*|unix_socket_directories = '$work/replica'|" "$work/replica/postgresql.conf"
as_pg "$pg_bin/pg_ctl" -D "$work/replica" -l "$work/pglog/replica.log" -w start >/dev/null
streaming=$(psql -X -At -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "select count(*) from pg_stat_replication where state = 'streaming'")
[ "$streaming" = 1 ] || { echo "FAIL: the replica is not streaming" >&2; exit 1; }
echo "PostgreSQL primary on $pg_port, streaming replica on $replica_port"

# --- nginx in front of three instances: idempotent requests retried on the next instance
ports=()
for _ in 1 2 3; do ports+=("$(free_port)"); done
lb_port=$(free_port)
stub_port=$(free_port)
mkdir -p "$work/nginx"
{
  echo "worker_processes 1; user root; daemon off; pid $work/nginx.pid; error_log $work/nginx-error.log warn;"
  echo "events { worker_connections 1024; }"
  echo "http {"
  echo "  access_log off;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $work/nginx/$t;"; done
  echo "  upstream jobtower {"
  for p in "${ports[@]}"; do echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"; done
  echo "    keepalive 32;"
  echo "  }"
  cat <<'EOF'
  server {
    listen 127.0.0.1:LB_PORT;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_connect_timeout 1s;
    # GET/HEAD (idempotent) are retried on the next instance after a refused or reset connection or a
    # 502/503; POSTs are not (nginx never retries a non-idempotent request once it was sent)
    proxy_next_upstream error timeout http_502 http_503;
    proxy_next_upstream_tries 3;
    add_header X-Upstream $upstream_addr always;
    location / {
      proxy_pass http://jobtower;
      proxy_read_timeout 30s;
    }
    location = /api/v1/jobs/events {
      proxy_pass http://jobtower;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
EOF
} | sed "s/LB_PORT/$lb_port/" > "$work/nginx.conf"
"$nginx_bin" -t -c "$work/nginx.conf" -p "$work" 2>&1 | tail -1
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!

java -cp app/target/jobtower.jar "$root/.ci/checks/scale-out/ScaleOutCheck.java" \
  --jar "$root/app/target/jobtower.jar" --work "$work" --ports "$(IFS=,; echo "${ports[*]}")" --lb "$lb_port" \
  --stub "$stub_port" --db-url "jdbc:postgresql://127.0.0.1:$pg_port/jobtower" --db-user postgres \
  --db-password "$db_password" --replica-url "jdbc:postgresql://127.0.0.1:$replica_port/jobtower"
