#!/usr/bin/env bash
# Installs Python protobuf (the reference runtime of the plugin's cross-check test) into a venv
# under .build; does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/venv.sh
version=6.33.6
ensure_venv .build/crosscheck-venv "import google.protobuf as p, sys; sys.exit(p.__version__ != '$version')" "protobuf==$version"
