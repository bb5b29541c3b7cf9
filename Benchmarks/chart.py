#!/usr/bin/env python3
"""Renders ListStrings benchmark rows as an SVG chart: ns per message by implementation,
transport and respSize, on a log scale. Python standard library only.

    Benchmarks/chart.py -o chart.svg [--title TEXT] RESULTS...

RESULTS are files with the benchmark's JSON lines (run.sh's output, or the medians of
`ListStringsBench --aggregate`); other lines are ignored. When a row (impl, transport, case)
appears more than once, the last one wins. Only the streaming cases respSize=1, 10 and 100
are drawn; one horizontal bar per respSize for each implementation and transport.
"""
import argparse
import json
import math
import sys
from html import escape

CASES = ["respSize=1", "respSize=10", "respSize=100"]
COLORS = {"respSize=1": "#1f77b4", "respSize=10": "#ff7f0e", "respSize=100": "#2ca02c"}
TRANSPORT_ORDER = {"inproc": 0, "unix": 1, "tcp": 2}


def load(paths):
    rows = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                r = json.loads(line)
                if r.get("case") in CASES and r.get("ns_per_msg"):
                    rows[(r["impl"], r.get("transport", "inproc"), r["case"])] = float(r["ns_per_msg"])
    return rows


def label_ns(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1.0)):
        if ns >= scale:
            v = ns / scale
            return f"{v:.3g} {unit}" if v < 1000 else f"{v:.0f} {unit}"
    return f"{ns:.3g} ns"


def render(rows, title):
    groups = sorted({(impl, t) for impl, t, _ in rows},
                    key=lambda g: (TRANSPORT_ORDER.get(g[1], 9), min(rows.get((g[0], g[1], c), math.inf) for c in CASES)))
    values = list(rows.values())
    lo = 10 ** math.floor(math.log10(min(values)))
    hi = 10 ** math.ceil(math.log10(max(values)))
    left, right, top, bar, gap = 230, 90, 70, 9, 12
    width = 900
    plot_w = width - left - right
    group_h = bar * len(CASES) + gap
    height = top + group_h * len(groups) + 60

    def x(v):
        return left + plot_w * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
           f'<text x="{left}" y="40" fill="#555">ns per message (log scale; shorter is faster), '
           f'10,000 strings of 100 bytes per call</text>']
    # Legend.
    lx = left
    for c in CASES:
        out.append(f'<rect x="{lx}" y="50" width="12" height="10" fill="{COLORS[c]}"/>')
        out.append(f'<text x="{lx + 16}" y="59">{c} ({10000 // int(c.split("=")[1])} messages)</text>')
        lx += 190
    # Decade grid.
    d = lo
    while d <= hi * 1.0001:
        gx = x(d)
        out.append(f'<line x1="{gx:.1f}" y1="{top - 4}" x2="{gx:.1f}" y2="{height - 45}" stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{height - 30}" text-anchor="middle" fill="#333">{label_ns(d)}</text>')
        d *= 10
    # Bars.
    for i, (impl, transport) in enumerate(groups):
        y0 = top + i * group_h
        if i > 0 and transport != groups[i - 1][1]:
            out.append(f'<line x1="10" y1="{y0 - gap / 2:.1f}" x2="{width - 10}" y2="{y0 - gap / 2:.1f}" stroke="#999" stroke-dasharray="4 3"/>')
        bold = ' font-weight="bold"' if impl == "grpc-mini" else ""
        out.append(f'<text x="{left - 8}" y="{y0 + bar * len(CASES) / 2 + 4:.1f}" text-anchor="end"{bold}>'
                   f'{escape(impl)} ({escape(transport)})</text>')
        for j, c in enumerate(CASES):
            v = rows.get((impl, transport, c))
            if v is None:
                continue
            y = y0 + j * bar
            out.append(f'<rect x="{left}" y="{y}" width="{max(1.0, x(v) - left):.1f}" height="{bar - 1}" fill="{COLORS[c]}">'
                       f'<title>{escape(impl)} {transport} {c}: {v:.1f} ns/msg</title></rect>')
            out.append(f'<text x="{x(v) + 4:.1f}" y="{y + bar - 1.5}" font-size="9" fill="#333">{label_ns(v)}</text>')
    out.append(f'<text x="{left}" y="{height - 10}" fill="#555">inproc: one process; unix, tcp: HTTP/2 server and client '
               f'in separate processes (raw: plain socket floor, no gRPC)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("results", nargs="+")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--title", default="ListStrings: ns per message")
    a = p.parse_args()
    rows = load(a.results)
    if not rows:
        sys.exit("chart.py: no respSize rows in " + ", ".join(a.results))
    svg = render(rows, a.title)
    with open(a.output, "w", encoding="utf-8") as f:
        f.write(svg)
    print(f"chart.py: {len(rows)} bars -> {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
