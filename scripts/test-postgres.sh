#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests (PATCHBAY_TEST_DATABASE_URL), on loopback, trusting local
# connections, in a temp folder.
#   scripts/test-postgres.sh install   installs Debian's postgresql package when it is missing (CI)
#   scripts/test-postgres.sh [start]   starts the cluster unless one answers; prints its URL, and
#                                      a second line `started` when this call started it
#   scripts/test-postgres.sh stop      stops the cluster this script started
set -euo pipefail
PORT="${PATCHBAY_TEST_PG_PORT:-54329}"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"
DATA="${TMPDIR:-/tmp}/patchbay-test-pg-${PORT}"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

run_as_pg() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

case "${1:-start}" in
  install)
    if [ -z "$BIN" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    ;;
  stop)
    if [ -n "$BIN" ] && [ -f "$DATA/postmaster.pid" ]; then
      run_as_pg "'$BIN/pg_ctl' -D '$DATA' -m immediate -w stop >/dev/null"
    fi
    rm -rf "$DATA"
    ;;
  start)
    if [ -z "$BIN" ]; then
      echo "test-postgres: PostgreSQL is not installed (scripts/test-postgres.sh install)" >&2
      exit 1
    fi
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
      echo "$URL"
      exit 0
    fi
    rm -rf "$DATA"
    mkdir -p "$DATA"
    if [ "$(id -u)" = "0" ]; then chown postgres "$DATA"; fi
    run_as_pg "'$BIN/initdb' -D '$DATA' -U postgres -A trust --no-sync -E UTF8 >/dev/null"
    # Short-lived test databases, three replicas per test: room for connections; no fsync.
    run_as_pg "'$BIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -o \"-h 127.0.0.1 -p $PORT -k '$DATA' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400\" start >/dev/null"
    echo "$URL"
    echo started
    ;;
  *)
    echo "usage: $0 [install|start|stop]" >&2
    exit 2
    ;;
esac
