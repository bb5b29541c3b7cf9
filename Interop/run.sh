#!/usr/bin/env bash
# The interop harness: gRPC's interop cases (grpc/grpc doc/interop-test-descriptions.md, those
# without TLS or cloud credentials) and grpc-mini's own, run
#   1. by the gRPC C++ (C-core) client against the grpc-mini server,
#   2. by the grpc-mini client against the gRPC C++ (C-core) server,
#   3. by the grpc-mini client against the grpc-mini server (a guard that needs no peer),
# each over TCP and over a Unix socket. One process per case, each under a timeout; prints one
# line per case and direction and `N passed, M failed`; exits 1 if any case failed.
#
#   Interop/run.sh [--bin-path DIR] [--pairs cpp-mini,mini-cpp,mini-mini] [--transports tcp,unix] [--cases a,b]
#
# --bin-path is where the Swift executables interop-server and interop-client are (default:
# `swift build --show-bin-path`; they are built by `swift build`, which scripts/test.sh runs
# first). The C++ peers are built by Interop/cpp/build.sh (installing libgrpc++-dev with apt if
# missing; a no-op when they are current).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bin_path=""
pairs="cpp-mini,mini-cpp,mini-mini"
transports="tcp,unix"
only_cases=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-path) bin_path="$2"; shift 2 ;;
        --pairs) pairs="$2"; shift 2 ;;
        --transports) transports="$2"; shift 2 ;;
        --cases) only_cases="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-path DIR] [--pairs LIST] [--transports tcp,unix] [--cases LIST]" >&2; exit 2 ;;
    esac
done
[ -n "$bin_path" ] || bin_path="$(swift build --show-bin-path)"
for b in interop-server interop-client; do
    [ -x "$bin_path/$b" ] || { echo "interop: $bin_path/$b is missing; run swift build first" >&2; exit 2; }
done

cpp_dir="$root/.build/interop-cpp"
if [[ "$pairs" == *cpp* ]]; then
    Interop/cpp/build.sh "$cpp_dir"
fi

client_bin() { case "$1" in mini) echo "$bin_path/interop-client" ;; cpp) echo "$cpp_dir/interop-cpp-client" ;; esac; }
server_bin() { case "$1" in mini) echo "$bin_path/interop-server" ;; cpp) echo "$cpp_dir/interop-cpp-server" ;; esac; }

work="$(mktemp -d /tmp/grpc-mini-interop.XXXXXX)"
declare -A server_pid server_port
cleanup() {
    for kind in "${!server_pid[@]}"; do
        kill -TERM "${server_pid[$kind]}" 2>/dev/null || true
    done
    for kind in "${!server_pid[@]}"; do
        for _ in $(seq 50); do kill -0 "${server_pid[$kind]}" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "${server_pid[$kind]}" 2>/dev/null || true
        wait "${server_pid[$kind]}" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a server of `kind` on a free TCP port and on $work/KIND.sock; waits until it listens.
start_server() {
    local kind="$1"
    # The server lives at most 10 minutes whatever happens to this script.
    timeout -s KILL 600 "$(server_bin "$kind")" --port=0 --unix_socket="$work/$kind.sock" --use_tls=false \
        >"$work/$kind-server.out" 2>"$work/$kind-server.err" &
    server_pid[$kind]=$!
    for _ in $(seq 200); do
        if grep -qs "^listening on port" "$work/$kind-server.out" && grep -qs "^listening on unix:" "$work/$kind-server.out"; then
            server_port[$kind]="$(sed -n 's/^listening on port //p' "$work/$kind-server.out")"
            return 0
        fi
        kill -0 "${server_pid[$kind]}" 2>/dev/null || break
        sleep 0.05
    done
    echo "interop: the $kind server did not start:" >&2
    cat "$work/$kind-server.err" >&2
    exit 1
}

passed=0
failed=0
failures=()
IFS=, read -r -a pair_list <<<"$pairs"
IFS=, read -r -a transport_list <<<"$transports"
for pair in "${pair_list[@]}"; do
    client="${pair%-*}"
    server="${pair#*-}"
    [ -n "${server_pid[$server]:-}" ] || start_server "$server"
    cases=$("$(client_bin "$client")" --list)
    if [ -n "$only_cases" ]; then cases=$(tr ',' '\n' <<<"$only_cases"); fi
    for transport in "${transport_list[@]}"; do
        if [ "$transport" = tcp ]; then
            target=(--server_host=127.0.0.1 --server_port="${server_port[$server]}")
        else
            target=(--unix_socket="$work/$server.sock")
        fi
        for c in $cases; do
            label=$(printf '%-4s client -> %-4s server  %-4s  %s' "$client" "$server" "$transport" "$c")
            status=0
            out=$(timeout -s KILL 60 "$(client_bin "$client")" "${target[@]}" --use_tls=false --test_case="$c" 2>&1) || status=$?
            if [ "$status" = 0 ] && grep -q "^PASS $c" <<<"$out"; then
                passed=$((passed + 1))
                echo "PASS  $label ${out##*PASS $c }"
            else
                failed=$((failed + 1))
                [ "$status" = 137 ] && out="timed out after 60 s; $out"
                echo "FAIL  $label: $(tr '\n' ' ' <<<"$out" | cut -c1-400)"
                failures+=("$label")
            fi
        done
    done
done

# A server that died during the run is a failure even if its cases passed.
for kind in "${!server_pid[@]}"; do
    if ! kill -0 "${server_pid[$kind]}" 2>/dev/null; then
        failed=$((failed + 1))
        echo "FAIL  the $kind server exited during the run: $(tail -5 "$work/$kind-server.err")"
    fi
done
echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
    for kind in "${!server_pid[@]}"; do
        if [ -s "$work/$kind-server.err" ]; then echo "--- $kind server stderr (last 20 lines)"; tail -20 "$work/$kind-server.err"; fi
    done
    exit 1
fi
