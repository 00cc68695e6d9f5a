#!/usr/bin/env bash
# Load test on loopback only: gunicorn (production settings) on a throwaway PostgreSQL 15 with
# EVENTS generated events, driven by wrk for DURATION with a mix of timeline pages, htmx
# fragments, permalinks and searches. Prints requests/s, p50/p95/p99 latency and errors.
#   bench/load_test.sh                      # 100,000 events, 60 s, 5 workers, 16 connections
#   EVENTS=1000 DURATION=5s bench/load_test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev >/dev/null
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else echo "load_test: install wrk (apt-get install wrk)" >&2; exit 1; fi
fi
exec scripts/with-postgres.sh bash bench/_load_inner.sh
