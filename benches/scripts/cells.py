#!/usr/bin/env python3
"""The in-process cell benchmarks (`shapes`, `depth`, `tree`): raw callgrind dumps to CSV, and
the CSVs to Markdown tables.

    python3 benches/scripts/cells.py collect DUMPDIR TOOLCHAIN > OUT.csv
    python3 benches/scripts/cells.py shapes NIGHTLY.csv [STABLE.csv]   # Markdown on stdout
    python3 benches/scripts/cells.py compare NEW.csv BASELINE.csv   # pygen's change per workload
    python3 benches/scripts/cells.py depth DEPTH.csv
    python3 benches/scripts/cells.py tree DIR TOOLCHAIN NODES > tree.json   # gathers tree.sh's files
    python3 benches/scripts/cells.py tree-md tree.json

`collect` pairs the lines the binary printed in DUMPDIR/lines.txt (`row workload consumer
items checksum`, two per cell: the two sizes) with callgrind's dumps DUMPDIR/cg.out.1, .2, ...
(one per call of `measured_cell`, in call order), and writes one CSV line per cell:
instructions per item = (I2 - I1) / (items2 - items1). report.py imports the table functions.
Pure Python, no dependencies.
"""

import csv
import io
import json
import math
import os
import sys

FIELDS = ["toolchain", "row", "workload", "consumer", "items1", "items2",
          "instructions1", "instructions2", "per_item"]


def collect(directory, toolchain):
    with open(os.path.join(directory, "lines.txt")) as f:
        lines = [line.split() for line in f if line.strip()]
    totals = {}
    for name in os.listdir(directory):
        prefix, _, number = name.rpartition(".")
        if prefix != "cg.out" or not number.isdigit():
            continue
        with open(os.path.join(directory, name)) as f:
            for line in f:
                if line.startswith("totals:"):
                    totals[int(number)] = int(line.split()[1])
    if len(totals) != len(lines) or len(lines) % 2:
        sys.exit(f"error: {len(lines)} measured calls but {len(totals)} callgrind dumps")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(FIELDS)
    for i in range(0, len(lines), 2):
        a, b = lines[i], lines[i + 1]
        if a[:3] != b[:3]:
            sys.exit(f"error: unpaired lines {a} {b}")
        items1, items2 = int(a[3]), int(b[3])
        ir1, ir2 = totals[i + 1], totals[i + 2]
        if items2 <= items1:
            sys.exit(f"error: {a[:3]}: sizes {items1} and {items2} do not grow")
        per = (ir2 - ir1) / (items2 - items1)
        w.writerow([toolchain, *a[:3], items1, items2, ir1, ir2, f"{per:.2f}"])
    sys.stdout.write(out.getvalue())


def load(path):
    """{(row, workload, consumer): per item} and the toolchain of a CSV, or ({}, None)."""
    data, toolchain = {}, None
    try:
        with open(path) as f:
            for rec in csv.DictReader(f):
                data[(rec["row"], rec["workload"], rec["consumer"])] = float(rec["per_item"])
                toolchain = rec["toolchain"]
    except OSError:
        pass
    return data, toolchain


def num(v):
    if v is None:
        return "n/a"
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(r, limit=None):
    if r is None:
        return "n/a"
    text = f"{r:.2f}x"
    return f"**{text}**" if limit is not None and r > limit else text


def geomean(values):
    values = [v for v in values if v]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


# --- shapes -----------------------------------------------------------------------------

