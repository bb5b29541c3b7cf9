#!/usr/bin/env bash
# The main job: installs what is missing, builds release, runs the demo, then the
# headline benchmark (pass --quick for a short run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product grpc-mini-demo
.build/release/grpc-mini-demo
Benchmarks/run.sh "$@"
