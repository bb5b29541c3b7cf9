#!/usr/bin/env bash
# Builds the ProtoWire libFuzzer target and runs it.
# Usage: Fuzz/run.sh [seconds]   (default 600). Corpus: Fuzz/corpus (gitignored).
set -euo pipefail

duration="${1:-600}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

swiftc -sanitize=fuzzer,address -parse-as-library -O \
    -module-name FuzzProtoWire \
    "$root"/Sources/ProtoWire/*.swift "$here"/FuzzMessages.swift "$here"/FuzzHarness.swift \
    -o "$here/fuzz-protowire"

mkdir -p "$here/corpus"
cd "$here"
exec ./fuzz-protowire corpus -max_total_time="$duration" -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
