#!/usr/bin/env python3
"""Reads h2load's output for Benchmarks/Load/load.sh.

  h2load_report.py row OUT N EXPECTED_DATA_PER_CALL   -> key=value fields of one run, valid=0|1
  h2load_report.py probe OUT                          -> request_ms=.. connect_ms=.. valid=0|1
  h2load_report.py medians FILE                       -> median table of the `ROW` lines in FILE
"""
import re, statistics, sys

def units(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]

def parse(path):
    out = open(path).read()
    r = {}
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout", out)
    if m:
        r.update(zip(["total", "started", "done", "succeeded", "failed", "errored", "timeout"], map(int, m.groups())))
    m = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", out)
    if m:
        r.update(zip(["s2xx", "s3xx", "s4xx", "s5xx"], map(int, m.groups())))
    m = re.search(r"traffic: .*?\((\d+)\) total, .*?\((\d+)\) headers .*?, .*?\((\d+)\) data", out)
    if m:
        r.update(zip(["bytes_total", "bytes_headers", "bytes_data"], map(int, m.groups())))
    m = re.search(r"finished in ([\d.]+\w+), ([\d.]+) req/s", out)
    if m:
        r["seconds"] = units(m.group(1)) / 1e3
        r["req_per_s"] = float(m.group(2))
    for key, label in [("request", "time for request"), ("connect", "time for connect")]:
        m = re.search(label + r":\s+(\S+)\s+(\S+)\s+(\S+)", out)
        if m:
            r[key + "_min_ms"], r[key + "_max_ms"], r[key + "_mean_ms"] = map(units, m.groups())
    return r

def main():
    cmd = sys.argv[1]
    if cmd == "row":
        path, n, per_call = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        r = parse(path)
        why = []
        for k in ["total", "done", "succeeded", "s2xx"]:
            if r.get(k) != n: why.append(f"{k}={r.get(k)}")
        for k in ["failed", "errored", "timeout", "s3xx", "s4xx", "s5xx"]:
            if r.get(k) != 0: why.append(f"{k}={r.get(k)}")
        if r.get("bytes_data") != n * per_call:
            why.append(f"data={r.get('bytes_data')}!={n * per_call}")
        print(f"req_per_s={r.get('req_per_s', 0):.1f} seconds={r.get('seconds', 0):.3f} "
              f"data_per_call={r.get('bytes_data', 0) / n:.1f} headers_per_call={r.get('bytes_headers', 0) / n:.1f} "
              f"valid={0 if why else 1} why={','.join(why) or '-'}")
    elif cmd == "probe":
        r = parse(sys.argv[2])
        ok = r.get("succeeded") == 1 and r.get("s2xx") == 1 and r.get("bytes_data") == 5
        print(f"request_ms={r.get('request_max_ms', -1):.3f} connect_ms={r.get('connect_max_ms', -1):.3f} valid={int(ok)}")
    elif cmd == "medians":
        rows = {}
        for line in open(sys.argv[2]):
            if not line.startswith("ROW "): continue
            f = dict(kv.split("=", 1) for kv in line.split()[1:])
            rows.setdefault((f["server"], f["transport"], f["case"]), []).append(f)
        print("| server | transport | case | runs valid | calls/s (median) | server CPU µs/call (median) | all runs calls/s |")
        print("|---|---|---|---:|---:|---:|---|")
        for (s, t, c), fs in rows.items():
            valid = [f for f in fs if f["valid"] == "1"]
            rate = statistics.median(float(f["req_per_s"]) for f in valid) if valid else float("nan")
            cpu = statistics.median(float(f["cpu_us_per_call"]) for f in valid) if valid else float("nan")
            print(f"| {s} | {t} | {c} | {len(valid)}/{len(fs)} | {rate:,.1f} | {cpu:.1f} | "
                  + ", ".join(f["req_per_s"] + ("" if f["valid"] == "1" else " (INVALID)") for f in fs) + " |")
        # mini / cpp, run by run (the two servers of one run and case ran back to back)
        pairs = {}
        for (s, t, c), fs in rows.items():
            for f in fs:
                if f["valid"] == "1": pairs.setdefault((t, c, f["run"]), {})[s] = f
        ratios = {}
        for (t, c, run), by in pairs.items():
            if "mini" in by and "cpp" in by:
                ratios.setdefault((t, c), []).append((float(by["mini"]["req_per_s"]) / float(by["cpp"]["req_per_s"]),
                    float(by["mini"]["cpu_us_per_call"]) / float(by["cpp"]["cpu_us_per_call"])))
        if ratios:
            print()
            print("| transport | case | mini/cpp calls/s, median of runs (each run) | mini/cpp CPU per call, median (each run) |")
            print("|---|---|---|---|")
            for (t, c), rs in ratios.items():
                print(f"| {t} | {c} | {statistics.median(r[0] for r in rs):.2f} ({', '.join(f'{r[0]:.2f}' for r in rs)}) | "
                      f"{statistics.median(r[1] for r in rs):.2f} ({', '.join(f'{r[1]:.2f}' for r in rs)}) |")
    else:
        sys.exit("unknown command")

if __name__ == "__main__":
    main()
