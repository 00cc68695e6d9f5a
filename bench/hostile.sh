#!/usr/bin/env bash
# Hostile requests against gunicorn (production settings) on a throwaway PostgreSQL 15 that
# records every statement's time (pg_stat_statements). See bench/hostile.py.
#   bench/hostile.sh [--requests 3000] [--threads 8] [--events 3000]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev >/dev/null
PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements" \
  exec scripts/with-postgres.sh .venv/bin/python bench/hostile.py "$@"
