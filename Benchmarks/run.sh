#!/usr/bin/env bash
# Builds the benchmarks (release) and runs them: the in-process rows (ListStringsBench), then
# the HTTP/2 peers, each server in its own process and its client in another.
#
#   Benchmarks/run.sh [options]            one whole run, one JSON line per row on stdout
#   RUNS=3 Benchmarks/run.sh [options]     3 whole runs, then their medians (key: impl+case+transport)
#
# Options:
#   --peers LIST        peers to run, comma-separated: raw,mini,cpp,swift2 (default: all; none: only
#                       the in-process rows). Each peer is built first; a peer that fails to
#                       build is reported on stderr and as a "# ..." line, and its rows skipped.
#   --no-inproc         skip the in-process rows
#   --transports LIST   tcp,unix (default both)
#   --cases LIST        peer cases (default respSize=1,respSize=10,respSize=100,unary,unary32)
#   --filter S          in-process rows only: run rows whose "impl/case" contains S
#   --samples N         timed samples per row, median reported (default 5)
#   --quick             smoke run: 1 short sample per row (every row still validated)
#   --no-cross          skip the cross rows: when the mini and cpp peers are both built, the
#                       gRPC C++ callback client against grpc-mini's server and grpc-mini's client
#                       against the gRPC C++ server, for unary and respSize=1 (impl
#                       "CLIENT -> SERVER server", e.g. "grpc-cpp-callback -> grpc-mini server")
#
# Each run's lines are kept in Benchmarks/.build/results/ (ignored by git), with a chart of them
# (chart.py: ns per message by implementation, transport and respSize, log scale); build logs of
# the peers in Benchmarks/.build/peers/*.log. A whole run with no option that picks a subset or
# shortens it (--peers, --no-inproc, --transports, --cases, --filter, --samples, --quick) also
# replaces the chart that BENCHMARKS.md and README.md show, ../docs/liststrings-chart.svg, and the
# rows it was drawn from, results/latest.jsonl (update BENCHMARKS.md's tables to match).
#
# The process protocol every peer follows (details in Benchmarks/README.md):
#   server:  SERVER --tcp HOST:PORT | --unix PATH     (port 0 allowed)
#            prints one line `READY <address>` (127.0.0.1:PORT or the socket path) when it
#            listens; serves until its stdin closes or SIGTERM.
#   client:  CLIENT --target tcp:HOST:PORT|unix:PATH --case CASE [--samples N] [--quick]
#            CASE = respSize=1|respSize=10|respSize=100|unary|unary32; prints one JSON row per
#            case (RowResult's format plus "transport", and "calls_per_s" for unary32).
# A peer is a build step, a server and its clients: see `add_peer` below.
set -euo pipefail
cd "$(dirname "$0")"
bench_dir="$(pwd)"

peers_wanted="raw,mini,cpp,swift2"
inproc=1
cross=1
transports="tcp,unix"
cases="respSize=1,respSize=10,respSize=100,unary,unary32"
inproc_args=()
client_args=()
whole=1  # no option picked a subset or shortened the run
while [ $# -gt 0 ]; do
    case "$1" in
        --peers) peers_wanted="$2"; whole=0; shift 2 ;;
        --no-inproc) inproc=0; whole=0; shift ;;
        --no-cross) cross=0; whole=0; shift ;;
        --transports) transports="$2"; whole=0; shift 2 ;;
        --cases) cases="$2"; whole=0; shift 2 ;;
        --filter) inproc_args+=(--filter "$2"); whole=0; shift 2 ;;
        --samples) inproc_args+=(--samples "$2"); client_args+=(--samples "$2"); whole=0; shift 2 ;;
        --quick) inproc_args+=(--quick); client_args+=(--quick); whole=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$peers_wanted" = none ] && peers_wanted=""

say() { echo "# $*"; echo "run.sh: $*" >&2; }

# ---- builds

runs="${RUNS:-1}"
# ListStringsBench runs the in-process rows and aggregates several runs; a single run of the
# peers alone (--no-inproc) does not need it, nor its build (grpc-swift-2 is a long one).
bin=""
if [ "$inproc" = 1 ] || [ "$runs" -gt 1 ]; then
    swift build -c release --scratch-path .build --product ListStringsBench >&2
    bin="$(swift build -c release --scratch-path .build --show-bin-path)/ListStringsBench"
