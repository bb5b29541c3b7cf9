#!/usr/bin/env bash
# The whole test suite: installs what is missing, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/setup-crosscheck.sh
scripts/setup-h2.sh
scripts/setup-grpcio.sh
swift build --build-tests
scripts/generate-protos.sh --check
scripts/check-health-reflection.sh
swift test --skip-build
# Hostile and broken HTTP/2 peers against the server (raw frames from Python; under a minute).
.build/h2-venv/bin/python Tests/Hostile/hostile.py "$(swift build --show-bin-path)/hostile-test-server"
# gRPC's interop cases against gRPC C++ (C-core) both ways, and grpc-mini against itself.
Interop/run.sh --bin-path "$(swift build --show-bin-path)"
