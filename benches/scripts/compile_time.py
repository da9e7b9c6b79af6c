#!/usr/bin/env python3
"""Compile time (SPEC 7, issue 12): a crate of 300 small generators, each used once, written
with pygen, with async-stream's `stream!`, as hand-written iterators (the baseline), and with
nightly `gen` blocks when a nightly toolchain is installed; debug and release build times of
that crate alone (its dependencies prebuilt), several runs, medians and ratios.

    python3 benches/scripts/compile_time.py [--runs N] [--generators N] [--quick] [--json OUT]

The crates are generated under $CARGO_TARGET_DIR/compile-time/ (default target/), each its own
workspace with the workspace's Cargo.lock copied in (the same dependency versions) and one
shared target directory. Each measured build is `cargo build [--release]` after touching
src/main.rs, so only that crate is compiled (and linked); one unmeasured build first builds
the dependencies. The stable rows are built by the default toolchain; with a nightly
toolchain, the nightly rows (`gen`, and pygen, async-stream and hand again) by `cargo
+nightly`, so that `gen` is compared with pygen under one compiler. Prints a Markdown table.
`--quick` (the CI smoke run): 30 generators, debug, one build, stable only.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def body(i):
    """The i-th generator's loop: a filter and an arithmetic step that differ per generator."""
    k, r, m = 2 + i % 7, i % 2, 1 + i % 5
    return k, r, m


def consumers(count, expr):
    """Each generator used once, in a function of its own (as in a program: one generator, one
    place; and no single giant function that would measure LLVM on one huge body), and `main`
    summing them."""
    lines = []
    for i in range(count):
        lines += ["#[inline(never)]", f"fn use{i}(n: u64) -> u64 {{ {expr.format(i=i)} }}"]
    lines += ["fn main() {", "    let n = std::env::args().count() as u64 + 10;", "    let mut acc = 0u64;"]
    lines += [f"    acc = acc.wrapping_add(use{i}(n));" for i in range(count)]
    lines += ['    println!("{acc}");', "}"]
    return lines


def source(variant, count):
    lines = []
    if variant == "pygen":
        lines.append("use pygen::prelude::*;")
        for i in range(count):
            k, r, m = body(i)
            lines += [
                "#[generator(yield = u64)]",
                f"fn g{i}(n: u64) {{",
                f"    for j in 0..n {{ if j % {k} == {r} {{ yield_!(j * {m} + {i}); }} }}",
                "}",
            ]
        main = consumers(count, "g{i}(n).sum::<u64>()")
    elif variant == "async-stream":
        lines += ["use async_stream::stream;", "use futures::{Stream, StreamExt};"]
        for i in range(count):
            k, r, m = body(i)
            lines += [
                f"fn g{i}(n: u64) -> impl Stream<Item = u64> {{",
                f"    stream! {{ for j in 0..n {{ if j % {k} == {r} {{ yield j * {m} + {i}; }} }} }}",
                "}",
            ]
        main = consumers(count, "futures::executor::block_on(g{i}(n).fold(0u64, |a, x| async move {{ a + x }}))")
    elif variant == "gen":
        lines.append("#![feature(gen_blocks)]")
        for i in range(count):
            k, r, m = body(i)
            lines += [
                f"fn g{i}(n: u64) -> impl Iterator<Item = u64> {{",
                f"    gen move {{ for j in 0..n {{ if j % {k} == {r} {{ yield j * {m} + {i}; }} }} }}",
                "}",
            ]
        main = consumers(count, "g{i}(n).sum::<u64>()")
    elif variant == "hand":
        for i in range(count):
            k, r, m = body(i)
            lines += [
                f"struct G{i} {{ j: u64, n: u64 }}",
                f"impl Iterator for G{i} {{",
                "    type Item = u64;",
                "    fn next(&mut self) -> Option<u64> {",
                "        while self.j < self.n {",
                "            let j = self.j;",
                "            self.j += 1;",
                f"            if j % {k} == {r} {{ return Some(j * {m} + {i}); }}",
                "        }",
                "        None",
                "    }",
                "}",
                f"fn g{i}(n: u64) -> G{i} {{ G{i} {{ j: 0, n }} }}",
            ]
        main = consumers(count, "g{i}(n).sum::<u64>()")
    # Check value: each generator's items summed, for n = 11 (no arguments).
    n = 11
    expected = 0
    for i in range(count):
        k, r, m = body(i)
        expected += sum(j * m + i for j in range(n) if j % k == r)
    return "\n".join(lines + main) + "\n", expected % (1 << 64)


def manifest(variant):
    deps = {
        "pygen": f'pygen = {{ path = "{ROOT}/gen-core" }}',
        "async-stream": 'async-stream = "0.3.6"\nfutures = "0.3.31"',
        "gen": "",
        "hand": "",
    }[variant]
    return (
        "[package]\n"
        f'name = "compile-time-{variant}"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
        f"[dependencies]\n{deps}\n\n"
        "# Its own workspace: the directory is inside the pygen workspace's target dir.\n"
        "[workspace]\n"
    )


