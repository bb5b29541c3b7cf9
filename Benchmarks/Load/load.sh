#!/usr/bin/env bash
# Server load test with an external HTTP/2 load generator (h2load, Debian nghttp2-client), the
# same command against the grpc-mini benchmark server and the gRPC C++ (C-core) one, and a
# scale test (many open connections and idle streams, a probe call every second). Issue 14.
#
#   Benchmarks/Load/load.sh [options]
#
# Options:
#   --servers LIST     mini,cpp (default both)
#   --transports LIST  tcp,unix (default both; the scale test is TCP only)
#   --cases LIST       empty,unary1k,respSize=1,respSize=10,respSize=100 (default all)
#   --runs N           whole runs of the h2load part, medians reported (default 3)
#   --scale-only / --no-scale   only / not the scale test
#   --quick            smoke run: few requests per case, 1 run, a small scale test
#   --scale-conns N    connections of the first scale phase (default 10000)
#   GRPC_MINI_SERVER=PATH (environment): run that grpc-mini server binary, not a fresh build
#                      (to compare two builds)
#
# h2load part: for each run, server, transport and case a fresh server process, then
#   h2load -c 4 -m 32 -t 1 -n N -d BODY -H 'content-type: application/grpc' -H 'te: trailers' URI
# (`-B unix:PATH` for the Unix socket). Per call: the server's utime+stime from
# /proc/PID/stat (before/after h2load) / N. A run counts only if every check passes: h2load's
# N done, N succeeded, 0 failed/errored/timeout, N 2xx; its DATA bytes exactly N x the
# expected response (5-byte gRPC prefix + the protobuf), which a trailers-only error (no DATA)
# fails; and the server's own `STATS ok=N failed=0` (printed when its stdin closes), which a
# handler that was not reached or that failed fails.
#
# Scale part (TCP): idle_streams.py holds 10,000 connections without a stream, then 10,000 x 1
# idle stream, then 100 x 1,000
# (POST /Echo/Get HEADERS without END_STREAM: the server holds a call waiting for its request);
# meanwhile `h2load -n 1 -c 1` sends an empty Echo/Get every second (time for request and for
# connect, response validated), reported apart while the tool opens its connections and the
# server sets them up (ramp), once all are open and the server's CPU time has stood still for a
# second (open), and as they close (teardown); server VmRSS from /proc/PID/status
# before and once all are open, divided by connections and by streams.
#
# Output: `ROW ...` and `SCALE ...`/`PROBE ...` lines on stdout, a median table at the end; all
# kept in Benchmarks/.build/load/<date>/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(cd "$here/.." && pwd)"

servers="mini,cpp"; transports="tcp,unix"; cases="empty,unary1k,respSize=1,respSize=10,respSize=100"
runs=3; do_h2load=1; do_scale=1; quick=0; scale_conns=10000
while [ $# -gt 0 ]; do
    case "$1" in
        --servers) servers="$2"; shift 2 ;;
        --transports) transports="$2"; shift 2 ;;
        --cases) cases="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --scale-only) do_h2load=0; shift ;;
        --no-scale) do_scale=0; shift ;;
        --quick) quick=1; runs=1; scale_conns=500; shift ;;
        --scale-conns) scale_conns="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "load.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if ! command -v h2load >/dev/null; then
    echo "load.sh: installing nghttp2-client (h2load)" >&2
    apt-get update -qq >&2 && apt-get install -y -qq nghttp2-client >&2
fi
# 10,000 connections need as many descriptors in the server and in the client tool.
ulimit -n "$(ulimit -Hn)" || true

# ---- builds (release, only the server products)
declare -A server_bin
IFS=, read -r -a want <<<"$servers"
for s in "${want[@]}"; do
    case "$s" in
        mini)
            # GRPC_MINI_SERVER=PATH: that binary instead (to compare two builds).
            if [ -n "${GRPC_MINI_SERVER:-}" ]; then server_bin[mini]="$GRPC_MINI_SERVER"; continue; fi
            pkg="$bench/Peers/GRPCMini"
            swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build" --product GRPCMiniServer >&2
            server_bin[mini]="$(swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build" --show-bin-path)/GRPCMiniServer" ;;
        cpp)
            "$bench/Peers/build-cpp.sh" "$bench/.build/peers" >&2
            server_bin[cpp]="$bench/.build/peers/grpc-cpp-server" ;;
        *) echo "load.sh: unknown server $s" >&2; exit 2 ;;
    esac
