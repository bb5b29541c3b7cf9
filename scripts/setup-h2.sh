#!/usr/bin/env bash
# Installs Python `h2` (a sans-I/O HTTP/2 stack, the hostile-peer suite's client) into a venv
# under .build; does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/venv.sh
version=4.4.1
ensure_venv .build/h2-venv "import h2, sys; sys.exit(h2.__version__ != '$version')" "h2==$version"
