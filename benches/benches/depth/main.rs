//! Delegation depth sweep (SPEC 7, issue 13): instructions per item of a chain of
//! delegations `depth` levels deep down to a generator of `0..n`, consumed by a fold, pinned.
//!
//! - `pygen-inline`: distinct generator functions `p1..pN`, each `yield_from!(p{d-1}(n))`
//!   (written by `build.rs` into `$OUT_DIR/depth_chains.rs`).
//! - `pygen-boxed`: one recursive generator, `yield_from!(chain(d - 1, n).boxed_local())`.
//! - `gen-inline`, `gen-boxed` (nightly rustc only): `gen` blocks re-yielding the level below
//!   (`for x in inner { yield x }`), distinct functions, or recursion through
//!   `Box<dyn Iterator>`.
//! - `hand-inline`, `hand-boxed`: a hand-written forwarding iterator (`next` calls the inner
//!   one), nested as distinct types or boxed as `Box<dyn Iterator>`.
//! - `hand` and `pygen-flat`: no delegation at all (the flat references; depth is ignored).
//!
//! Modes as in the `shapes` target: `list`, `check [N]`, `measure N1 N2` (depth `d` runs
//! `N * 10 / d` items when `d > 10`, so that a deep boxed chain stays quick under callgrind),
//! `time [N]`. Filters: `--rows a,b --workloads 1,10` (depths).

#![cfg_attr(pygen_nightly, feature(gen_blocks))]
// Chains 1000 levels deep are types (opaque `impl Iterator`s, state machines) nested 1000
// deep; the default limit (128) stops normalizing them.
#![recursion_limit = "2048"]

use std::hint::black_box;
use std::pin::pin;
use std::process::exit;
use std::time::Instant;

use pygen::prelude::*;

/// The consumer's per-item work (as everywhere).
#[inline(always)]
fn eat(acc: u64, item: u64) -> u64 {
    acc.wrapping_add(black_box(item))
}

/// A hand-written delegating iterator: forwards `next` to the one it wraps.
pub(crate) struct Forward<I>(I);

impl<I: Iterator<Item = u64>> Iterator for Forward<I> {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        self.0.next()
    }
}

#[generator(yield = u64)]
pub(crate) fn p0(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

pub(crate) fn h0(n: u64) -> impl Iterator<Item = u64> {
    0..n
}

#[cfg(pygen_nightly)]
mod nightly;

#[allow(clippy::all, reason = "generated")]
mod chains {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/depth_chains.rs"));
}

/// The recursive pygen chain: each level delegates to a boxed generator of the level below.
#[generator(yield = u64)]
fn boxed_chain(depth: u64, n: u64) {
    if depth == 0 {
        yield_from!(p0(n));
    } else {
        yield_from!(boxed_chain(depth - 1, n).boxed_local());
    }
}

/// The recursive hand-written chain: `Box<dyn Iterator>` of forwarding iterators.
fn hand_boxed_chain(depth: u64, n: u64) -> Box<dyn Iterator<Item = u64>> {
    if depth == 0 {
        Box::new(0..n)
    } else {
        Box::new(Forward(hand_boxed_chain(depth - 1, n)))
    }
}

#[inline(never)]
fn hand(_depth: u64, n: u64) -> u64 {
    (0..n).fold(0, eat)
}

#[inline(never)]
fn pygen_flat(_depth: u64, n: u64) -> u64 {
    pin!(p0(n)).fold(0, eat)
}

#[inline(never)]
fn pygen_boxed(depth: u64, n: u64) -> u64 {
    pin!(boxed_chain(depth, n)).fold(0, eat)
}

#[inline(never)]
fn hand_boxed(depth: u64, n: u64) -> u64 {
    hand_boxed_chain(depth, n).fold(0, eat)
}

/// A recursive row: runs depth `d` over `n` items.
type RunFn = fn(u64, u64) -> u64;

/// A family of distinct-function chains: `(depth, cell)` for each depth built.
type ChainTable = &'static [(u64, fn(u64) -> u64)];

const DEPTHS: [u64; 5] = [1, 3, 10, 100, 1000];

struct Cell {
    row: &'static str,
    depth: u64,
    run: Box<dyn Fn(u64) -> u64>,
}

fn cells() -> Vec<Cell> {
    let mut out = Vec::new();
    let recursive = |row: &'static str, f: RunFn, out: &mut Vec<Cell>| {
        for depth in DEPTHS {
            out.push(Cell {
                row,
                depth,
                run: Box::new(move |n| f(depth, n)),
            });
        }
    };
    let inline = |row: &'static str, table: ChainTable, out: &mut Vec<Cell>| {
        for &(depth, f) in table {
            out.push(Cell {
                row,
                depth,
                run: Box::new(f),
            });
        }
    };
    recursive("hand", hand, &mut out);
    recursive("pygen-flat", pygen_flat, &mut out);
    inline("pygen-inline", chains::PYGEN_INLINE, &mut out);
    recursive("pygen-boxed", pygen_boxed, &mut out);
    #[cfg(pygen_nightly)]
    {
        inline("gen-inline", nightly::GEN_INLINE, &mut out);
        recursive("gen-boxed", nightly::gen_boxed, &mut out);
    }
    inline("hand-inline", chains::HAND_INLINE, &mut out);
    recursive("hand-boxed", hand_boxed, &mut out);
    out
}

