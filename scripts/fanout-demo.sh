#!/usr/bin/env bash
# The fan-out demo (the seed's scenario), on an already built `fanout` (scripts/demo.sh builds it):
# two backends in their own processes, one over TCP and one over a Unix socket, and a proxy with
# those two and a third backend in its own process; a client calls the proxy, then times the same
# generated client against one backend through each channel kind. Every process and socket file it
# made is gone when it ends, also after Ctrl-C. Last, a second proxy, started with --partial, over
# one backend that works and one that is down.
#
#   scripts/fanout-demo.sh [BIN] [--calls N]     (BIN: default .build/release/fanout)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/fanout
calls=20
while [ $# -gt 0 ]; do
    case "$1" in
        --calls) calls="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bin="$1"; shift ;;
    esac
done
[ -x "$bin" ] || { echo "fanout-demo: no $bin; build it: swift build -c release --product fanout" >&2; exit 1; }

tmp="$(mktemp -d /tmp/grpc-mini-fanout.XXXXXX)"
pids=()
cleanup() {
    trap - EXIT INT TERM
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "fanout-demo: interrupted; stopping" >&2; cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# start NAME ARGS...: runs `fanout ARGS` in the background and sets `ready` to the address it
# printed on its READY line (waits up to 30 s).
start() {
    local name="$1"
    shift
    "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null &
    pids+=("$!")
    local pid=$! i
    for i in $(seq 1 300); do
        if grep -q '^READY ' "$tmp/$name.out" 2>/dev/null; then
            ready="$(sed -n 's/^READY //p' "$tmp/$name.out" | head -1)"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "fanout-demo: $name did not start:" >&2
    cat "$tmp/$name.err" >&2
    return 1
}

# Three backends of 6,000 strings each, overlapping: string-0 .. string-9999 in all, 8,000 duplicates.
start b-tcp backend --listen tcp:127.0.0.1:0 --strings 0-6000
tcp_backend="$ready"
start b-unix backend --listen "unix:$tmp/b-unix.sock" --strings 2000-8000
unix_backend="$ready"
start proxy proxy --listen tcp:127.0.0.1:0 \
    --backend local=inproc:4000-10000 --backend "b-unix=$unix_backend" --backend "b-tcp=$tcp_backend"
proxy="$ready"

echo "backends: local (in the proxy's process, strings 4000-9999), b-unix ($unix_backend, 2000-7999),"
echo "          b-tcp ($tcp_backend, 0-5999); proxy at $proxy"
echo
"$bin" client --target "$proxy" --calls "$calls" --metadata x-demo=fanout \
    --compare "local=inproc:0-6000,b-unix=$unix_backend,b-tcp=$tcp_backend"

# A backend that fails: with --partial the answer is what the others sent, and a trailer names it.
start partial proxy --listen tcp:127.0.0.1:0 --partial \
    --backend "b-tcp=$tcp_backend" --backend "down=unix:$tmp/nobody-listens-here.sock"
echo
echo "A proxy started with --partial, over b-tcp and a backend that is down:"
"$bin" client --target "$ready"
