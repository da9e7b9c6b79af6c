//! The workloads of SPEC 7, written once per implementation, and the table of rows that the
//! bench targets (`timing.rs`, `memory.rs`) iterate over.
//!
//! Every row function runs one whole workload and returns a checksum of the items it saw
//! (`acc = acc.wrapping_add(black_box(item))`), so that all implementations can be checked
//! against each other, the optimizer cannot skip items, and every row pays the same one `add`
//! per item. Row functions are `#[inline(never)]`, and each uses its own generator function:
//! LLVM's decision to inline a body's `poll` into the consumer depends on how many call sites
//! that `poll` has, so sharing one generator function between rows (or between the owned and
//! pinned uses of pygen) would measure something else than a program that consumes a
//! generator in one place.
//!
//! Sizes: `n` is the number of items, except for `nested` (the side of the square it walks)
//! and `spawn` (the number of generators, each yielding 8 items). [`Workload::items`] turns
//! a size into the number of items.

#![allow(dead_code)] // each bench target uses its own part of the table

#[macro_use]
mod pygen_bodies;

pub(crate) mod async_stream_row;
pub(crate) mod corosensei_row;
pub(crate) mod fauxgen_row;
pub(crate) mod from_fn_row;
pub(crate) mod genawaiter_rc_row;
pub(crate) mod genawaiter_stack_row;
pub(crate) mod generator_row;
pub(crate) mod hand;
pub(crate) mod next_gen_row;
pub(crate) mod pygen_owned;
pub(crate) mod pygen_pinned;

use std::hint::black_box;

/// One workload of SPEC 7.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Workload {
    /// Yield `0..n`.
    Count,
    /// The first `n` numbers of an infinite, wrapping Fibonacci generator.
    Fib,
    /// A 2-D loop over `0..n` x `0..n` that yields `i * n + j` where `(i ^ j) % 3 == 0`.
    Nested,
    /// `n` generators of 8 items each, created and run to the end one after the other.
    Spawn,
    /// A running average: the consumer sends `0.0, 1.0, ..` in as resume values and reads
    /// the average so far back out.
    Send,
    /// Three levels of delegation (`yield_from!`) down to a generator that yields `0..n`.
    Delegate,
    /// An async generator of `0..n` (each item passes through an `.await` of a ready
    /// future), consumed as a `Stream` under `futures::executor::block_on`.
    Async,
}

impl Workload {
    pub(crate) const ALL: [Workload; 7] = [
        Workload::Count,
        Workload::Fib,
        Workload::Nested,
        Workload::Spawn,
        Workload::Send,
        Workload::Delegate,
        Workload::Async,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Workload::Count => "count",
            Workload::Fib => "fib",
            Workload::Nested => "nested",
            Workload::Spawn => "spawn",
            Workload::Send => "send",
            Workload::Delegate => "delegate",
            Workload::Async => "async",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Workload> {
        Workload::ALL.into_iter().find(|w| w.name() == name)
    }

    /// The size used for timings: about 100,000 items, 1M generators for `spawn` (SPEC 7).
    /// `quick` (CI smoke runs) uses about 1,000 items.
    pub(crate) fn size(self, quick: bool) -> u64 {
        match (self, quick) {
            (Workload::Nested, false) => 548,
            (Workload::Nested, true) => 55,
            (Workload::Spawn, false) => 1_000_000,
            (Workload::Spawn, true) => 1_000,
            (_, false) => 100_000,
            (_, true) => 1_000,
        }
    }

    /// The number of items a run of size `n` yields.
    pub(crate) fn items(self, n: u64) -> u64 {
        match self {
            Workload::Nested => (0..n)
                .map(|i| (0..n).filter(|j| (i ^ j) % 3 == 0).count() as u64)
                .sum(),
            Workload::Spawn => 8 * n,
            _ => n,
        }
    }
}

/// A row function: runs one workload of size `n`, returns the checksum.
pub(crate) type RowFn = fn(u64) -> u64;

/// One implementation: a hand-written iterator, pygen used one way, or a peer crate.
#[derive(Debug)]
pub(crate) struct Row {
    /// Short identifier, used on the command line and in criterion's ids.
    pub(crate) id: &'static str,
    /// The workloads this row implements.
    pub(crate) workloads: &'static [(Workload, RowFn)],
}

impl Row {
    pub(crate) fn get(&self, workload: Workload) -> Option<RowFn> {
        self.workloads
            .iter()
            .find(|(w, _)| *w == workload)
            .map(|(_, f)| *f)
    }
}

/// Every row, the limit first, then pygen, then the peers.
pub(crate) const ROWS: &[Row] = &[
    hand::ROW,
    from_fn_row::ROW,
    pygen_pinned::ROW,
    pygen_owned::ROW,
    genawaiter_stack_row::ROW,
    genawaiter_rc_row::ROW,
    next_gen_row::ROW,
    fauxgen_row::ROW,
    async_stream_row::ROW,
    generator_row::ROW,
    corosensei_row::ROW,
];

pub(crate) fn row(id: &str) -> Option<&'static Row> {
    ROWS.iter().find(|r| r.id == id)
}

/// The consumer's per-item work, the same for every row.
#[inline(always)]
pub(crate) fn eat(acc: u64, item: u64) -> u64 {
    acc.wrapping_add(black_box(item))
}

/// As [`eat`], for the averages of the `send` workload.
#[inline(always)]
pub(crate) fn eat_f64(acc: f64, item: f64) -> f64 {
    acc + black_box(item)
}

/// The resume value sent in at step `i` of the `send` workload.
#[inline(always)]
pub(crate) fn send_value(i: u64) -> f64 {
    (i % 1024) as f64
}

/// Runs a future that never waits on anything to its end, the way an async consumer would
/// (`futures::executor::block_on`).
pub(crate) fn block_on<F: Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
}

/// Checks every row against the hand-written iterator on a small size of each workload.
/// Returns a description of the first mismatch.
pub(crate) fn verify() -> Result<(), String> {
    for workload in Workload::ALL {
        let n = match workload {
            Workload::Nested => 20,
            Workload::Spawn => 10,
            _ => 300,
        };
        let expected = hand::ROW.get(workload).map(|f| f(n));
        for row in ROWS {
            if let Some(f) = row.get(workload) {
                let got = f(n);
                if Some(got) != expected {
                    return Err(format!(
                        "{} {}({n}) = {got}, the hand-written iterator gives {expected:?}",
                        row.id,
                        workload.name()
                    ));
                }
            }
        }
    }
    Ok(())
}
