#!/usr/bin/env bash
# Ingest throughput on SQLite, then on a throwaway PostgreSQL 15.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev >/dev/null
.venv/bin/python bench/ingest_speed.py "$@"
scripts/with-postgres.sh .venv/bin/python bench/ingest_speed.py "$@"