SHAPE_ROWS = [
    ("hand", "hand-written"),
    ("pygen-pinned", "pygen pinned"),
    ("pygen-owned", "pygen owned"),
    ("gen", "nightly `gen`"),
    ("async-stream", "async-stream"),
    ("genawaiter-stack", "genawaiter stack"),
    ("genawaiter-rc", "genawaiter rc"),
    ("adapter", "hand via the Stream adapter"),
]
PEERS = ["gen", "async-stream", "genawaiter-stack", "genawaiter-rc"]
WORKLOADS = ["count", "fib", "nested", "send", "async"]
CONSUMER_NOTES = {
    "fold": "`it.fold(0, eat)`",
    "for": "`for x in it`",
    "take": "`it.take(k).fold(..)`, k = half",
    "filter_map": "`it.filter(..).map(..).fold(..)`",
    "next": "`while let Some(x) = it.next()` on `&mut I`",
    "pairs": "two `next()` per turn",
    "collect": "`collect::<Vec<_>>()`, then sum",
    "zip": "`a.zip(b)` (2 generators)",
    "chain": "`for x in a.chain(b)` (2 generators)",
    "max": "`it.max()`",
    "by_ref": "`it.by_ref().take(k)`, then the rest",
    "next_ool": "`next()` behind `#[inline(never)]`",
    "loop": "a `for i in 0..n` loop sending",
    "map": "`(0..n).map(send).fold(..)`",
    "send_ool": "send behind `#[inline(never)]`",
    "two": "two generators fed in turn",
}


def consumers_of(data, workload):
    seen = []
    for (_, w, c) in data:
        if w == workload and c not in seen:
            seen.append(c)
    return seen


def best_peer(data, workload, consumer, exclude=()):
    peers = {r: data[(r, workload, consumer)] for r in PEERS
             if r not in exclude and (r, workload, consumer) in data}
    if not peers:
        return None, None
    r = min(peers, key=peers.get)
    return r, peers[r]


def shapes_tables(data, toolchain):
    """Markdown: one table per workload (consumers down, implementations across)."""
    label = dict(SHAPE_ROWS)
    rows = [r for r, _ in SHAPE_ROWS if any(k[0] == r for k in data)]
    md = []
    for w in WORKLOADS:
        cons = consumers_of(data, w)
        if not cons:
            continue
        cols = [r for r in rows if any((r, w, c) in data for c in cons)]
        md.append(f"**{w}** (instructions per item; the last three columns: ratios, over 2x in bold)")
        md.append("")
        md.append("| consumer | " + " | ".join(label[r] for r in cols)
                  + " | pinned / best peer | owned / best peer | owned / pinned |")
        md.append("|---|" + "---:|" * (len(cols) + 3))
        for c in cons:
            cells = [num(data.get((r, w, c))) for r in cols]
            best, bv = best_peer(data, w, c)
            pinned, owned = data.get(("pygen-pinned", w, c)), data.get(("pygen-owned", w, c))
            best_text = f" ({label[best]})" if best else ""
            md.append(
                f"| {c} | " + " | ".join(cells)
                + f" | {fmt_ratio(ratio(pinned, bv), 2.0)}{best_text} | {fmt_ratio(ratio(owned, bv), 2.0)}"
                + f" | {fmt_ratio(ratio(owned, pinned), 1.25)} |"
            )
        md.append("")
    return "\n".join(md)


def shapes_summary(data):
    """Per workload: geometric means and worst cells of pygen against the best peer."""
    md = ["| workload | cells | pinned / best peer: geomean, worst | owned / best peer: geomean, worst "
          "| owned / pinned: geomean, worst | pinned / hand-written: geomean |",
          "|---|---:|---|---|---|---:|"]
    for w in WORKLOADS:
        cons = consumers_of(data, w)
        if not cons:
            continue
        rs = {"p": [], "o": [], "op": [], "ph": []}
        for c in cons:
            _, bv = best_peer(data, w, c)
            p, o, h = (data.get((r, w, c)) for r in ("pygen-pinned", "pygen-owned", "hand"))
            for key, v in (("p", ratio(p, bv)), ("o", ratio(o, bv)), ("op", ratio(o, p)), ("ph", ratio(p, h))):
                if v is not None:
                    rs[key].append((v, c))

        def gw(key):
            if not rs[key]:
                return "n/a"
            worst = max(rs[key])
            return f"{geomean([v for v, _ in rs[key]]):.2f}x, {worst[0]:.2f}x ({worst[1]})"

        gm = geomean([v for v, _ in rs["ph"]])
        md.append(f"| {w} | {len(cons)} | {gw('p')} | {gw('o')} | {gw('op')} | "
                  f"{'n/a' if gm is None else f'{gm:.2f}x'} |")
    return "\n".join(md)