def cargo(toolchain):
    return ["cargo"] if toolchain == "stable" else ["cargo", "+nightly"]


def build(toolchain, crate, target, release):
    cmd = cargo(toolchain) + ["build", "-q", "--manifest-path", os.path.join(crate, "Cargo.toml"),
                              "--target-dir", target] + (["--release"] if release else [])
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{proc.stderr[-4000:]}")
    return elapsed


def main():
    quick = "--quick" in sys.argv
    count = int(arg("--generators", 30 if quick else 300))
    runs = int(arg("--runs", 1 if quick else 3))
    target_root = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    base = os.path.join(target_root, "compile-time")
    target = os.path.join(base, "target")
    os.makedirs(base, exist_ok=True)
    have_nightly = subprocess.run(["rustc", "+nightly", "--version"], capture_output=True).returncode == 0
    plan = [("stable", v) for v in ("hand", "pygen", "async-stream")]
    if have_nightly and not quick:
        plan += [("nightly", v) for v in ("hand", "pygen", "async-stream", "gen")]
    elif not quick:
        print("SKIPPED nightly `gen` rows: no nightly toolchain", file=sys.stderr)
    profiles = [("debug", False)] if quick else [("debug", False), ("release", True)]
    versions = {tc: subprocess.run(["rustc"] + ([] if tc == "stable" else ["+nightly"]) + ["--version"],
                                   capture_output=True, text=True).stdout.strip()
                for tc in {tc for tc, _ in plan}}
    results = []
    for toolchain, variant in plan:
        crate = os.path.join(base, f"{variant}-{toolchain}")
        os.makedirs(os.path.join(crate, "src"), exist_ok=True)
        text, expected = source(variant, count)
        with open(os.path.join(crate, "Cargo.toml"), "w") as f:
            f.write(manifest(variant))
        with open(os.path.join(crate, "src", "main.rs"), "w") as f:
            f.write(text)
        shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(crate, "Cargo.lock"))
        for profile, release in profiles:
            build(toolchain, crate, target, release)  # dependencies, and a first build
            exe = os.path.join(target, "release" if release else "debug", f"compile-time-{variant}")
            got = subprocess.run([exe], capture_output=True, text=True).stdout.strip()
            if got != str(expected):
                sys.exit(f"error: {variant} ({toolchain}, {profile}) printed {got}, expected {expected}")
            times = []
            for _ in range(runs):
                os.utime(os.path.join(crate, "src", "main.rs"))
                times.append(build(toolchain, crate, target, release))
            results.append({"toolchain": toolchain, "variant": variant, "profile": profile,
                            "runs": times, "median": statistics.median(times)})
            print(f"    {toolchain:7} {variant:12} {profile:7} median {statistics.median(times):6.2f} s "
                  f"(runs: {', '.join(f'{t:.2f}' for t in times)})", file=sys.stderr)
    out = {"generators": count, "runs": runs, "quick": quick, "rustc": versions, "results": results}
    if "--json" in sys.argv:
        with open(arg("--json", None), "w") as f:
            json.dump(out, f, indent=1)
    print(markdown(out))


def markdown(data, heading="##"):
    res = {(r["toolchain"], r["variant"], r["profile"]): r["median"] for r in data["results"]}
    profiles = [p for p in ("debug", "release") if any(k[2] == p for k in res)]
    md = [f"{heading} Compile time: {data['generators']} generators, each used once "
          f"(median of {data['runs']} builds of that crate alone, seconds)", ""]
    md.append("| toolchain | implementation | " + " | ".join(
        f"{p} | {p} / hand-written | {p} / pygen" for p in profiles) + " |")
    md.append("|---|---|" + "---:|---:|---:|" * len(profiles))
    for tc in ("stable", "nightly"):
        for v in ("hand", "pygen", "async-stream", "gen"):
            if not any(k[:2] == (tc, v) for k in res):
                continue
            cells = []
            for p in profiles:
                t, h, g = res.get((tc, v, p)), res.get((tc, "hand", p)), res.get((tc, "pygen", p))
                cells += [f"{t:.2f}", f"{t / h:.2f}x" if h else "n/a", f"{t / g:.2f}x" if g else "n/a"]
            label = {"hand": "hand-written iterators", "gen": "nightly `gen` blocks"}.get(v, v)
            md.append(f"| {tc} | {label} | " + " | ".join(cells) + " |")
    md.append("")
    md.append("Compilers: " + "; ".join(f"{k}: {v}" for k, v in sorted(data["rustc"].items())) + ".")
    return "\n".join(md) + "\n"


if __name__ == "__main__":
    main()
