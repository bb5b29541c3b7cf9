#!/usr/bin/env bash
# The whole test suite: installs what is missing, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/setup-crosscheck.sh
scripts/setup-grpcio.sh
swift build --build-tests
scripts/generate-protos.sh --check
scripts/check-health-reflection.sh
swift test --skip-build
