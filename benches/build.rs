//! Sets `cfg(pygen_nightly)` when the compiler is a nightly (or dev) rustc, so that the
//! `shapes`, `depth` and `tree` bench targets build their nightly `gen` block rows; a stable
//! rustc builds everything else and those targets print why the row is missing.
//! `PYGEN_BENCH_NO_NIGHTLY=1` leaves the nightly rows out of a nightly build.

use std::env;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(pygen_nightly)");
    println!("cargo::rerun-if-env-changed=PYGEN_BENCH_NO_NIGHTLY");
    println!("cargo::rerun-if-env-changed=PYGEN_BENCH_MAX_DEPTH");
    println!("cargo::rerun-if-changed=build.rs");
    write_depth_chains();
    if env::var_os("PYGEN_BENCH_NO_NIGHTLY").is_some() {
        return;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if version.contains("-nightly") || version.contains("-dev") {
        println!("cargo::rustc-cfg=pygen_nightly");
    }
}

/// The deepest delegation chain the `depth` target builds (`PYGEN_BENCH_MAX_DEPTH`, default
/// 1000): one distinct function per level, for pygen (`yield_from!`), nightly `gen` blocks
/// (re-yield loops) and hand-written forwarding iterators.
const MAX_DEPTH: usize = 1000;

/// Writes `$OUT_DIR/depth_chains.rs`: `p1..pN` (pygen, each `yield_from!` of the one below;
/// `p0` yields `0..n`) and `h1..hN` (hand-written forwarding iterators), a cell per depth the
/// benchmark runs and their tables; and `$OUT_DIR/depth_gen_chains.rs`: the same for `g1..gN`
/// (nightly `gen` blocks re-yielding the one below), which only a nightly build includes.
fn write_depth_chains() {
    let max = env::var("PYGEN_BENCH_MAX_DEPTH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MAX_DEPTH);
    let (mut s, mut g) = (String::new(), String::new());
    for d in 1..=max {
        let below = d - 1;
        writeln!(
            s,
            "#[generator(yield = u64)] pub(crate) fn p{d}(n: u64) {{ yield_from!(p{below}(n)); }}"
        )
        .unwrap();
        writeln!(
            g,
            "pub(crate) fn g{d}(n: u64) -> impl Iterator<Item = u64> \
             {{ gen move {{ for x in g{below}(n) {{ yield x; }} }} }}"
        )
        .unwrap();
        writeln!(
            s,
            "pub(crate) fn h{d}(n: u64) -> impl Iterator<Item = u64> {{ Forward(h{below}(n)) }}"
        )
        .unwrap();
    }
    // The cells: each depth's chain consumed by a fold, pinned; a table per family.
    let depths: Vec<usize> = [1, 3, 10, 100, 1000]
        .into_iter()
        .filter(|&d| d <= max)
        .collect();
    let mut tables = [String::new(), String::new(), String::new()];
    for &d in &depths {
        writeln!(
            s,
            "#[inline(never)] fn cell_p{d}(n: u64) -> u64 {{ pin!(p{d}(n)).fold(0, eat) }}\n\
             #[inline(never)] fn cell_h{d}(n: u64) -> u64 {{ h{d}(n).fold(0, eat) }}"
        )
        .unwrap();
        writeln!(
            g,
            "#[inline(never)] fn cell_g{d}(n: u64) -> u64 {{ g{d}(n).fold(0, eat) }}"
        )
        .unwrap();
        for (table, prefix) in tables.iter_mut().zip(["p", "g", "h"]) {
            write!(table, "({d}, cell_{prefix}{d}), ").unwrap();
        }
    }
    let [p, gt, h] = tables;
    writeln!(s, "pub(crate) const MAX_DEPTH: usize = {max};").unwrap();
    writeln!(
        s,
        "pub(crate) const PYGEN_INLINE: &[(u64, fn(u64) -> u64)] = &[{p}];"
    )
    .unwrap();
    writeln!(
        s,
        "pub(crate) const HAND_INLINE: &[(u64, fn(u64) -> u64)] = &[{h}];"
    )
    .unwrap();
    writeln!(
        g,
        "pub(crate) const GEN_INLINE: &[(u64, fn(u64) -> u64)] = &[{gt}];"
    )
    .unwrap();
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    std::fs::write(out.join("depth_chains.rs"), s).unwrap();
    // A file of its own: a stable rustc rejects `gen` and `yield` even under a false `cfg`.
    std::fs::write(out.join("depth_gen_chains.rs"), g).unwrap();
}
