#!/usr/bin/env bash
# Probe latency of one server holding idle streams, probed 4 times a second (a finer look than
# load.sh's scale part, which probes once a second):
#
#   Benchmarks/Load/probe.sh mini|cpp CONNECTIONS STREAMS SECONDS
#
# Starts the server (built by load.sh) on TCP, opens CONNECTIONS x STREAMS idle streams with
# idle_streams.py, waits until the server's CPU time stands still for a second, then for SECONDS sends an empty Echo/Get on a new connection every 0.25 s
# (`h2load -n 1 -c 1`) and prints each probe's `time for request`, then a summary line: probes,
# median, max, those over 10 ms, the server's CPU ticks and minor page faults over the probes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(cd "$here/.." && pwd)"
name="$1" conns="$2" streams="$3" secs="$4"
case "$name" in
    mini) bin="$bench/Peers/GRPCMini/.build/release/GRPCMiniServer" ;;
    cpp) bin="$bench/.build/peers/grpc-cpp-server" ;;
    *) echo "probe.sh: mini or cpp" >&2; exit 2 ;;
esac
[ -x "$bin" ] || { echo "probe.sh: $bin missing: run Benchmarks/Load/load.sh first" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)" || true
tmp="$(mktemp -d /tmp/probe.XXXXXX)"
pid="" tool=""
trap '[ -n "$tool" ] && kill "$tool" 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
printf '\0\0\0\0\0' >"$tmp/empty.bin"
mkfifo "$tmp/in"
"$bin" --tcp 127.0.0.1:0 <"$tmp/in" >"$tmp/out" 2>&1 &
pid=$!
exec {keep}>"$tmp/in"
for _ in $(seq 1 100); do grep -q '^READY ' "$tmp/out" && break; sleep 0.1; done
addr="$(sed -n 's/^READY //p' "$tmp/out")"
echo "# probe.sh $name $conns x $streams, $(date -u +%FT%TZ), loadavg: $(cat /proc/loadavg)"
python3 "$here/idle_streams.py" --target "tcp:$addr" --connections "$conns" --streams "$streams" \
    --hold "$((secs + 10))" >"$tmp/tool" &
tool=$!
until grep -q "^ESTABLISHED" "$tmp/tool" 2>/dev/null; do kill -0 "$tool" || { cat "$tmp/tool"; exit 1; }; sleep 0.5; done
# the server has caught up once its CPU time stands still for a second
while :; do
    a="$(awk '{print $14 + $15}' "/proc/$pid/stat")"; sleep 1
    [ "$a" = "$(awk '{print $14 + $15}' "/proc/$pid/stat")" ] && break
done
read -r c0 f0 < <(awk '{print $14 + $15, $10}' "/proc/$pid/stat")
end=$(( $(date +%s) + secs ))
while [ "$(date +%s)" -lt "$end" ]; do
    h2load -n 1 -c 1 -d "$tmp/empty.bin" -H 'content-type: application/grpc' -H 'te: trailers' \
        "http://$addr/Echo/Get" >"$tmp/p" 2>&1 || true
    echo "PROBE t=$(date +%s.%N | cut -c1-14) $(python3 "$here/h2load_report.py" probe "$tmp/p")"
    sleep 0.25
done | tee "$tmp/probes"
read -r c1 f1 < <(awk '{print $14 + $15, $10}' "/proc/$pid/stat")
wait "$tool" || true
tool=""
python3 - "$tmp/probes" "$name" "$conns" "$streams" "$((c1 - c0))" "$((f1 - f0))" "$(cat /proc/loadavg)" <<'PY'
import re, statistics, sys
path, name, conns, streams, ticks, faults, load = sys.argv[1:]
v = [float(m.group(1)) for m in map(re.compile(r"request_ms=([\d.]+)").search, open(path)) if m]
bad = sum(1 for l in open(path) if "valid=0" in l)
print(f"PROBES server={name} connections={conns} streams={streams} probes={len(v)} invalid={bad} "
      f"median_ms={statistics.median(v):.2f} max_ms={max(v):.2f} over_10ms={sum(x > 10 for x in v)} "
      f"({', '.join(f'{x:.1f}' for x in v if x > 10) or '-'}) server_cpu_ticks={ticks} server_minor_faults={faults} "
      f"loadavg_after={load.split()[0]}")
PY
