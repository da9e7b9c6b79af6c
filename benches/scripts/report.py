#!/usr/bin/env python3
"""Turns the raw benchmark results into benches/results/RESULTS.md and two SVG charts.

    python3 benches/scripts/report.py [--criterion DIR] [--results DIR]

Reads (each optional; what is missing is left out and said so):
  DIR/criterion/<workload>/<row>/new/{estimates,benchmark}.json   criterion timings
  results/callgrind.csv    instructions per item (scripts/callgrind.sh)
  results/python.json      CPython timings (python/generators.py)
  results/memory.json      heap and sizes (the `memory` bench target)
  results/shapes-{nightly,stable}.csv, depth.csv, tree.json, compile_time.json
                           code shapes, delegation depth, tree walk, compile time
                           (scripts/shapes.sh, depth.sh, tree.sh, compile_time.py)
Writes results/RESULTS.md, results/instructions.svg and results/time.svg. Pure Python, no
dependencies, no network.
"""

import csv
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cells  # noqa: E402  (the shapes, depth and tree tables)
import compile_time  # noqa: E402

ROWS = [
    ("hand", "hand-written"),
    ("from_fn", "iter::from_fn"),
    ("pygen-pinned", "pygen pinned"),
    ("pygen-owned", "pygen owned"),
    ("genawaiter-stack", "genawaiter stack"),
    ("genawaiter-rc", "genawaiter rc"),
    ("next-gen", "next-gen"),
    ("fauxgen", "fauxgen"),
    ("async-stream", "async-stream"),
    ("generator", "generator"),
    ("corosensei", "corosensei"),
    ("cpython", "CPython"),
]
LABEL = dict(ROWS)
WORKLOADS = ["count", "fib", "nested", "spawn", "send", "delegate", "async"]
PYGEN = ["pygen-pinned", "pygen-owned"]
COLORS = {
    "hand": "#444444",
    "from_fn": "#8c8c8c",
    "pygen-pinned": "#1f5fbf",
    "pygen-owned": "#78a6e8",
    "genawaiter-stack": "#2ca02c",
    "genawaiter-rc": "#98df8a",
    "next-gen": "#d62728",
    "fauxgen": "#ff9896",
    "async-stream": "#9467bd",
    "generator": "#8c564b",
    "corosensei": "#e377c2",
    "cpython": "#e0b000",
}


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def load_criterion(directory):
    """{workload: {row: ns per item}} from criterion's output directory."""
    out = {}
    for workload in WORKLOADS:
        for row, _ in ROWS:
            base = os.path.join(directory, workload, row, "new")
            try:
                with open(os.path.join(base, "estimates.json")) as f:
                    estimates = json.load(f)
                with open(os.path.join(base, "benchmark.json")) as f:
                    bench = json.load(f)
            except OSError:
                continue
            items = (bench.get("throughput") or {}).get("Elements")
            if not items:
                continue
            out.setdefault(workload, {})[row] = estimates["median"]["point_estimate"] / items
    return out


def load_callgrind(path):
    out = {}
    try:
        with open(path) as f:
            for rec in csv.DictReader(f):
                if rec["per_item"] not in ("", "n/a"):
                    out.setdefault(rec["workload"], {})[rec["row"]] = float(rec["per_item"])
    except OSError:
        pass
    return out


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError:
        return None


