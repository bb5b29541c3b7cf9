#!/usr/bin/env bash
# Installs Python `h2` (a sans-I/O HTTP/2 stack, the hostile-peer suite's client) into a venv
# under .build; does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/h2-venv
version=4.4.1
if "$venv/bin/python" -c "import h2, sys; sys.exit(h2.__version__ != '$version')" 2>/dev/null; then
  exit 0
fi
mkdir -p .build
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "h2==$version"
