#!/usr/bin/env bash
# Installs gRPC C-core for Python (grpcio, grpcio-health-checking, grpcio-reflection, protobuf)
# into a venv under .build, for the checks that drive a grpc-mini server with them; does
# nothing when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/grpcio-venv
grpc=1.85.1
protobuf=7.36.2
check="import sys, grpc, grpc_health, grpc_reflection
from importlib.metadata import version
sys.exit(not (all(version(p) == '$grpc' for p in ('grpcio', 'grpcio-health-checking', 'grpcio-reflection')) and version('protobuf') == '$protobuf'))"
if "$venv/bin/python" -c "$check" 2>/dev/null; then
  exit 0
fi
mkdir -p .build
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "grpcio==$grpc" "grpcio-health-checking==$grpc" "grpcio-reflection==$grpc" "protobuf==$protobuf"