done

results="$bench/.build/load/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$results"
tmp="$(mktemp -d /tmp/load.XXXXXX)"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null || true
    [ -n "${tool_pid:-}" ] && kill -TERM "$tool_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "$*" | tee -a "$results/out.txt"; }
log "# load.sh $(date -u +%FT%TZ) $(h2load --version | head -1) nproc=$(nproc) ulimit-n=$(ulimit -n) loadavg: $(cat /proc/loadavg)"

# ---- request bodies (gRPC framing: flag byte, 4-byte big-endian length, protobuf)
python3 - "$tmp" <<'PY'
import struct, sys
d = sys.argv[1]
def grpc(msg): return b"\x00" + struct.pack(">I", len(msg)) + msg
open(f"{d}/empty.bin", "wb").write(grpc(b""))                            # EchoMessage{} / ListRequest{}
open(f"{d}/1k.bin", "wb").write(grpc(b"\x0a\x80\x08" + b"x" * 1024))      # EchoMessage{text: 1024 x "x"}
PY
# case -> path, body, extra header, expected DATA bytes per call, requests
declare -A c_path c_body c_hdr c_data c_n
c_path[empty]=/Echo/Get; c_body[empty]=empty.bin; c_data[empty]=5; c_n[empty]=200000
c_path[unary1k]=/Echo/Get; c_body[unary1k]=1k.bin; c_data[unary1k]=1032; c_n[unary1k]=150000
for r in 1 10 100; do
    c_path[respSize=$r]=/ListStrings/List; c_body[respSize=$r]=empty.bin; c_hdr[respSize=$r]="resp-size: $r"
    # 10,000 strings of 100 bytes, r per ListResponse: (10000/r) x (5 + r x 102) bytes
    c_data[respSize=$r]=$(( (10000 / r) * (5 + r * 102) ))
done
c_n[respSize=1]=256; c_n[respSize=10]=512; c_n[respSize=100]=2048
if [ "$quick" = 1 ]; then
    c_n[empty]=20000; c_n[unary1k]=20000; c_n[respSize=1]=128; c_n[respSize=10]=256; c_n[respSize=100]=512
fi
for c in "${!c_n[@]}"; do [ -n "${LOAD_N:-}" ] && c_n[$c]=$LOAD_N; done

