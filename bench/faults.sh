#!/usr/bin/env bash
# Faults and hostile load on gunicorn (production settings) with a throwaway PostgreSQL 15 and
# Redis: 8 clients hammering expensive pages beside a probe, Redis down, PostgreSQL down,
# parallel full exports (PostgreSQL stopped during some), the queue through an outage.
# See bench/faults.py.
#   bench/faults.sh [--events 20000] [--export-events 100000] [--seconds 30] [--skip queue]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev >/dev/null
exec scripts/with-postgres.sh scripts/with-redis.sh .venv/bin/python bench/faults.py "$@"
