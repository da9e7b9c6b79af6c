#!/usr/bin/env python3
"""pyperformance's bm_generators, run by CPython: a balanced binary tree of 100,000 nodes
walked in order by a recursive generator (`yield from` each subtree). The program is the
benchmark's (pyperformance, `bm_generators`, by Kumar Aditya); pyperf's runner is replaced by
a plain best-of-N timing so that no package is needed.

    python3 benches/python/tree.py                 # ns per node, best of 20 walks
    python3 benches/python/tree.py --quick         # 10,000 nodes, 3 walks
    python3 benches/python/tree.py --json out.json

The Rust rows are in benches/benches/tree/; they compute the same checksum (the sum of the
values, n (n - 1) / 2), which is checked here too before the timing.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Iterator


class Tree:
    def __init__(self, left: Tree | None, value: int, right: Tree | None) -> None:
        self.left = left
        self.value = value
        self.right = right

    def __iter__(self) -> Iterator[int]:
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def tree(input: range) -> Tree | None:
    n = len(input)
    if n == 0:
        return None
    i = n // 2
    return Tree(tree(input[:i]), input[i], tree(input[i + 1:]))


def main() -> None:
    quick = "--quick" in sys.argv or os.environ.get("PYGEN_BENCH_QUICK")
    nodes = 10_000 if quick else 100_000
    walks = 3 if quick else 20
    assert list(tree(range(10))) == list(range(10))
    root = tree(range(nodes))
    assert sum(root) == nodes * (nodes - 1) // 2
    best = float("inf")
    for _ in range(walks):
        t0 = time.perf_counter()
        for _ in root:  # the benchmark's loop: the walk alone
            pass
        best = min(best, time.perf_counter() - t0)
    ns = best * 1e9 / nodes
    print(f"cpython tree walk: {ns:.1f} ns per node ({nodes} nodes, best of {walks})")
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump({"python": platform.python_version(), "nodes": nodes, "walks": walks,
                       "quick": bool(quick), "ns_per_node": ns}, f, indent=1)


if __name__ == "__main__":
    main()
