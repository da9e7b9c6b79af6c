//! The same sequence written twice: as a hand-written iterator (a struct that keeps its state
//! in fields and implements `next`) and as a generator (a loop that yields). It checks that
//! both produce the same items, then times them over the same work and prints the ratio.
//!
//! Mirrors the seeds' `MyIterator` / `NumberIterator` class next to its generator:
//!
//! ```python
//! class NumberIterator:                 # 12 lines, state in fields
//!     def __init__(self, limit):
//!         self.limit = limit
//!         self.current = 0
//!     def __iter__(self):
//!         return self
//!     def __next__(self):
//!         if self.current >= self.limit:
//!             raise StopIteration
//!         value = self.current
//!         self.current += 1
//!         return value
//!
//! def numbers(limit):                   # 4 lines, state in locals
//!     current = 0
//!     while current < limit:
//!         yield current
//!         current += 1
//! ```
//!
//! `cargo run --release --example iterator_vs_generator` (or `-- 1000000` items)

use pygen::prelude::*;
use std::hint::black_box;
use std::io::{self, Write};
use std::pin::pin;
use std::time::{Duration, Instant};

/// The class: the state lives in fields, and `next` has to find its place again each call.
#[derive(Debug)]
struct NumberIterator {
    limit: u64,
    current: u64,
}

impl NumberIterator {
    fn new(limit: u64) -> Self {
        NumberIterator { limit, current: 0 }
    }
}

impl Iterator for NumberIterator {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if self.current >= self.limit {
            return None;
        }
        let value = self.current;
        self.current += 1;
        Some(value)
    }
}

/// The generator: the state lives in locals, and the loop is written as a loop.
#[generator(yield = u64)]
fn numbers(limit: u64) {
    let mut current = 0;
    while current < limit {
        yield_!(current);
        current += 1;
    }
}

/// The work timed on each: an FNV-1a style checksum of every item. Each step depends on the
/// last, so the optimizer can neither vectorize the loop nor replace it with a closed form
/// (which it does for a plain sum over the struct), and the time is the cost of producing
/// the items.
fn checksum(items: impl Iterator<Item = u64>) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for item in items {
        hash = (hash ^ item).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The best of three runs of `f(n)`: the least disturbed by whatever else the machine does.
fn best_of_three(n: u64, f: impl Fn(u64) -> u64) -> (u64, Duration) {
    let mut best = Duration::MAX;
    let mut result = 0;
    for _ in 0..3 {
        let start = Instant::now();
        // `black_box` in: otherwise the optimizer may do the (pure) work once for all three
        // runs; out: otherwise it may do it after the clock is read.
        result = black_box(f(black_box(n)));
        best = best.min(start.elapsed());
    }
    (result, best)
}

/// What was timed, for the caller to check.
#[derive(Debug)]
#[allow(dead_code, reason = "main prints these; tests/examples.rs checks them")]
pub(crate) struct Timings {
    pub(crate) same_items: bool,
    pub(crate) sums: [u64; 3],
    pub(crate) times: [Duration; 3],
}

/// Compares the two over `n` items and prints the outputs and the times.
pub(crate) fn run(n: u64, out: &mut impl Write) -> io::Result<Timings> {
    let from_class: Vec<u64> = NumberIterator::new(n).take(10).collect();
    let from_generator: Vec<u64> = numbers(n).take(10).collect();
    writeln!(out, "class:     {from_class:?}")?;
    writeln!(out, "generator: {from_generator:?}")?;
    let same_items = NumberIterator::new(n).eq(numbers(n));
    writeln!(out, "all {n} items equal: {same_items}\n")?;

    let (class_sum, class_time) = best_of_three(n, |n| checksum(NumberIterator::new(n)));
    // Owned, as in `for x in numbers(n)`: boxed once at the first `next()`.
    let (owned_sum, owned_time) = best_of_three(n, |n| checksum(numbers(n)));
    // Pinned on the stack: no allocation, and the form the optimizer sees through best.
    let (pinned_sum, pinned_time) = best_of_three(n, |n| checksum(pin!(numbers(n))));

    let per_item = |time: Duration| time.as_secs_f64() * 1e9 / n.max(1) as f64;
    writeln!(out, "checksum of {n} items, best of 3:")?;
    for (what, time) in [
        ("class (Iterator)", class_time),
        ("generator, owned", owned_time),
        ("generator, pinned", pinned_time),
    ] {
        writeln!(
            out,
            "  {what:<18} {:>10.1?}  {:>5.2} ns/item  {:>5.2}x the class",
            time,
            per_item(time),
            time.as_secs_f64() / class_time.as_secs_f64(),
        )?;
    }
    Ok(Timings {
        same_items,
        sums: [class_sum, owned_sum, pinned_sum],
        times: [class_time, owned_time, pinned_time],
    })
}

fn main() -> io::Result<()> {
    let n = std::env::args().nth(1).map_or(30_000_000, |arg| {
        arg.parse().expect("usage: iterator_vs_generator [N]")
    });
    run(n, &mut io::stdout().lock())?;
    Ok(())
}
