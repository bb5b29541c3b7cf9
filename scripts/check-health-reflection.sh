#!/usr/bin/env bash
# Drives grpc-mini's health and reflection services over HTTP/2 with gRPC C-core's Python
# clients (grpcio, grpcio-health-checking, grpcio-reflection 1.85.1, from scripts/setup-grpcio.sh):
# Check, Watch through a status change and a graceful shutdown, reflection down to a dynamic call.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-grpcio.sh
swift build --product health-reflection-demo >/dev/null
.build/grpcio-venv/bin/python Tests/GRPCIOChecks/health_reflection.py "$(swift build --show-bin-path)/health-reflection-demo"
