//! Code shapes (SPEC 7, issue 12): each workload consumed through a dozen generic consumers
//! (`fold`, `for`, `take`, filter/map, `next()` loops, `collect`, `zip`, `chain`, `max`,
//! `by_ref`, `next()` out of line) in one binary, so that the same generator type is
//! consumed from many places and LLVM decides at each whether to inline the resume path.
//!
//! ```sh
//! benches/scripts/shapes.sh --quick               # the table on stdout, a couple of minutes
//! cargo bench -p pygen-benches --bench shapes -- check          # every cell's checksum
//! cargo bench -p pygen-benches --bench shapes -- time           # ns per item, criterion-free
//! ```
//!
//! Modes (`shapes MODE [--rows a,b] [--workloads a,b] [--consumers a,b]`):
//! - `list`: the cells, one per line (`row workload consumer`).
//! - `check [N]`: every cell against the hand-written iterator's cell at sizes 0, 1, 2, 7
//!   and `N` (default 1000) items; exits 1 on the first mismatch.
//! - `measure N1 N2`: every cell at `N1` and `N2` items, each run inside
//!   `measured_cell` (what `scripts/shapes.sh` collects under callgrind, one dump per
//!   call), after checking its checksum against the hand-written cell at the same size. One
//!   line per measured call on stdout: `row workload consumer items checksum`.
//! - `time [N]`: nanoseconds per item, the minimum over repeated runs of `N` items.
//!
//! A row the build cannot have (nightly `gen` blocks under a stable rustc) is listed on
//! stderr as `SKIPPED row: reason`.

#![cfg_attr(
    pygen_nightly,
    feature(gen_blocks, coroutines, coroutine_trait, async_iterator)
)]

use std::hint::black_box;
use std::process::exit;
use std::time::Instant;

#[path = "../common/pygen_bodies.rs"]
#[macro_use]
mod pygen_bodies;

#[macro_use]
mod cells;

mod adapter;
mod async_stream_row;
mod consumers;
mod genawaiter_rc_row;
mod genawaiter_stack_row;
mod hand;
#[cfg(pygen_nightly)]
mod nightly_gen;
mod pygen_owned;
mod pygen_pinned;

use cells::CellFn;
use consumers::Consumer;

/// The workloads of the shapes benchmark: the isolated benchmarks' definitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Workload {
    Count,
    Fib,
    Nested,
    Send,
    Async,
}

impl Workload {
    const ALL: [Workload; 5] = [
        Workload::Count,
        Workload::Fib,
        Workload::Nested,
        Workload::Send,
        Workload::Async,
    ];

    fn name(self) -> &'static str {
        match self {
            Workload::Count => "count",
            Workload::Fib => "fib",
            Workload::Nested => "nested",
            Workload::Send => "send",
            Workload::Async => "async",
        }
    }

    /// The size argument that gives about `items` items (`nested`: the side of its square).
    fn size_for(self, items: u64) -> u64 {
        match self {
            Workload::Nested => ((3 * items) as f64).sqrt().round() as u64,
            _ => items,
        }
    }

    /// The items of one generator of size `n`.
    fn items(self, n: u64) -> u64 {
        match self {
            Workload::Nested => (0..n)
                .map(|i| (0..n).filter(|j| (i ^ j) % 3 == 0).count() as u64)
                .sum(),
            _ => n,
        }
    }
}

/// One implementation, with its cells for each workload it has.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) id: &'static str,
    pub(crate) workloads: &'static [(Workload, &'static [(Consumer, CellFn)])],
}

/// The rows in table order; the hand-written iterator first: every other row is checked
/// against it.
fn rows() -> Vec<&'static Row> {
    let mut rows = vec![&hand::ROW, &pygen_pinned::ROW, &pygen_owned::ROW];
    #[cfg(pygen_nightly)]
    rows.push(&nightly_gen::ROW);
    rows.extend([
        &async_stream_row::ROW,
        &genawaiter_stack_row::ROW,
        &genawaiter_rc_row::ROW,
        &adapter::ROW,
    ]);
    rows
}

/// Rows this build does not have, and why.
fn skipped() -> Vec<(&'static str, &'static str)> {
    #[cfg(not(pygen_nightly))]
    return vec![(
        "gen",
        "nightly `gen` blocks need a nightly rustc (this build's rustc is not one; \
         `cargo +nightly bench -p pygen-benches --bench shapes`, or benches/scripts/shapes.sh, builds them)",
    )];
    #[cfg(pygen_nightly)]
    return Vec::new();
}

struct Cell {
    row: &'static str,
    workload: Workload,
    consumer: Consumer,
    f: CellFn,
    /// The hand-written iterator's cell for the same workload and consumer.
    reference: CellFn,
}

struct Filter {
    rows: Option<Vec<String>>,
    workloads: Option<Vec<String>>,
    consumers: Option<Vec<String>>,
}

impl Filter {
    fn keeps(list: &Option<Vec<String>>, name: &str) -> bool {
        list.as_ref().is_none_or(|l| l.iter().any(|x| x == name))
    }
}

