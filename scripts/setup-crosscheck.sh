#!/usr/bin/env bash
# Installs Python protobuf (the reference runtime of the plugin's cross-check test) into a venv
# under .build; does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/crosscheck-venv
version=6.33.6
if "$venv/bin/python" -c "import google.protobuf as p, sys; sys.exit(p.__version__ != '$version')" 2>/dev/null; then
  exit 0
fi
mkdir -p .build
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "protobuf==$version"
