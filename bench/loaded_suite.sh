#!/usr/bin/env bash
# The whole suite (`make test`: SQLite, then PostgreSQL with Redis) several times in a row while
# two other processes keep both cores busy (stress-ng when Debian's package is installed, else
# two Python loops): a test whose verdict depends on the machine's speed fails here.
#   bench/loaded_suite.sh [RUNS]        # default 3
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
log_dir=$(mktemp -d "${TMPDIR:-/tmp}/loaded-suite.XXXXXX")
load_pids=()
if command -v stress-ng >/dev/null 2>&1; then
  stress-ng --cpu 2 --quiet & load_pids+=($!)
  load="stress-ng --cpu 2"
else
  for _ in 1 2; do python3 -c 'while True: pass' & load_pids+=($!); done
  load="two Python loops"
fi
trap 'kill "${load_pids[@]}" 2>/dev/null || true' EXIT
echo "loaded suite: $runs runs of make test while $load keep both cores busy (logs in $log_dir)"
failed=0
for run in $(seq "$runs"); do
  began=$(date +%s)
  if make test >"$log_dir/run-$run.log" 2>&1; then outcome=passed; else outcome=FAILED; failed=$((failed + 1)); fi
  summary=$(grep -E "^== SQLite: exit|[0-9]+ (passed|failed)" "$log_dir/run-$run.log" | tail -3 | tr '\n' ' ')
  echo "run $run: $outcome in $(( $(date +%s) - began )) s  ($summary)"
done
echo "runs failed: $failed of $runs"
[ "$failed" = 0 ]