def out_of_line(data):
    label = dict(SHAPE_ROWS)
    cols = [r for r, _ in SHAPE_ROWS if r != "adapter" and any(k[0] == r for k in data)]
    md = ["| workload | " + " | ".join(label[r] for r in cols) + " |", "|---|" + "---:|" * len(cols)]
    for w, c in (("count", "next_ool"), ("fib", "next_ool"), ("nested", "next_ool"),
                 ("send", "send_ool"), ("async", "next_ool")):
        if any((r, w, c) in data for r in cols):
            md.append(f"| {w} | " + " | ".join(num(data.get((r, w, c))) for r in cols) + " |")
    return "\n".join(md)


def cross_check(nightly, stable):
    """The stable build's figures next to the nightly build's, for the rows both have."""
    md = ["| workload | consumer | pinned: nightly / stable | owned: nightly / stable "
          "| best stable peer: nightly / stable | pinned / that peer: nightly / stable |",
          "|---|---|---:|---:|---:|---:|"]
    flips = []
    for w in WORKLOADS:
        for c in consumers_of(stable, w):
            pn, ps = nightly.get(("pygen-pinned", w, c)), stable.get(("pygen-pinned", w, c))
            on, os_ = nightly.get(("pygen-owned", w, c)), stable.get(("pygen-owned", w, c))
            best, bs = best_peer(stable, w, c, exclude=("gen",))
            bn = nightly.get((best, w, c)) if best else None
            rn, rs = ratio(pn, bn), ratio(ps, bs)
            if rn is not None and rs is not None and (rn <= 2.0) != (rs <= 2.0):
                flips.append(f"{w}/{c}")
            md.append(
                f"| {w} | {c} | {num(pn)} / {num(ps)} | {num(on)} / {num(os_)} | "
                f"{num(bn)} / {num(bs)} ({best}) | {fmt_ratio(rn)} / {fmt_ratio(rs)} |"
            )
    return "\n".join(md), flips


def load_time(csv_path):
    """shapes-time-TOOLCHAIN.txt beside shapes-TOOLCHAIN.csv: {(row, workload, consumer): ns}."""
    path = csv_path.replace("shapes-", "shapes-time-").replace(".csv", ".txt")
    data = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 4:
                    data[tuple(parts[:3])] = float(parts[3])
    except OSError:
        pass
    return data


def time_summary(data):
    md = ["| workload | pinned / best peer: geomean, worst | owned / best peer: geomean, worst "
          "| pinned / hand-written: geomean |", "|---|---|---|---:|"]
    for w in WORKLOADS:
        cons = consumers_of(data, w)
        if not cons:
            continue
        rs = {"p": [], "o": [], "h": []}
        for c in cons:
            _, bv = best_peer(data, w, c)
            p, o, h = (data.get((r, w, c)) for r in ("pygen-pinned", "pygen-owned", "hand"))
            for key, v in (("p", ratio(p, bv)), ("o", ratio(o, bv)), ("h", ratio(p, h))):
                if v is not None:
                    rs[key].append((v, c))

        def gw(key):
            if not rs[key]:
                return "n/a"
            worst = max(rs[key])
            return f"{geomean([v for v, _ in rs[key]]):.2f}x, {worst[0]:.2f}x ({worst[1]})"

        gm = geomean([v for v, _ in rs["h"]])
        md.append(f"| {w} | {gw('p')} | {gw('o')} | {'n/a' if gm is None else f'{gm:.2f}x'} |")
    return "\n".join(md)


