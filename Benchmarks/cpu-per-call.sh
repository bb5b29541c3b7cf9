#!/usr/bin/env bash
# CPU time and context switches per call of a peer server and its client, one client calling
# sequentially over a Unix socket: where a row's time goes (which process, and whether it is
# work or waiting). Diagnostic, not a row: run.sh makes the rows.
#
#   Benchmarks/cpu-per-call.sh SERVER CLIENT CASE     e.g.
#   Benchmarks/cpu-per-call.sh Peers/GRPCMini/.build/release/GRPCMiniServer \
#       Peers/GRPCMini/.build/release/GRPCMiniClient respSize=100
#
# The client runs 20 samples; after 1.5 s of warm-up a 2 s window is read from /proc (utime +
# stime of each process, voluntary + involuntary switches of all its threads) and divided by
# the calls the client's own ns/op says fit in the window.
set -euo pipefail
[ $# -eq 3 ] || { sed -n 2,13p "$0"; exit 2; }
server=$1; client=$2; case_=$3
sock=$(mktemp -u /tmp/cpu-per-call.XXXXXX.sock)
out=$(mktemp)
coproc SRV { exec "$server" --unix "$sock"; }
read -r _ <&"${SRV[0]}"
spid=$SRV_PID
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'; }
cpu() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
"$client" --target "unix:$sock" --case "$case_" --samples 20 >"$out" 2>/dev/null &
cpid=$!
sleep 1.5
cs0=$(switches $cpid); cc0=$(cpu $cpid); ss0=$(switches $spid); sc0=$(cpu $spid); t0=$(date +%s%N)
sleep 2
cs1=$(switches $cpid); cc1=$(cpu $cpid); ss1=$(switches $spid); sc1=$(cpu $spid); t1=$(date +%s%N)
wait $cpid
kill $spid 2>/dev/null; wait $spid 2>/dev/null || true
rm -f "$sock"
ns=$(grep -o '"ns_per_op":[0-9.]*' "$out" | head -1 | cut -d: -f2)
rm -f "$out"
tick=$(getconf CLK_TCK)
python3 - "$case_" "$ns" "$t0" "$t1" "$tick" "$ss0" "$ss1" "$sc0" "$sc1" "$cs0" "$cs1" "$cc0" "$cc1" <<'PY'
import sys
case, ns, t0, t1, tick = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ss0, ss1, sc0, sc1, cs0, cs1, cc0, cc1 = map(int, sys.argv[6:14])
calls = (t1 - t0) / ns
us = 1e6 / tick
print(f"{case}: {ns / 1000:.1f} us/call; per call: server {(sc1 - sc0) * us / calls:.1f} us CPU, "
      f"{(ss1 - ss0) / calls:.2f} switches; client {(cc1 - cc0) * us / calls:.1f} us CPU, "
      f"{(cs1 - cs0) / calls:.2f} switches ({calls:.0f} calls in the window)")
PY
