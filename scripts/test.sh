#!/usr/bin/env bash
# The whole test suite, twice: on SQLite, then on a throwaway PostgreSQL 15 with a throwaway Redis.
# Installs what is missing first (the virtualenv; Debian's chromium for the browser tests).
#   scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing Debian's chromium for the browser tests (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: the browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)" >&2
    exit 1
  fi
fi

unset DATABASE_URL DJANGO_ENV
echo "== tests on SQLite"
sqlite_status=0
.venv/bin/python -m pytest "$@" || sqlite_status=$?

echo "== tests on PostgreSQL 15, with Redis (results cache, and the task queue with Celery workers)"
postgres_status=0
scripts/with-postgres.sh scripts/with-redis.sh .venv/bin/python -m pytest "$@" || postgres_status=$?

echo "== SQLite: exit $sqlite_status, PostgreSQL: exit $postgres_status"
[ "$sqlite_status" = 0 ] && [ "$postgres_status" = 0 ]
