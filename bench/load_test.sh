#!/usr/bin/env bash
# Load test on loopback only: gunicorn (production settings) on a throwaway PostgreSQL 15 with
# EVENTS generated events, driven by wrk for DURATION with a mix of timeline pages, htmx
# fragments, permalinks and searches. Prints requests/s, p50/p95/p99 latency and errors.
#   bench/load_test.sh                      # 100,000 events, 60 s, 5 workers, 16 connections
#   EVENTS=1000 DURATION=5s bench/load_test.sh
#   DURATION=30s bench/load_test.sh --before 26f96a1   # that commit, then this tree, one after the
#                                                      # other, and the ratio of their requests/s
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --before ]; then
  before=${2:?--before needs a commit}
  tree=$(mktemp -d "${TMPDIR:-/tmp}/load-before.XXXXXX")
  logs=$(mktemp -d "${TMPDIR:-/tmp}/load-logs.XXXXXX")
  trap 'rm -rf "$tree" "$logs"' EXIT
  git archive "$before" | tar -x -C "$tree"
  scripts/bootstrap.sh dev >/dev/null
  ln -s "$PWD/.venv" "$tree/.venv"  # the same packages: only the code differs
  echo "== $before"
  (cd "$tree" && bash bench/load_test.sh) | tee "$logs/before.txt"
  echo "== this tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', with changes'))"
  bash bench/load_test.sh | tee "$logs/now.txt"
  rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
  awk -v a="$(rps "$logs/before.txt")" -v b="$(rps "$logs/now.txt")" -v c="$before" \
    'BEGIN { printf "requests/s: %s at %s, %s now: %.2fx\n", a, c, b, b / a }'
  exit 0
fi
scripts/bootstrap.sh dev >/dev/null
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else echo "load_test: install wrk (apt-get install wrk)" >&2; exit 1; fi
fi
exec scripts/with-postgres.sh bash bench/_load_inner.sh
