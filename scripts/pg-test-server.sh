#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the SQL tests (test/sql/*.postgres.test.ts).
#
#   eval "$(scripts/pg-test-server.sh start)"   # initdb + start; prints PGHOST/PGPORT/PGUSER/PGDATABASE exports
#   scripts/pg-test-server.sh env               # the same exports for a running cluster
#   scripts/pg-test-server.sh status            # exit 0 when the cluster answers
#   scripts/pg-test-server.sh stop              # stop it and delete its directory
#
# The server listens on a Unix socket in its own directory only (listen_addresses = '', no TCP port,
# not even on loopback) and trusts local connections: it holds nothing but test data and lives for
# one test run. Run as root (CI containers), initdb and postgres run as the `postgres` system user
# (created when missing) through runuser, since PostgreSQL refuses to run as root.
#
# Settings (environment): PG_TEST_DIR (default /tmp/crm-analytics-pg), PG_TEST_PORT (socket number,
# default 54329), PG_BIN (default: the newest /usr/lib/postgresql/*/bin, else pg_ctl on PATH).
set -euo pipefail

DIR="${PG_TEST_DIR:-/tmp/crm-analytics-pg}"
PORT="${PG_TEST_PORT:-54329}"
DATA="$DIR/data"
SOCKET="$DIR/socket"
LOG="$DIR/server.log"
DB_USER="postgres"

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    echo "$PG_BIN"
    return
  fi
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$newest" && -x "$newest/pg_ctl" ]]; then
    echo "$newest"
  elif command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
  else
    echo "pg-test-server: no PostgreSQL server binaries found (install postgresql, or set PG_BIN)" >&2
    exit 1
  fi
}

BIN="$(find_bin)"

# Runs a command as the cluster owner: the postgres system user when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

print_env() {
  echo "export PGHOST='$SOCKET'"
  echo "export PGPORT='$PORT'"
  echo "export PGUSER='$DB_USER'"
  echo "export PGDATABASE='postgres'"
}

is_up() {
  "$BIN/pg_isready" -q -h "$SOCKET" -p "$PORT" >/dev/null 2>&1
}

start() {
  if is_up; then
    print_env
    return
  fi
  if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  rm -rf "$DIR"
  mkdir -p "$DATA" "$SOCKET"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown -R postgres: "$DIR"
  fi
  chmod 700 "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --no-sync >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    exit 1
  }
  # Throwaway cluster: no fsync, no TCP.
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$SOCKET' -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || {
    cat "$LOG" >&2
    exit 1
  }
  print_env
}

stop() {
  if [[ -d "$DATA" ]]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  status) is_up ;;
  *)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