# start_server NAME TRANSPORT: sets server_pid, server_addr, server_in, server_out.
start_server() {
    local name="$1" transport="$2" listen
    server_out="$tmp/$name-$transport.out"
    local fifo="$tmp/$name-$transport.in"
    rm -f "$fifo" "$server_out" "$tmp/$name.sock"
    mkfifo "$fifo"
    if [ "$transport" = tcp ]; then listen=(--tcp 127.0.0.1:0); else listen=(--unix "$tmp/$name.sock"); fi
    "${server_bin[$name]}" "${listen[@]}" <"$fifo" >"$server_out" 2>"$tmp/$name-$transport.err" &
    server_pid=$!
    exec {server_in}>"$fifo"
    for _ in $(seq 1 600); do
        if grep -q '^READY ' "$server_out" 2>/dev/null; then
            server_addr="$(sed -n 's/^READY //p' "$server_out" | head -1)"
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$tmp/$name-$transport.err" >&2
    return 1
}
# stop_server: closes its stdin, sets server_stats to its STATS line.
stop_server() {
    exec {server_in}>&-
    for _ in $(seq 1 100); do
        grep -q '^STATS ' "$server_out" 2>/dev/null && ! kill -0 "$server_pid" 2>/dev/null && break
        sleep 0.1
    done
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    server_stats="$(grep '^STATS ' "$server_out" | head -1 || true)"
    rm -f "$tmp"/*.sock
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
clk_tck="$(getconf CLK_TCK)"
# h2load_target TRANSPORT PATH: the URI arguments for h2load
h2load_target() {
    if [ "$1" = tcp ]; then echo "http://$server_addr$2"; else echo "-B unix:$server_addr http://localhost$2"; fi
}

run_case() {  # NAME TRANSPORT CASE RUN
    local name="$1" transport="$2" c="$3" run="$4" out
    out="$results/h2load-$name-$transport-$c-$run.txt"
    start_server "$name" "$transport" || { log "ROW server=$name transport=$transport case=$c run=$run valid=0 why=no-READY"; return; }
    local hdr=()
    [ -n "${c_hdr[$c]:-}" ] && hdr=(-H "${c_hdr[$c]}")
    local cmd=(h2load -c 4 -m 32 -t 1 -n "${c_n[$c]}" -d "$tmp/${c_body[$c]}"
        -H 'content-type: application/grpc' -H 'te: trailers' "${hdr[@]}" $(h2load_target "$transport" "${c_path[$c]}"))
    local load before after
    load="$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
    before="$(cpu_ticks "$server_pid")"
    "${cmd[@]}" >"$out" 2>&1 || true
    after="$(cpu_ticks "$server_pid")"
    echo "# ${cmd[*]}" >>"$out"
    stop_server
    local fields cpu expect_stats="STATS ok=${c_n[$c]} failed=0"
    fields="$(python3 "$here/h2load_report.py" row "$out" "${c_n[$c]}" "${c_data[$c]}")"
    cpu="$(awk -v a="$after" -v b="$before" -v t="$clk_tck" -v n="${c_n[$c]}" 'BEGIN { printf "%.2f", (a - b) / t / n * 1e6 }')"
    if [ "$server_stats" != "$expect_stats" ]; then
        fields="${fields/valid=1/valid=0}"
        fields="$fields server_stats=$(echo "${server_stats:-none}" | tr ' ' ,)"
    fi
    log "ROW server=$name transport=$transport case=$c run=$run n=${c_n[$c]} $fields cpu_us_per_call=$cpu cpu_s=$(( after - before ))/$clk_tck loadavg=$load"
}

if [ "$do_h2load" = 1 ]; then
    IFS=, read -r -a ts <<<"$transports"
    IFS=, read -r -a cs <<<"$cases"
    for run in $(seq 1 "$runs"); do
        log "# run $run of $runs, loadavg: $(cat /proc/loadavg)"
        for c in "${cs[@]}"; do
            for t in "${ts[@]}"; do
                for s in "${want[@]}"; do run_case "$s" "$t" "$c" "$run"; done
            done
        done
    done
    log "# medians of $runs runs (only valid runs), $(date -u +%FT%TZ), loadavg: $(cat /proc/loadavg)"
    python3 "$here/h2load_report.py" medians "$results/out.txt" | tee -a "$results/out.txt"
fi

# ---- scale
probe() {  # one empty Echo/Get on a new connection; prints request_ms connect_ms valid
    local out="$tmp/probe.txt"
    h2load -n 1 -c 1 -d "$tmp/empty.bin" -H 'content-type: application/grpc' -H 'te: trailers' \
        "http://$server_addr/Echo/Get" >"$out" 2>&1 || true
    python3 "$here/h2load_report.py" probe "$out"
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

scale_phase() {  # NAME CONNECTIONS STREAMS HOLD
    local name="$1" conns="$2" streams="$3" hold="$4"
    start_server "$name" tcp || { log "SCALE server=$name connections=$conns streams=$streams valid=0 why=no-READY"; return; }
    probe >/dev/null
    sleep 1
    local rss0 rss1="" t0 worst_req=0 worst_conn=0 probes=0 bad=0 p line ramp_probes=0 ramp_bad=0 ramp_worst=0 quiet=0
    rss0="$(rss_kib "$server_pid")"
    local tool_out="$tmp/tool.out"
    : >"$tool_out"
    python3 "$here/idle_streams.py" --target "tcp:$server_addr" --connections "$conns" --streams "$streams" \
        --hold "$hold" >"$tool_out" 2>"$tmp/tool.err" &
    tool_pid=$!
    t0=$(date +%s)
    while kill -0 "$tool_pid" 2>/dev/null; do
        # a probe started once every connection and stream is open counts for the "open" phase;
        # those sent while the tool is still opening them for "ramp".
        # ...and once the server has caught up: its CPU time unchanged over a second (the tool
        # has written everything well before the server has set up 100,000 streams).
        if [ "$quiet" = 0 ] && grep -q '^ESTABLISHED' "$tool_out"; then
            local a b
            a="$(cpu_ticks "$server_pid")"; sleep 1; b="$(cpu_ticks "$server_pid")"
            [ "$a" = "$b" ] && quiet=1
        fi
        local phase=ramp
        [ "$quiet" = 1 ] && phase=open
        if [ "$phase" = open ] && [ -z "$rss1" ]; then rss1="$(rss_kib "$server_pid")"; fi
        p="$(probe)"
        # the tool closes every connection at once when its hold ends: probes then are "teardown"
        grep -q '^HOLD_END' "$tool_out" && phase=teardown
        line="PROBE server=$name connections=$conns streams=$streams t=$(( $(date +%s) - t0 ))s phase=$phase $p rss_kib=$(rss_kib "$server_pid")"
        echo "$line" >>"$results/out.txt"
        local req conn
        req="$(echo "$p" | sed 's/.*request_ms=\([^ ]*\).*/\1/')"
        conn="$(echo "$p" | sed 's/.*connect_ms=\([^ ]*\).*/\1/')"
        if [ "$phase" = open ]; then
            probes=$((probes + 1))
            case "$p" in *valid=1*) ;; *) bad=$((bad + 1)) ;; esac
            worst_req="$(awk -v a="$worst_req" -v b="$req" 'BEGIN { print (b > a ? b : a) }')"
            worst_conn="$(awk -v a="$worst_conn" -v b="$conn" 'BEGIN { print (b > a ? b : a) }')"
        elif [ "$phase" = ramp ]; then
            ramp_probes=$((ramp_probes + 1))
            case "$p" in *valid=1*) ;; *) ramp_bad=$((ramp_bad + 1)) ;; esac
            ramp_worst="$(awk -v a="$ramp_worst" -v b="$req" 'BEGIN { print (b > a ? b : a) }')"
        fi
        sleep 1
    done
    wait "$tool_pid" || true
    tool_pid=""
    [ -n "$rss1" ] || rss1="$(rss_kib "$server_pid")"
    local est result
    est="$(grep '^ESTABLISHED' "$tool_out" | cut -d' ' -f2- || true)"
    result="$(grep '^RESULT' "$tool_out" | cut -d' ' -f2- || echo 'ok=0 why=tool-failed')"
    stop_server
    log "SCALE server=$name connections=$conns streams_per_connection=$streams $est rss_before_kib=$rss0 rss_open_kib=$rss1 rss_per_connection_kib=$(awk -v a="$rss1" -v b="$rss0" -v n="$conns" 'BEGIN { printf "%.2f", (a - b) / n }') rss_per_stream_kib=$(awk -v a="$rss1" -v b="$rss0" -v n="$((conns * streams))" 'BEGIN { if (n > 0) printf "%.3f", (a - b) / n; else print "-" }') open_probes=$probes open_probes_invalid=$bad open_probe_request_max_ms=$worst_req open_probe_connect_max_ms=$worst_conn ramp_probes=$ramp_probes ramp_probes_invalid=$ramp_bad ramp_probe_request_max_ms=$ramp_worst tool: $result loadavg=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
    [ -s "$tmp/tool.err" ] && sort "$tmp/tool.err" | uniq -c | head -5 | sed 's/^/# tool stderr: /' | tee -a "$results/out.txt"
    return 0
}

if [ "$do_scale" = 1 ]; then
    hold=15; [ "$quick" = 1 ] && hold=3
    for s in "${want[@]}"; do
        scale_phase "$s" "$scale_conns" 0 "$hold"
        scale_phase "$s" "$scale_conns" 1 "$hold"
        scale_phase "$s" 100 1000 "$hold"
    done
fi
log "# done $(date -u +%FT%TZ), results in $results"
