#!/usr/bin/env bash
# Run a command against a throwaway Redis: start redis-server on a free loopback port with no
# persistence, export REDIS_URL, run the command, stop the server, delete its folder.
#   scripts/with-redis.sh .venv/bin/python -m pytest
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "with-redis: installing redis-server (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "with-redis: redis-server is not installed (apt-get install redis-server)" >&2
    exit 1
  fi
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/timeline-redis.XXXXXX")
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --dir "$workdir" --save "" --appendonly no \
  --daemonize yes --pidfile "$workdir/redis.pid" --logfile "$workdir/redis.log"

cleanup() {
  [ -f "$workdir/redis.pid" ] && kill "$(cat "$workdir/redis.pid")" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT

for _ in $(seq 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "with-redis: Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port"
export REDIS_URL="redis://127.0.0.1:$port/0"
# what a command needs to stop this server and start it again (bench/faults.py)
export REDIS_DIR="$workdir" REDIS_PORT="$port"
status=0
"$@" || status=$?
exit $status
