#!/usr/bin/env bash
# The main job: installs what is missing, builds `fanout` (release), and runs the fan-out demo
# (scripts/fanout-demo.sh): two backends in their own processes (TCP, Unix socket), a proxy that
# fans each call out to them and to a backend in its own process, a client that calls it, and the
# time of the same call through each channel kind. Under a minute after the build; leaves no
# process or socket file behind, also on Ctrl-C.
#
#   scripts/demo.sh [--calls N]
#
# The benchmark is Benchmarks/run.sh (see BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product fanout
exec scripts/fanout-demo.sh "$(swift build -c release --show-bin-path)/fanout" "$@"
