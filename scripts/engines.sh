#!/usr/bin/env bash
# Starts the scale-out engines the engine tests run against, and writes where
# they listen to a JSON file the tests read ($ROILENS_ENGINES_FILE, default
# $ROILENS_ENGINES_DIR/engines.json). Safe to run again: whatever already runs
# is kept.
#
#   - ClickHouse (Debian's clickhouse-server, installed when missing): three
#     servers under $ROILENS_ENGINES_DIR, each with its own ports and data
#     folder: "single" for setup 1, "shard1" + "shard2" for setup 2 (both carry
#     a remote_servers cluster `roilens_two_shards` over the two of them).
#   - a current ClickHouse release ("current": chDB, npm `chdb`, installed into
#     scripts/node_modules on first use, behind the HTTP interface by
#     scripts/clickhouse-current.mjs), since Debian ships only 18.16.
#   - PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`), started with
#     pg_ctlcluster when down.
#   - NATS (JetStream) on 127.0.0.1:4222, started when down.
#
# `scripts/engines.sh stop` stops the ClickHouse servers this script started.
set -euo pipefail

dir="${ROILENS_ENGINES_DIR:-${TMPDIR:-/tmp}/roilens-engines}"
out="${ROILENS_ENGINES_FILE:-$dir/engines.json}"
# name http_port tcp_port interserver_port
servers=("single 18123 19000 19009" "shard1 18124 19001 19010" "shard2 18125 19002 19011")

log() { echo "engines: $*" >&2; }

ch_alive() { curl -fsS --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" >/dev/null 2>&1; }

stop_all() {
  for s in "${servers[@]}"; do
    read -r name _ <<<"$s"
    pidfile="$dir/$name/server.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      kill "$(cat "$pidfile")" && log "stopped clickhouse $name"
    fi
    rm -f "$pidfile"
  done
  if [ -f "$dir/current.pid" ] && kill -0 "$(cat "$dir/current.pid")" 2>/dev/null; then
    kill "$(cat "$dir/current.pid")" && log "stopped clickhouse current"
  fi
  rm -f "$dir/current.pid"
}

if [ "${1:-}" = stop ]; then stop_all; exit 0; fi

# ---- ClickHouse ----
if ! command -v clickhouse-server >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then log "please install clickhouse-server (apt-get install clickhouse-server)"; exit 1; fi
  log "installing clickhouse-server"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server >/dev/null
fi

cluster_xml() {
  local shard1 shard2
  read -r _ _ shard1 _ <<<"${servers[1]}"
  read -r _ _ shard2 _ <<<"${servers[2]}"
  cat <<EOF
    <remote_servers>
      <roilens_two_shards>
        <shard><replica><host>127.0.0.1</host><port>$shard1</port></replica></shard>
        <shard><replica><host>127.0.0.1</host><port>$shard2</port></replica></shard>
      </roilens_two_shards>
    </remote_servers>
EOF
}

write_config() { # name http tcp interserver
  local home="$dir/$1"
  mkdir -p "$home/data" "$home/tmp" "$home/user_files" "$home/log"
  cat >"$home/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$home/log/server.log</log><errorlog>$home/log/server.err.log</errorlog><size>100M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$2</http_port>
  <tcp_port>$3</tcp_port>
  <interserver_http_port>$4</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$home/data/</path>
  <tmp_path>$home/tmp/</tmp_path>
  <user_files_path>$home/user_files/</user_files_path>
  <users_config>$home/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
$(cluster_xml)
</yandex>
EOF
  cat >"$home/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><load_balancing>in_order</load_balancing></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
}

mkdir -p "$dir"
for s in "${servers[@]}"; do
  read -r name http tcp inter <<<"$s"
  if ch_alive "$http"; then continue; fi
  write_config "$name" "$http" "$tcp" "$inter"
  log "starting clickhouse $name (http $http, tcp $tcp)"
  # The server runs detached from this shell (setsid) so the test run that follows can use it.
  setsid clickhouse-server --config-file="$dir/$name/config.xml" >>"$dir/$name/log/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/$name/server.pid"
done
for s in "${servers[@]}"; do
  read -r name http _ <<<"$s"
  for _ in $(seq 1 120); do ch_alive "$http" && break; sleep 0.5; done
  ch_alive "$http" || { log "clickhouse $name did not start; see $dir/$name/log"; tail -20 "$dir/$name/log/server.err.log" >&2 || true; exit 1; }
done

# ---- current ClickHouse (chDB) ----
current_http=18126
# A chDB process that is alive but busy (a long query under load) misses the 2 s check: it is not
# restarted, and its data is never deleted under it.
current_running() { [ -f "$dir/current.pid" ] && kill -0 "$(cat "$dir/current.pid")" 2>/dev/null; }
if ! ch_alive "$current_http" && ! current_running; then
  # chDB (about 540 MB, and built for only some platforms) is no dependency of the package, so
  # `npm ci` stays small and works everywhere; the engine tests install it beside the script once.
  scripts_dir="$(dirname "$0")"
  if [ ! -d "$scripts_dir/node_modules/chdb" ] && [ ! -d "$scripts_dir/../node_modules/chdb" ]; then
    log "installing chdb 3.4.0 into $scripts_dir/node_modules (once)"
    npm install --prefix "$scripts_dir" --no-save --no-package-lock --no-audit --no-fund chdb@3.4.0 >&2
  fi
  log "starting clickhouse current (chDB, http $current_http)"
  rm -rf "$dir/current" && mkdir -p "$dir/current"
  setsid node "$(dirname "$0")/clickhouse-current.mjs" --port "$current_http" --path "$dir/current/data" >>"$dir/current/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/current.pid"
  for _ in $(seq 1 120); do ch_alive "$current_http" && break; sleep 0.5; done
  ch_alive "$current_http" || { log "clickhouse current did not start; see $dir/current/stdout.log"; tail -20 "$dir/current/stdout.log" >&2 || true; exit 1; }
fi

# ---- PostgreSQL ----
pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
if ! pg_ready; then
  log "starting postgresql"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
  pg_ready || { log "postgresql did not start on 127.0.0.1:5432"; exit 1; }
fi
if ! psql -h 127.0.0.1 -U postgres -d test -Atc 'SELECT 1' >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -d postgres -Atc 'CREATE DATABASE test' >/dev/null
fi

# ---- NATS ----
nats_alive() { (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; }
if ! nats_alive; then
  log "starting nats-server"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  for _ in $(seq 1 40); do nats_alive && break; sleep 0.25; done
  nats_alive || { log "nats-server did not start on 127.0.0.1:4222"; exit 1; }
fi

port() { local name http; for s in "${servers[@]}"; do read -r name http _ <<<"$s"; [ "$name" = "$1" ] && echo "$http"; done; }
mkdir -p "$(dirname "$out")"
cat >"$out.tmp" <<EOF
{
  "postgres": { "url": "postgres://postgres@127.0.0.1:5432/test" },
  "nats": { "url": "nats://127.0.0.1:4222" },
  "clickhouse": {
    "single": { "url": "http://127.0.0.1:$(port single)" },
    "current": { "url": "http://127.0.0.1:$current_http" },
    "cluster": {
      "url": "http://127.0.0.1:$(port shard1)",
      "name": "roilens_two_shards",
      "shards": ["http://127.0.0.1:$(port shard1)", "http://127.0.0.1:$(port shard2)"]
    }
  }
}
EOF
mv "$out.tmp" "$out"
log "ready: $out"