def shapes_markdown(nightly_csv, stable_csv=None, heading="##"):
    main, tc_main = load(nightly_csv)
    other, tc_other = load(stable_csv) if stable_csv else ({}, None)
    if not main and other:
        main, tc_main, other, tc_other = other, tc_other, {}, None
    if not main:
        return ""
    md = [f"{heading} Code shapes: instructions per item (callgrind), {tc_main} build", ""]
    md.append(
        "Every workload consumed through generic `#[inline(never)]` consumers in one binary "
        "(`benches/benches/shapes/`); each row's generator function is consumed by all of them. "
        "Peers: nightly `gen` blocks (`gen` row; a `#[coroutine]` for `send`, `async gen` for "
        "`async`), async-stream, genawaiter. async-stream is read through a no-op-waker "
        "`Stream`-to-`Iterator` adapter in the iterator workloads; the last row "
        "(hand-written iterators through that adapter) shows what the adapter costs. "
        "\"best peer\" is the fewest instructions among the generator peers."
    )
    md.append("")
    if tc_main != "nightly":
        md.append("(No nightly build: the nightly `gen` row is missing.)")
        md.append("")
    md += ["Summary (geometric mean over the consumers of each workload, and the worst cell):", ""]
    md += [shapes_summary(main), ""]
    md += ["Out-of-line resume (`next()` / send / `poll_next` behind an `#[inline(never)]` "
           "function, in a loop; consumer loop included):", "", out_of_line(main), ""]
    md.append(shapes_tables(main, tc_main))
    main_csv = nightly_csv if tc_main == load(nightly_csv)[1] else stable_csv
    times = load_time(main_csv)
    if times:
        md += [f"{heading}# Cross-check: wall-clock time, the same {tc_main} binary", "",
               "ns per item, the fastest of 15 runs of 100,000 items in one process (`shapes time`; "
               "a noisy shared machine: ratios only), summarized as above:", "", time_summary(times), ""]
    if other:
        table, flips = cross_check(main, other)
        md += [f"{heading}# Cross-check: the same cells built by the {tc_other} toolchain", ""]
        md.append(
            f"The rows both builds have ({tc_main} build / {tc_other} build), and pygen's ratio "
            "to the best peer the stable build has (nightly `gen` left out of both)."
        )
        md.append("")
        md.append(
            "Cells where the 2x verdict differs between the two builds: "
            + (", ".join(flips) if flips else "none") + "."
        )
        md += ["", table, ""]
    return "\n".join(md)


def compare_markdown(new_csv, old_csv):
    """pygen's figures against a baseline CSV (e.g. the committed results/shapes-nightly.csv)."""
    new, tc_new = load(new_csv)
    old, tc_old = load(old_csv)
    if not new or not old:
        return f"(no comparison: {new_csv if not new else old_csv} has no cells)"
    md = [f"## pygen against the baseline {old_csv} ({tc_old} build; now: {tc_new} build)", "",
          "| workload | row | baseline geomean | now | now / baseline | cells changed by more than 2% |",
          "|---|---|---:|---:|---:|---|"]
    for w in WORKLOADS:
        for row in ("pygen-pinned", "pygen-owned"):
            keys = [k for k in new if k[0] == row and k[1] == w and k in old]
            if not keys:
                continue
            a, b = geomean([old[k] for k in keys]), geomean([new[k] for k in keys])
            changed = [f"{k[2]} {num(old[k])} -> {num(new[k])}" for k in keys
                       if abs(new[k] - old[k]) > 0.02 * old[k]]
            md.append(f"| {w} | {row} | {num(a)} | {num(b)} | {b / a:.2f}x | "
                      f"{'; '.join(changed) if changed else 'none'} |")
    peers = [k for k in new if k[0] not in ("pygen-pinned", "pygen-owned") and k in old
             and abs(new[k] - old[k]) > 0.02 * old[k]]
    md.append("")
    md.append(f"Other rows' cells changed by more than 2%: {len(peers)} "
              "(they should not move when only pygen changes; if many did, the compilers differ).")
    return "\n".join(md) + "\n"


# --- depth and tree ---------------------------------------------------------------------


def depth_markdown(path, heading="##"):
    data, toolchain = load(path)
    if not data:
        return ""
    rows = []
    for (r, _, _) in data:
        if r not in rows:
            rows.append(r)
    depths = sorted({int(w) for (_, w, _) in data})
    md = [f"{heading} Delegation depth: instructions per item (callgrind), {toolchain} build", ""]
    md.append("| implementation | " + " | ".join(f"depth {d}" for d in depths)
              + " | 10 / 1 | 1000 / 10 |")
    md.append("|---|" + "---:|" * (len(depths) + 2))
    for r in rows:
        vals = {d: data.get((r, str(d), "fold")) for d in depths}
        md.append(f"| {r} | " + " | ".join(num(vals[d]) for d in depths)
                  + f" | {fmt_ratio(ratio(vals.get(10), vals.get(1)))} "
                  + f"| {fmt_ratio(ratio(vals.get(1000), vals.get(10)))} |")
    return "\n".join(md) + "\n"