def fmt_abs(value, unit):
    if unit == "ns":
        return f"{value:.2f} ns" if value < 10 else f"{value:.1f} ns" if value < 100 else f"{value:.0f} ns"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(data, unit, rows):
    """Markdown: one line per workload, one column per implementation, ratio (absolute)."""
    present = [r for r, _ in ROWS if r in rows and any(r in data.get(w, {}) for w in WORKLOADS)]
    lines = ["| workload | " + " | ".join(LABEL[r] for r in present) + " |"]
    lines.append("|---|" + "---:|" * len(present))
    for w in WORKLOADS:
        d = data.get(w)
        if not d:
            continue
        hand = d.get("hand")
        cells = []
        for r in present:
            v = d.get(r)
            if v is None:
                cells.append("n/a")
            elif hand:
                ratio = v / hand
                text = f"{ratio:.2f}x ({fmt_abs(v, unit)})"
                cells.append(f"**{text}**" if r in PYGEN else text)
            else:
                cells.append(fmt_abs(v, unit))
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def svg_chart(title, subtitle, data, rows):
    """A grouped horizontal bar chart of ratios to the hand-written iterator, log scale."""
    present = [r for r, _ in ROWS if r in rows]
    workloads = [w for w in WORKLOADS if data.get(w) and data[w].get("hand")]
    bar, gap, group_gap = 11, 2, 18
    left, right, top = 150, 70, 70
    width = 960
    plot = width - left - right
    ratios = [data[w][r] / data[w]["hand"] for w in workloads for r in present if r in data[w]]
    lo = 0.5
    hi = max([2.0] + ratios) * 1.2
    ticks = [t for t in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000) if lo <= t <= hi]

    def x(ratio):
        ratio = max(ratio, lo)
        return left + plot * (math.log(ratio) - math.log(lo)) / (math.log(hi) - math.log(lo))

    height = top + sum(
        group_gap + 16 + sum(bar + gap for r in present if r in data[w]) for w in workloads
    ) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="24" font-size="16" font-weight="bold">{title}</text>',
        f'<text x="{left}" y="42" fill="#555">{subtitle}</text>',
    ]
    for t in ticks:
        tx = x(t)
        color = "#000" if t == 1 else "#ddd"
        out.append(f'<line x1="{tx:.1f}" y1="{top - 8}" x2="{tx:.1f}" y2="{height - 30}" stroke="{color}"/>')
        out.append(f'<text x="{tx:.1f}" y="{top - 12}" text-anchor="middle" fill="#555">{t:g}x</text>')
    y = top
    for w in workloads:
        y += group_gap
        out.append(f'<text x="8" y="{y}" font-weight="bold" font-size="12">{w}</text>')
        y += 4
        for r in present:
            if r not in data[w]:
                continue
            ratio = data[w][r] / data[w]["hand"]
            x0, x1 = x(lo), x(ratio)
            out.append(f'<text x="{left - 6}" y="{y + bar - 2}" text-anchor="end">{LABEL[r]}</text>')
            out.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar}" '
                f'fill="{COLORS[r]}"><title>{LABEL[r]} {w}: {ratio:.2f}x</title></rect>'
            )
            out.append(f'<text x="{x1 + 4:.1f}" y="{y + bar - 2}" fill="#333">{ratio:.2f}x</text>')
            y += bar + gap
    out.append(
        f'<text x="{left}" y="{height - 12}" fill="#555">ratio to the hand-written iterator '
        f"(log scale; lower is better; 1x is the limit)</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def check_targets(instr, time, memory):
    """The performance targets of the isolated loops, each with the figures that decide it."""
    lines = []

    def within(data, w, row, base_row, limit):
        d = data.get(w, {})
        if row not in d or base_row not in d:
            return None
        return d[row] / d[base_row], d[row] / d[base_row] <= limit

    for row in PYGEN:
        for w in ["count", "fib", "nested", "send"]:
            for name, data in (("instructions", instr), ("time", time)):
                r = within(data, w, row, "hand", 1.10)
                if r:
                    lines.append((f"{LABEL[row]} {w} within 1.10x of hand-written ({name})", r))
        for name, data in (("instructions", instr), ("time", time)):
            d = data.get("delegate", {})
            flat = data.get("count", {}).get(row)
            if row in d and flat:
                ratio = d[row] / flat
                lines.append(
                    (f"{LABEL[row]} delegate within 1.25x of a flat generator ({name})", (ratio, ratio <= 1.25))
                )
        for name, data in (("instructions", instr), ("time", time)):
            for w in WORKLOADS:
                d = data.get(w, {})
                if row not in d:
                    continue
                peers = {
                    # from_fn compiles to the hand-written iterator: it is the limit, not a
                    # generator crate to beat.
                    r: v for r, v in d.items() if r not in PYGEN and r not in ("hand", "from_fn")
                }
                if not peers:
                    continue
                best = min(peers, key=peers.get)
                ratio = d[row] / peers[best]
                lines.append(
                    (
                        f"{LABEL[row]} {w} faster than every generator peer ({name}; closest: {LABEL[best]})",
                        (ratio, ratio < 1.0),
                    )
                )
    if memory:
        allocs = {r["id"]: r["allocs_per_gen"] for r in memory["rows"]}
        if "pygen-pinned" in allocs:
            a = allocs["pygen-pinned"]
            lines.append(("spawn: 0 heap allocations per generator pinned", (a, a == 0)))
        if "pygen-owned" in allocs:
            a = allocs["pygen-owned"]
            lines.append(("spawn: 1 heap allocation per generator owned", (a, a == 1)))
        for s in memory.get("pygen_sizes", []):
            over = s["generator"] - s["body"]
            lines.append(
                (f"size of a pinned generator ({s['name']}) <= state machine + 8 B", (over, over <= 8))
            )
    return lines


def check_new_targets(results):
    """The performance targets for code shapes, out-of-line resume, delegation depth and the tree."""
    lines = []
    shapes, _ = cells.load(os.path.join(results, "shapes-nightly.csv"))
    if not shapes:
        shapes, _ = cells.load(os.path.join(results, "shapes-stable.csv"))
    if shapes:
        for row, label in (("pygen-pinned", "pinned"), ("pygen-owned", "owned")):
            worst, where, n = 0.0, "", 0
            for (r, w, c), v in shapes.items():
                if r != row:
                    continue
                _, best = cells.best_peer(shapes, w, c)
                if best:
                    n += 1
                    if v / best > worst:
                        worst, where = v / best, f"{w}/{c}"
            lines.append((f"code shapes: pygen {label} within 2x of the best generator peer in every "
                          f"cell ({n} cells; worst: {where})", (worst, worst <= 2.0)))
        worst, where = 0.0, ""
        for (r, w, c), v in shapes.items():
            p = shapes.get(("pygen-pinned", w, c))
            if r == "pygen-owned" and p and v / p > worst:
                worst, where = v / p, f"{w}/{c}"
        lines.append((f"code shapes: owned within 1.25x of pinned in every cell (worst: {where})",
                       (worst, worst <= 1.25)))
        for row in ("pygen-pinned", "pygen-owned"):
            v = shapes.get((row, "count", "next_ool"))
            if v is not None:
                lines.append((f"out-of-line resume of count <= 40 instructions per item ({LABEL[row]})",
                              (v, v <= 40)))
    depth, _ = cells.load(os.path.join(results, "depth.csv"))
    if depth:
        d = {(r, w): v for (r, w, _), v in depth.items()}
        for row, a, b, what in (("pygen-inline", "10", "1", "inline: 10 levels within 1.5x of 1 level"),
                                ("pygen-boxed", "1000", "10", "boxed recursion: 1000 deep within 1.5x of 10 deep")):
            if (row, a) in d and (row, b) in d:
                r = d[(row, a)] / d[(row, b)]
                lines.append((f"delegation {what} (instructions)", (r, r <= 1.5)))
    try:
        with open(os.path.join(results, "tree.json")) as f:
            tree = json.load(f)
    except OSError:
        tree = None
    if tree:
        p, h = tree["rows"].get("pygen", {}), tree["rows"].get("hand-stack", {})
        if "instructions_per_node" in p and "instructions_per_node" in h:
            r = p["instructions_per_node"] / h["instructions_per_node"]
            lines.append(("tree walk within 4x of the explicit-stack iterator (instructions)", (r, r <= 4.0)))
        if tree.get("cpython") and p.get("ns_per_node"):
            r = tree["cpython"]["ns_per_node"] / p["ns_per_node"]
            lines.append(("tree walk 10x faster than CPython (CPython's time / pygen's)", (r, r >= 10.0)))
    return lines


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    results = arg("--results", os.path.join(here, "..", "results"))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "..", "..", "target"))
    criterion_dir = arg("--criterion", os.path.join(target, "criterion"))

    time = load_criterion(criterion_dir)
    instr = load_callgrind(os.path.join(results, "callgrind.csv"))
    python = load_json(os.path.join(results, "python.json"))
    memory = load_json(os.path.join(results, "memory.json"))
    if python:
        for w, rec in python["workloads"].items():
            time.setdefault(w, {})["cpython"] = rec["ns_per_item"]

    md = ["# Benchmark results", ""]
    md.append(
        "Generated by `benches/scripts/report.py`; see `benches/README.md` for the commands, "
        "the machine and what each row means. Cells: ratio to the hand-written iterator "
        "(lower is better), then the absolute figure. pygen in bold."
    )
    md.append("")
    if instr:
        md += ["## Instructions per item (valgrind callgrind)", "", table(instr, "instr", LABEL), ""]
        md += ["![instructions per item](instructions.svg)", ""]
    else:
        md += ["## Instructions per item", "", "Not measured (valgrind missing?).", ""]
    if time:
        quick = " (QUICK sizes: smoke run, not for comparison)" if python and python.get("quick") else ""
        md += [f"## Time per item (criterion median; CPython: best of several runs){quick}", ""]
        md += [table(time, "ns", LABEL), "", "![time per item](time.svg)", ""]
    else:
        md += ["## Time per item", "", "Not measured (no criterion results found).", ""]
    if memory:
        md += ["## Heap and size per generator (counting allocator, `size_of_val`)", ""]
        md.append(
            "| implementation | size of the generator value | heap allocations per generator "
            "| heap bytes per generator | heap allocations per item | note |"
        )
        md.append("|---|---:|---:|---:|---:|---|")
        for r in memory["rows"]:
            md.append(
                f"| {LABEL.get(r['id'], r['id'])} | {r['size']} B | {r['allocs_per_gen']:g} | "
                f"{r['bytes_per_gen']:g} B | {r['allocs_per_item']:g} | {r['note']} |"
            )
        nb = memory.get("next_gen_boxed")
        if nb:
            md.append("")
            md.append(
                f"next-gen boxed (`mk_gen!(let g = box f())`): {nb['allocs']} allocation(s), "
                f"{nb['bytes']} B per generator."
            )
        md.append("")
    shapes_md = cells.shapes_markdown(
        os.path.join(results, "shapes-nightly.csv"), os.path.join(results, "shapes-stable.csv")
    )
    if shapes_md:
        md += [shapes_md, ""]
    for part in (
        cells.depth_markdown(os.path.join(results, "depth.csv")),
        cells.tree_markdown(os.path.join(results, "tree.json")),
    ):
        if part:
            md += [part, ""]
    ct = load_json(os.path.join(results, "compile_time.json"))
    if ct:
        md += [compile_time.markdown(ct), ""]
    targets = check_targets(instr, time, memory) + check_new_targets(results)
    if targets:
        md += [
            "## Performance targets",
            "",
            "The project's own targets (what each means: `benches/README.md`), each with the figure that decides it.",
            "",
            "| target | figure | met |",
            "|---|---:|---|",
        ]
        for name, (value, ok) in targets:
            ratio = isinstance(value, float) and not name.startswith(("size", "spawn:", "out-of-line"))
            figure = f"{value:.2f}x" if ratio else f"{value:g}"
            md.append(f"| {name} | {figure} | {'yes' if ok else '**no**'} |")
        md.append("")

    with open(os.path.join(results, "RESULTS.md"), "w") as f:
        f.write("\n".join(md))
    if instr:
        with open(os.path.join(results, "instructions.svg"), "w") as f:
            f.write(
                svg_chart(
                    "Instructions per item, ratio to a hand-written Iterator",
                    "valgrind callgrind; release, fat LTO, codegen-units=1",
                    instr,
                    LABEL,
                )
            )
    if time:
        with open(os.path.join(results, "time.svg"), "w") as f:
            f.write(
                svg_chart(
                    "Time per item, ratio to a hand-written Iterator",
                    "criterion median (CPython: best of several runs); same machine, same run",
                    time,
                    LABEL,
                )
            )
    print(f"wrote {os.path.join(results, 'RESULTS.md')}")


if __name__ == "__main__":
    main()
