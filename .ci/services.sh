#!/usr/bin/env bash
# The servers the store tests need: Redis and PostgreSQL on 127.0.0.1, with their data in a throwaway folder.
#
#   .ci/services.sh install   apt-get install redis-server and postgresql if they are missing (needs root)
#   .ci/services.sh start     start both (does nothing for one already running) and print, on stdout, the
#                             export lines the tests read:  eval "$(.ci/services.sh start)"
#   .ci/services.sh env       print those export lines again
#   .ci/services.sh stop      stop both and delete their data
#
# Ports: 6379 and 5432, or the next free one when something else already listens there (PHB_REDIS_PORT and
# PHB_PG_PORT force a port). Data: $PHB_SERVICES_DIR, default /tmp/phb-test-services. Run as root, PostgreSQL
# runs as the postgres user (initdb refuses root); run as anyone else, both run as you.
set -euo pipefail

STATE=${PHB_SERVICES_DIR:-${TMPDIR:-/tmp}/phb-test-services}
PG_USER=phb
PG_PASSWORD=phb-test-password
PG_DB=phb_test

say() { echo "services: $*" >&2; }
die() {
  say "$*"
  exit 1
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $dir && -x $dir/initdb ]]; then echo "$dir"; fi
}

# Runs a command as the postgres user when we are root (initdb and postgres refuse to run as root).
as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_busy() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints $2 (a forced port) or the first free port from $1 on.
pick_port() {
  local port=$1 forced=${2:-}
  if [[ -n $forced ]]; then
    port_busy "$forced" && die "port $forced (forced) is already in use"
    echo "$forced"
    return
  fi
  while port_busy "$port"; do
    port=$((port + 1))
    ((port < $1 + 10)) || die "no free port in $1..$((port - 1))"
  done
  echo "$port"
}

redis_port() { cat "$STATE/redis/port" 2>/dev/null || true; }
pg_port() { cat "$STATE/pg/port" 2>/dev/null || true; }

redis_running() {
  local port
  port=$(redis_port)
  [[ -n $port ]] && redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG
}

pg_running() {
  local bin
  bin=$(pg_bin)
  [[ -n $bin && -f $STATE/pg/data/PG_VERSION ]] && as_pg "$bin/pg_ctl" status -D "$STATE/pg/data" >/dev/null 2>&1
}

print_env() {
  [[ -n $(redis_port) && -n $(pg_port) ]] || die "not started: run .ci/services.sh start"
  echo "export TEST_REDIS_URL=redis://127.0.0.1:$(redis_port)"
  echo "export TEST_POSTGRES_URL=postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$(pg_port)/$PG_DB"
}

install() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  [[ -n $(pg_bin) ]] || missing+=(postgresql)
  if ((${#missing[@]} == 0)); then
    say "redis-server and postgresql are installed"
    return
  fi
  [[ $(id -u) == 0 ]] || die "missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}' (or this script as root)"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local log
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "could not install ${missing[*]} (apt-get's output above)"
  fi
  rm -f "$log"
}

start_redis() {
  if redis_running; then
    say "Redis already running on 127.0.0.1:$(redis_port)"
    return
  fi
  command -v redis-server >/dev/null || die "redis-server is not installed: run .ci/services.sh install"
  local port
  port=$(pick_port 6379 "${PHB_REDIS_PORT:-}")
  mkdir -p "$STATE/redis"
  redis-server --daemonize yes --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$STATE/redis" --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log"
  echo "$port" >"$STATE/redis/port"
  for _ in $(seq 100); do
    if redis_running; then
      say "Redis on 127.0.0.1:$port"
      return
    fi
    sleep 0.1
  done
  cat "$STATE/redis/redis.log" >&2 || true
  die "Redis did not start (log above)"
}

start_pg() {
  if pg_running; then
    say "PostgreSQL already running on 127.0.0.1:$(pg_port)"
    return
  fi
  local bin port
  bin=$(pg_bin)
  [[ -n $bin ]] || die "PostgreSQL is not installed: run .ci/services.sh install"
  port=$(pick_port 5432 "${PHB_PG_PORT:-}")
  local fresh=false
  mkdir -p "$STATE/pg"
  if [[ ! -f $STATE/pg/data/PG_VERSION ]]; then
    fresh=true
    rm -rf "$STATE/pg/data"
    if [[ $(id -u) == 0 ]]; then chown postgres: "$STATE/pg"; fi
    as_pg "$bin/initdb" -D "$STATE/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C >"$STATE/pg/initdb.log" 2>&1 ||
      die "initdb failed: $(tail -n 3 "$STATE/pg/initdb.log" | tr '\n' ' ')"
  fi
  # A test server: nothing here needs to survive a crash, so skip the fsyncs.
  as_pg "$bin/pg_ctl" start -D "$STATE/pg/data" -l "$STATE/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $STATE/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || {
    tail -n 20 "$STATE/pg/server.log" >&2 || true
    die "PostgreSQL did not start (log above)"
  }
  echo "$port" >"$STATE/pg/port"
  if $fresh; then
    as_pg "$bin/psql" -q -h "$STATE/pg" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" \
      -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null
  fi
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, database $PG_DB, user $PG_USER"
}

stop_redis() {
  local pid
  pid=$(cat "$STATE/redis/redis.pid" 2>/dev/null || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    say "Redis stopped"
  fi
  rm -rf "$STATE/redis"
}

stop_pg() {
  local bin
  bin=$(pg_bin)
  if pg_running; then
    as_pg "$bin/pg_ctl" stop -D "$STATE/pg/data" -m fast -w -t 60 >/dev/null
    say "PostgreSQL stopped"
  fi
  rm -rf "$STATE/pg"
}

case ${1:-} in
  install) install ;;
  start)
    mkdir -p "$STATE"
    # The postgres user must reach its data folder inside (mktemp -d makes folders only their owner can enter).
    if [[ $(id -u) == 0 ]]; then chmod a+rx "$STATE"; fi
    start_redis
    start_pg
    print_env
    ;;
  env) print_env ;;
  stop)
    stop_redis
    stop_pg
    rmdir "$STATE" 2>/dev/null || true
    ;;
  *) die "usage: $0 install|start|env|stop" ;;
esac