fi

peers_out="$bench_dir/.build/peers"
mkdir -p "$peers_out"

# add_peer NAME SERVER CLIENT:CASES [CLIENT:CASES...]: after NAME's build succeeded. CASES is the
# comma list of cases that client supports (intersected with --cases), or "all".
peer_names=()
declare -A peer_server peer_clients
add_peer() {
    local name="$1" server="$2"
    shift 2
    peer_names+=("$name")
    peer_server[$name]="$server"
    peer_clients[$name]="$*"
}

build_peer() {  # NAME: builds it, logging to .build/peers/NAME.log; registers it on success.
    local name="$1" log="$peers_out/$1.log"
    case "$name" in
        raw)
            Peers/build-raw.sh "$peers_out" >"$log" 2>&1 || return 1
            add_peer raw "$peers_out/raw-server" "$peers_out/raw-client:respSize=1,respSize=10,respSize=100,unary" ;;
        cpp)
            Peers/build-cpp.sh "$peers_out" >"$log" 2>&1 || return 1
            add_peer cpp "$peers_out/grpc-cpp-server" \
                "$peers_out/grpc-cpp-callback-client:all" "$peers_out/grpc-cpp-sync-client:unary,unary32" ;;
        swift2)
            local pkg=Peers/GRPCSwift2
            swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build" >"$log" 2>&1 || return 1
            local dir
            dir="$(swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build" --show-bin-path)"
            add_peer swift2 "$dir/GRPCSwift2Server" "$dir/GRPCSwift2Client:all" ;;
        mini)
            local pkg=Peers/GRPCMini
            swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build" >"$log" 2>&1 || return 1
            local dir
            dir="$(swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build" --show-bin-path)"
            add_peer mini "$dir/GRPCMiniServer" "$dir/GRPCMiniClient:all" ;;
        *) echo "unknown peer $name (known: raw, cpp, swift2, mini)" >"$log"; return 1 ;;
    esac
}

IFS=, read -r -a wanted <<<"$peers_wanted"
for name in "${wanted[@]}"; do
    echo "run.sh: building peer $name ..." >&2
    if ! build_peer "$name"; then
        say "peer $name: build failed (log: $peers_out/$name.log, last lines below); its rows are skipped"
        tail -15 "$peers_out/$name.log" >&2 || true
    fi
done

# ---- running the peers

