#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15: initdb in a temporary folder, start it on
# a free loopback port, export DATABASE_URL, run the command, stop the server, delete the folder.
#   scripts/with-postgres.sh .venv/bin/python -m pytest
# PG_SERVER_OPTIONS adds server settings, e.g. "-c shared_preload_libraries=pg_stat_statements".
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

if [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "with-postgres: installing PostgreSQL 15 (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "with-postgres: PostgreSQL 15 is not installed at $PGBIN; install postgresql-15 or set PGBIN" >&2
    exit 1
  fi
fi

run_as_owner() {
  # PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

workdir=$(mktemp -d "${TMPDIR:-/tmp}/timeline-pg.XXXXXX")
[ "$(id -u)" = 0 ] && chown postgres: "$workdir"
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  run_as_owner "$PGBIN/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

run_as_owner "$PGBIN/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability settings off: this cluster lives for one test run.
options="-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_SERVER_OPTIONS:-}"
run_as_owner "$PGBIN/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -s -o "$options" start
# what a command needs to stop and start this server again (bench/faults.py):
#   pg_ctl -D "$PG_DATA" -o "$PG_OPTIONS" ... (as the postgres user when root)
export PG_DATA="$workdir/data" PG_OPTIONS="$options" PG_LOG="$workdir/server.log" PGBIN
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $workdir)"

run_as_owner "$PGBIN/../bin/createdb" -h 127.0.0.1 -p "$port" -U postgres timeline 2>/dev/null \
  || run_as_owner /usr/bin/createdb -h 127.0.0.1 -p "$port" -U postgres timeline
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/timeline"
status=0
"$@" || status=$?
exit $status
