#!/usr/bin/env bash
# Ingestion through Redis and Celery workers into PostgreSQL, with 1, 2 and 4 worker processes.
#   bench/ingest_scale.sh [--docs 600] [--workers 1,2,4]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev >/dev/null
scripts/with-postgres.sh scripts/with-redis.sh .venv/bin/python bench/ingest_scale.py "$@"