tmp="$(mktemp -d /tmp/bench-peers.XXXXXX)"
server_pids=()
cleanup() {
    for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME TRANSPORT: sets server_pid, server_addr (READY's address) and server_in (fd
# whose closing ends the server); returns 1 if it did not get ready within 60 s.
start_server() {
    local name="$1" transport="$2" listen
    local out="$tmp/$name-$transport.out" fifo="$tmp/$name-$transport.in"
    rm -f "$fifo" "$out" "$tmp/$name.sock"
    mkfifo "$fifo"
    if [ "$transport" = tcp ]; then listen=(--tcp 127.0.0.1:0); else listen=(--unix "$tmp/$name.sock"); fi
    "${peer_server[$name]}" "${listen[@]}" <"$fifo" >"$out" 2>"$tmp/$name-$transport.err" &
    server_pid=$!
    server_pids+=("$server_pid")
    exec {server_in}>"$fifo"
    local i
    for i in $(seq 1 600); do
        if grep -q '^READY ' "$out" 2>/dev/null; then
            server_addr="$(sed -n 's/^READY //p' "$out" | head -1)"
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$tmp/$name-$transport.err" >&2 || true
    stop_server
    return 1
}

stop_server() {
    exec {server_in}>&-
    local i
    for i in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -f "$tmp"/*.sock
}

run_peers() {
    local name transport spec client supported c
    for name in "${peer_names[@]}"; do
        IFS=, read -r -a ts <<<"$transports"
        for transport in "${ts[@]}"; do
            if ! start_server "$name" "$transport"; then
                say "peer $name $transport: server did not print READY; its rows are skipped"
                continue
            fi
            local target
            if [ "$transport" = tcp ]; then target="tcp:$server_addr"; else target="unix:$server_addr"; fi
            for spec in ${peer_clients[$name]}; do
                client="${spec%:*}"
                supported="${spec##*:}"
                IFS=, read -r -a cs <<<"$cases"
                for c in "${cs[@]}"; do
                    [ "$supported" = all ] || [[ ",$supported," == *",$c,"* ]] || continue
                    if ! "$client" --target "$target" --case "$c" "${client_args[@]}"; then
                        say "peer $name $transport $c: $(basename "$client") failed; row skipped"
                    fi
                done
            done
            stop_server
        done
    done
}

# Cross rows: SERVER_PEER's server, CLIENT_PEER's first client, cases unary and respSize=1 (as
# far as --cases has them); each JSON line's impl becomes "CLIENT_IMPL -> SERVER_IMPL server".
cross_cases="respSize=1,unary"
run_cross() {
    local server_peer="$1" client_peer="$2" server_impl="$3" transport spec client c
    spec="${peer_clients[$client_peer]%% *}"
    client="${spec%:*}"
    IFS=, read -r -a ts <<<"$transports"
    for transport in "${ts[@]}"; do
        if ! start_server "$server_peer" "$transport"; then
            say "cross $client_peer -> $server_peer $transport: server did not print READY; rows skipped"
            continue
        fi
        local target
        if [ "$transport" = tcp ]; then target="tcp:$server_addr"; else target="unix:$server_addr"; fi
        IFS=, read -r -a cs <<<"$cases"
        for c in "${cs[@]}"; do
            [[ ",$cross_cases," == *",$c,"* ]] || continue
            if ! "$client" --target "$target" --case "$c" "${client_args[@]}" \
                | sed -E "s/\"impl\":\"([^\"]*)\"/\"impl\":\"\1 -> $server_impl server\"/"; then
                say "cross $client_peer -> $server_peer $transport $c: $(basename "$client") failed; row skipped"
            fi
        done
        stop_server
    done
}

one_run() {
    if [ "$inproc" = 1 ]; then "$bin" "${inproc_args[@]}"; fi
    if [ ${#peer_names[@]} -gt 0 ]; then run_peers; fi
    if [ "$cross" = 1 ] && [ -n "${peer_server[mini]:-}" ] && [ -n "${peer_server[cpp]:-}" ]; then
        run_cross mini cpp grpc-mini
        run_cross cpp mini grpc-cpp
    fi
}

results=".build/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
if [ "$runs" -le 1 ]; then
    echo "# loadavg before: $(cat /proc/loadavg 2>/dev/null || echo unknown)" | tee "$results/run1.txt"
    one_run | tee -a "$results/run1.txt"
    rows="$results/run1.txt"
    what="one run"
else
    files=()
    for i in $(seq 1 "$runs"); do
        echo "# run $i of $runs; loadavg before: $(cat /proc/loadavg 2>/dev/null || echo unknown)"
        one_run | tee "$results/run$i.txt"
        files+=("$results/run$i.txt")
    done
    echo "# medians of $runs runs ($results)"
    "$bin" --aggregate "${files[@]}" | tee "$results/medians.txt"
    rows="$results/medians.txt"
    what="medians of $runs runs"
fi

# The chart: ns per message by implementation, transport and respSize.
title="ListStrings, $(date +%Y-%m-%d) ($what of Benchmarks/run.sh; $(nproc) CPUs)"
if python3 chart.py -o "$results/liststrings.svg" --title "$title" "$rows"; then
    echo "# chart: Benchmarks/$results/liststrings.svg"
    if [ "$whole" = 1 ]; then
        mkdir -p results ../docs
        grep '^{' "$rows" >results/latest.jsonl
        cp "$results/liststrings.svg" ../docs/liststrings-chart.svg
        echo "# chart and rows replaced: docs/liststrings-chart.svg, Benchmarks/results/latest.jsonl"
    fi
else
    say "chart.py failed; no chart"
fi
