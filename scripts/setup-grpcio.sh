#!/usr/bin/env bash
# Installs gRPC C-core for Python (grpcio, grpcio-health-checking, grpcio-reflection, protobuf)
# into a venv under .build, for the checks that drive a grpc-mini server with them; does
# nothing when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/venv.sh
grpc=1.85.1
protobuf=7.36.2
check="import sys, grpc, grpc_health, grpc_reflection
from importlib.metadata import version
sys.exit(not (all(version(p) == '$grpc' for p in ('grpcio', 'grpcio-health-checking', 'grpcio-reflection')) and version('protobuf') == '$protobuf'))"
ensure_venv .build/grpcio-venv "$check" \
  "grpcio==$grpc" "grpcio-health-checking==$grpc" "grpcio-reflection==$grpc" "protobuf==$protobuf"
