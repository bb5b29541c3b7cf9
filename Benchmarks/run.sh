#!/usr/bin/env bash
# Builds the benchmarks (release) and runs them.
#
#   Benchmarks/run.sh [--filter S] [--samples N] [--quick]   one whole run
#   RUNS=3 Benchmarks/run.sh [flags]                          3 whole runs, then their medians
#
# Each run's lines are kept in Benchmarks/.build/results/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")"

swift build -c release --scratch-path .build
bin="$(swift build -c release --scratch-path .build --show-bin-path)/ListStringsBench"

runs="${RUNS:-1}"
if [ "$runs" -le 1 ]; then
    echo "# loadavg before: $(cat /proc/loadavg 2>/dev/null || echo unknown)"
    exec "$bin" "$@"
fi

results=".build/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
files=()
for i in $(seq 1 "$runs"); do
    echo "# run $i of $runs; loadavg before: $(cat /proc/loadavg 2>/dev/null || echo unknown)"
    "$bin" "$@" | tee "$results/run$i.txt"
    files+=("$results/run$i.txt")
done
echo "# medians of $runs runs ($results)"
"$bin" --aggregate "${files[@]}" | tee "$results/medians.txt"