TREE_ROWS = [
    ("hand-stack", "hand-written explicit-stack iterator"),
    ("recursive-vec", "recursive function pushing into a `Vec`"),
    ("pygen", "pygen (`yield_from!` of `.boxed_local()`, pinned, fold)"),
    ("pygen-for", "pygen (the same, owned, `for` loop)"),
    ("gen", "nightly `gen` (recursion through `Box<dyn Iterator>`)"),
    ("async-stream", "async-stream (`Pin<Box<dyn Stream>>`, adapter)"),
    ("genawaiter-rc", "genawaiter rc (boxed producer, re-yield loops)"),
]


def tree_collect(directory, toolchain, nodes):
    """tree.csv, tree-time.txt, tree-alloc.txt and tree-python.json of DIR into one JSON."""
    instr, _ = load(os.path.join(directory, "tree.csv"))
    rows = {}
    for (r, _, _), v in instr.items():
        rows.setdefault(r, {})["instructions_per_node"] = v
    for name, keys in (("tree-time.txt", ["ns_per_node"]),
                       ("tree-alloc.txt", ["allocs_per_node", "bytes_per_node"])):
        try:
            with open(os.path.join(directory, name)) as f:
                for line in f:
                    parts = line.split()
                    for key, value in zip(keys, parts[1:]):
                        rows.setdefault(parts[0], {})[key] = float(value)
        except OSError:
            pass
    python = None
    try:
        with open(os.path.join(directory, "tree-python.json")) as f:
            python = json.load(f)
    except OSError:
        pass
    json.dump({"toolchain": toolchain, "nodes": int(nodes), "rows": rows, "cpython": python},
              sys.stdout, indent=1)


def tree_markdown(path, heading="##"):
    try:
        with open(path) as f:
            data = json.load(f)
    except OSError:
        return ""
    rows, py = data["rows"], data.get("cpython")
    hand = rows.get("hand-stack", {})
    md = [f"{heading} pyperformance `bm_generators`: in-order walk of a {data['nodes']:,}-node tree, "
          f"{data['toolchain']} build", ""]
    md.append("| implementation | instructions per node | / explicit stack | ns per node | / explicit stack "
              "| CPython's time / this | heap allocations per node | heap bytes per node |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r, label in TREE_ROWS:
        d = rows.get(r)
        if not d:
            continue
        i, t = d.get("instructions_per_node"), d.get("ns_per_node")
        cp = py["ns_per_node"] / t if py and t else None
        md.append(
            f"| {label} | {num(i)} | {fmt_ratio(ratio(i, hand.get('instructions_per_node')))} | "
            f"{num(t)} | {fmt_ratio(ratio(t, hand.get('ns_per_node')))} | "
            f"{'n/a' if cp is None else f'{cp:.1f}x'} | {d.get('allocs_per_node', float('nan')):.2f} | "
            f"{d.get('bytes_per_node', float('nan')):.1f} |"
        )
    if py:
        md.append(f"| CPython {py['python']} (the original program) | n/a | n/a | {num(py['ns_per_node'])} | "
                  f"{fmt_ratio(ratio(py['ns_per_node'], hand.get('ns_per_node')))} | 1.0x | n/a | n/a |")
    md.append("")
    md.append("Instructions: callgrind, two walks minus one (tree construction excluded). Time: the "
              "fastest of repeated walks in one process (`tree time`), CPython the fastest of "
              f"{py['walks'] if py else 'several'} walks (`benches/python/tree.py`). Allocations: "
              "a counting global allocator around one walk.")
    return "\n".join(md) + "\n"


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "tree":
        tree_collect(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) >= 3 and sys.argv[1] == "tree-md":
        print(tree_markdown(sys.argv[2]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "collect":
        collect(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "shapes":
        print(shapes_markdown(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
    elif len(sys.argv) >= 4 and sys.argv[1] == "compare":
        print(compare_markdown(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "depth":
        print(depth_markdown(sys.argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