/// The one function `scripts/cells.sh` collects instructions in.
#[inline(never)]
fn measured_cell(cell: &Cell, n: u64) -> u64 {
    let sum = (cell.run)(black_box(n));
    black_box(&sum);
    sum
}

fn checked(cell: &Cell, n: u64) -> u64 {
    let want = (0..n).fold(0u64, u64::wrapping_add);
    let got = (cell.run)(black_box(n));
    if got != want {
        eprintln!(
            "error: {} depth {} over {n} items: checksum {got}, expected {want}",
            cell.row, cell.depth
        );
        exit(1);
    }
    got
}

/// Items at `depth` for a base size `n`: fewer for the deep chains.
fn items(depth: u64, n: u64) -> u64 {
    if depth > 10 {
        (n * 10 / depth).max(20)
    } else {
        n
    }
}

fn main() {
    let mut positional = Vec::new();
    let (mut rows, mut depths): (Option<Vec<String>>, Option<Vec<String>>) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let list = |v: Option<String>| Some(v?.split(',').map(str::to_owned).collect::<Vec<_>>());
        match a.as_str() {
            "--rows" => rows = list(args.next()),
            "--workloads" => depths = list(args.next()),
            "--bench" => {}
            _ => positional.push(a),
        }
    }
    #[cfg(not(pygen_nightly))]
    eprintln!("SKIPPED gen-inline, gen-boxed: nightly `gen` blocks need a nightly rustc");
    if chains::MAX_DEPTH < 1000 {
        eprintln!(
            "note: inline chains built to depth {} (PYGEN_BENCH_MAX_DEPTH)",
            chains::MAX_DEPTH
        );
    }
    let keep =
        |l: &Option<Vec<String>>, s: &str| l.as_ref().is_none_or(|l| l.iter().any(|x| x == s));
    let cells: Vec<Cell> = cells()
        .into_iter()
        .filter(|c| keep(&rows, c.row) && keep(&depths, &c.depth.to_string()))
        .collect();
    let number = |i: usize, default: u64| {
        positional
            .get(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    match positional.first().map(String::as_str) {
        Some("list") => cells
            .iter()
            .for_each(|c| println!("{} {} fold", c.row, c.depth)),
        Some("check") | None => {
            let n = number(1, 1000);
            for c in &cells {
                for k in [0, 1, 2, items(c.depth, n)] {
                    checked(c, k);
                }
            }
            println!("checked {} cells", cells.len());
        }
        Some("measure") => {
            let (n1, n2) = (number(1, 20_000), number(2, 40_000));
            for c in &cells {
                let sizes = [items(c.depth, n1), items(c.depth, n2)];
                let sums = sizes.map(|k| checked(c, k));
                for (k, want) in sizes.into_iter().zip(sums) {
                    let got = measured_cell(c, k);
                    if got != want {
                        eprintln!("error: {} depth {}: not deterministic", c.row, c.depth);
                        exit(1);
                    }
                    println!("{} {} fold {k} {got}", c.row, c.depth);
                }
            }
        }
        Some("time") => {
            let n = number(1, 100_000);
            for c in &cells {
                let k = items(c.depth, n);
                checked(c, k);
                let best = (0..11)
                    .map(|_| {
                        let t = Instant::now();
                        black_box(measured_cell(c, k));
                        t.elapsed().as_nanos() as f64
                    })
                    .fold(f64::INFINITY, f64::min);
                println!("{} {} fold {:.3}", c.row, c.depth, best / k as f64);
            }
        }
        Some(other) => {
            eprintln!(
                "usage: depth [list | check [N] | measure N1 N2 | time [N]] [--rows a,b] [--workloads 1,10] (got {other:?})"
            );
            exit(2);
        }
    }
}
