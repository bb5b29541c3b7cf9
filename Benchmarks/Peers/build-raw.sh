#!/usr/bin/env bash
# Builds the raw floor (raw-server, raw-client) into $1 (default Benchmarks/.build/peers).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../.build/peers}"
mkdir -p "$out"
malloc="$here/../Sources/CMallocCounter"
gcc -O2 -Wall -Wno-format-truncation -DRAW_SERVER -o "$out/raw-server" "$here/raw/raw.c" -lpthread
gcc -O2 -Wall -Wno-format-truncation -I "$malloc/include" -o "$out/raw-client" "$here/raw/raw.c" "$malloc/MallocCounter.c"