fn cells(filter: &Filter) -> Vec<Cell> {
    let rows = rows();
    let hand = rows[0];
    let mut out = Vec::new();
    for workload in Workload::ALL {
        if !Filter::keeps(&filter.workloads, workload.name()) {
            continue;
        }
        let reference = hand
            .workloads
            .iter()
            .find(|(w, _)| *w == workload)
            .unwrap()
            .1;
        for row in &rows {
            if !Filter::keeps(&filter.rows, row.id) {
                continue;
            }
            let Some((_, table)) = row.workloads.iter().find(|(w, _)| *w == workload) else {
                continue;
            };
            for &(consumer, f) in *table {
                if !Filter::keeps(&filter.consumers, consumer.name()) {
                    continue;
                }
                let reference = reference
                    .iter()
                    .find(|(c, _)| *c == consumer)
                    .expect("the hand-written row has every consumer")
                    .1;
                out.push(Cell {
                    row: row.id,
                    workload,
                    consumer,
                    f,
                    reference,
                });
            }
        }
    }
    out
}

/// What a cell reads at size `n`, and its `take` count.
fn shape(cell: &Cell, n: u64) -> (u64, u64) {
    let items = cell.workload.items(n);
    let k = items / 2;
    (cell.consumer.items(items, k), k)
}

/// Runs `cell` at size `n` and compares its checksum with the hand-written cell's.
fn checked(cell: &Cell, n: u64) -> u64 {
    let (_, k) = shape(cell, n);
    let want = (cell.reference)(black_box(n), black_box(k));
    let got = (cell.f)(black_box(n), black_box(k));
    if got != want {
        eprintln!(
            "error: {} {} {} at size {n}: checksum {got}, the hand-written iterator's is {want}",
            cell.row,
            cell.workload.name(),
            cell.consumer.name()
        );
        exit(1);
    }
    got
}

/// The one function `scripts/shapes.sh` collects instructions in (callgrind
/// `--toggle-collect`, `--dump-after`): one call, one dump.
#[inline(never)]
fn measured_cell(f: CellFn, n: u64, k: u64) -> u64 {
    let sum = f(black_box(n), black_box(k));
    // Used after the call, so that the call is not a tail jump, which callgrind would not
    // see as a return from this function.
    black_box(&sum);
    sum
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; ignore it and anything criterion-like.
    let mut positional = Vec::new();
    let mut filter = Filter {
        rows: None,
        workloads: None,
        consumers: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let list = |v: Option<&String>| -> Option<Vec<String>> {
            Some(
                v?.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )
        };
        match a.as_str() {
            "--rows" => filter.rows = list(it.next()),
            "--workloads" => filter.workloads = list(it.next()),
            "--consumers" => filter.consumers = list(it.next()),
            "--bench" => {}
            s => positional.push(s.to_owned()),
        }
    }
    for (row, why) in skipped() {
        if Filter::keeps(&filter.rows, row) {
            eprintln!("SKIPPED {row}: {why}");
        }
    }
    let number = |i: usize, default: u64| -> u64 {
        positional.get(i).map_or(default, |s| {
            s.parse().unwrap_or_else(|_| {
                eprintln!("error: {s:?} is not a number");
                exit(2)
            })
        })
    };
    let cells = cells(&filter);
    if cells.is_empty() {
        eprintln!("error: no cell matches the filter");
        exit(2);
    }
    match positional.first().map(String::as_str) {
        Some("list") => {
            for c in &cells {
                println!("{} {} {}", c.row, c.workload.name(), c.consumer.name());
            }
        }
        Some("check") | None => {
            let n = number(1, 1000);
            for c in &cells {
                for items in [0, 1, 2, 7, n] {
                    checked(c, c.workload.size_for(items));
                }
            }
            println!(
                "checked {} cells against the hand-written iterator",
                cells.len()
            );
        }
        Some("measure") => {
            let (n1, n2) = (number(1, 20_000), number(2, 40_000));
            for c in &cells {
                let sizes = [c.workload.size_for(n1), c.workload.size_for(n2)];
                // Warm-up outside the collected function (lazy symbol binding, the
                // allocator's first large blocks), and the checksum at both sizes.
                let sums = sizes.map(|n| checked(c, n));
                for (n, want) in sizes.into_iter().zip(sums) {
                    let (items, k) = shape(c, n);
                    let got = measured_cell(c.f, n, k);
                    if got != want {
                        eprintln!(
                            "error: {} {} {}: not deterministic",
                            c.row,
                            c.workload.name(),
                            c.consumer.name()
                        );
                        exit(1);
                    }
                    println!(
                        "{} {} {} {items} {got}",
                        c.row,
                        c.workload.name(),
                        c.consumer.name()
                    );
                }
            }
        }
        Some("time") => {
            let n = number(1, 100_000);
            let reps = 15;
            for c in &cells {
                let size = c.workload.size_for(n);
                checked(c, size);
                let (items, k) = shape(c, size);
                let best = (0..reps)
                    .map(|_| {
                        let t = Instant::now();
                        black_box(measured_cell(c.f, size, k));
                        t.elapsed().as_nanos() as f64
                    })
                    .fold(f64::INFINITY, f64::min);
                println!(
                    "{} {} {} {:.3}",
                    c.row,
                    c.workload.name(),
                    c.consumer.name(),
                    best / items as f64
                );
            }
        }
        Some(other) => {
            eprintln!(
                "usage: shapes [list | check [N] | measure N1 N2 | time [N]] [--rows a,b] [--workloads a,b] [--consumers a,b]  (got {other:?})"
            );
            exit(2);
        }
    }
}
