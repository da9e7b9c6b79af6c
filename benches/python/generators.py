#!/usr/bin/env python3
"""CPython running the SPEC 7 workloads: the row a Python user compares against.

The same generators as the Rust rows (benches/benches/common/), the same sizes, the same
checksums (sums of the items modulo 2**64; the running averages summed as floats), consumed
the way Python code consumes them: `for x in g`, `g.send(v)`, `yield from`, `async for`.

    python3 benches/python/generators.py            # about 100k items per workload
    python3 benches/python/generators.py --quick    # about 1k items (CI smoke run)
    python3 benches/python/generators.py --json out.json

Prints nanoseconds per item (best of several runs) and, with --json, writes them for
benches/scripts/report.py. PYGEN_BENCH_QUICK=1 selects the quick sizes too.
"""

import json
import os
import platform
import struct
import sys
import time

MASK = (1 << 64) - 1


# --- the generators -------------------------------------------------------------------


def counter(n):
    for i in range(n):
        yield i


def fibonacci():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, (a + b) & MASK


def nested(n):
    for i in range(n):
        for j in range(n):
            if (i ^ j) % 3 == 0:
                yield i * n + j


def eight(k):
    for i in range(8):
        yield k * 8 + i


def averager():
    total, count = 0.0, 0.0
    average = 0.0
    while True:
        total += yield average
        count += 1.0
        average = total / count


def leaf(n):
    for i in range(n):
        yield i


def delegate1(n):
    yield from leaf(n)


def delegate2(n):
    yield from delegate1(n)


def delegate3(n):
    yield from delegate2(n)


async def ready(value):
    return value


async def async_counter(n):
    for i in range(n):
        v = await ready(i)
        yield v


# --- the consumers (one per workload, as in the Rust rows) ----------------------------


def run_count(n):
    acc = 0
    for x in counter(n):
        acc += x
    return acc & MASK


def run_fib(n):
    acc = 0
    g = fibonacci()
    for _ in range(n):
        acc += next(g)
    return acc & MASK


def run_nested(n):
    acc = 0
    for x in nested(n):
        acc += x
    return acc & MASK


def run_spawn(n):
    acc = 0
    for k in range(n):
        for x in eight(k):
            acc += x
    return acc & MASK


def run_send(n):
    avg = averager()
    next(avg)  # run to the first yield
    acc = 0.0
    for i in range(n):
        acc += avg.send(float(i % 1024))
    return acc


def run_delegate(n):
    acc = 0
    for x in delegate3(n):
        acc += x
    return acc & MASK


def block_on(coro):
    """Runs a coroutine that never waits on anything (as futures::executor::block_on)."""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    raise RuntimeError("the coroutine waited on something")


def run_async(n):
    async def consume():
        acc = 0
        async for x in async_counter(n):
            acc += x
        return acc & MASK

    return block_on(consume())


WORKLOADS = {
    "count": run_count,
    "fib": run_fib,
    "nested": run_nested,
    "spawn": run_spawn,
    "send": run_send,
    "delegate": run_delegate,
    "async": run_async,
}


def size(workload, quick):
    """The sizes of Workload::size in benches/benches/common/mod.rs."""
    if workload == "nested":
        return 55 if quick else 548
    if workload == "spawn":
        return 1_000 if quick else 1_000_000
    return 1_000 if quick else 100_000


def items(workload, n):
    if workload == "nested":
        return sum(1 for i in range(n) for j in range(n) if (i ^ j) % 3 == 0)
    if workload == "spawn":
        return 8 * n
    return n


def main():
    quick = "--quick" in sys.argv or bool(os.environ.get("PYGEN_BENCH_QUICK"))
    json_path = None
    if "--json" in sys.argv:
        json_path = sys.argv[sys.argv.index("--json") + 1]
    repeats = 3 if quick else 7

    results = {}
    for name, run in WORKLOADS.items():
        n = size(name, quick)
        count = items(name, n)
        best = None
        checksum = None
        for _ in range(repeats if name != "spawn" or quick else 3):
            start = time.perf_counter_ns()
            checksum = run(n)
            elapsed = time.perf_counter_ns() - start
            best = elapsed if best is None else min(best, elapsed)
        per_item = best / count
        if isinstance(checksum, float):
            checksum = struct.unpack("<Q", struct.pack("<d", checksum))[0]
        results[name] = {"n": n, "items": count, "ns_per_item": per_item, "checksum": checksum}
        print(f"{name:10} {per_item:8.1f} ns/item  ({count} items, checksum {checksum})")

    if json_path:
        with open(json_path, "w") as f:
            json.dump(
                {
                    "python": platform.python_implementation() + " " + platform.python_version(),
                    "quick": quick,
                    "workloads": results,
                },
                f,
                indent=2,
            )
            f.write("\n")


if __name__ == "__main__":
    main()
