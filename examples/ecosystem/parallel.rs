//! A generator feeding every core: a `Send` generator produces work items lazily, and rayon's
//! `par_bridge` hands them to a pool of worker threads as they ask for more. The work: find
//! the number below a bound with the longest Collatz sequence, chunk by chunk.
//!
//! Mirrors the seeds' generator of work items fed to a process pool:
//!
//! ```python
//! def chunks(limit, size):
//!     for start in range(1, limit, size):
//!         yield range(start, min(start + size, limit))
//!
//! with multiprocessing.Pool() as pool:
//!     best = max(pool.imap_unordered(longest_in, chunks(limit, 10_000)))
//! ```
//!
//! `cargo run --release --example parallel` (or `-- 500000` for another bound)

use pygen::prelude::*;
use rayon::prelude::*;
use std::io::{self, Write};
use std::ops::Range;
use std::time::{Duration, Instant};

/// The work items: `1..limit` cut into ranges of `size` numbers, made one at a time as the
/// workers ask. It holds only integers across `yield_!`, so it is `Send`, like an `async fn`
/// would be, and rayon may resume it from any of its threads.
#[generator(yield = Range<u64>)]
fn chunks(limit: u64, size: u64) {
    let mut start = 1;
    while start < limit {
        let end = limit.min(start + size);
        yield_!(start..end);
        start = end;
    }
}

/// Steps for `n` to reach 1 by n -> n / 2 (even) or n -> 3n + 1 (odd).
fn collatz_steps(mut n: u64) -> u32 {
    let mut steps = 0;
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

/// The (steps, number) with the most steps in `numbers`; the larger number on a tie, so
/// that the answer does not depend on the order the chunks were done in.
fn longest_in(numbers: Range<u64>) -> (u32, u64) {
    numbers
        .map(|n| (collatz_steps(n), n))
        .max()
        .unwrap_or((0, 0))
}

/// What each way found, and how long it took.
#[derive(Debug)]
#[allow(dead_code, reason = "main prints these; tests/examples.rs checks them")]
pub(crate) struct Outcome {
    pub(crate) sequential: (u32, u64),
    pub(crate) parallel: (u32, u64),
    pub(crate) chunks_per_thread: Vec<usize>,
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Finds the longest Collatz sequence below `limit`, on one thread and then on all of them.
pub(crate) fn run(limit: u64, out: &mut impl Write) -> io::Result<Outcome> {
    // About 300 work items: enough for the pool to balance, few enough to cost nothing.
    let size = (limit / 300).max(1);
    writeln!(
        out,
        "longest Collatz sequence below {limit}, in chunks of {size}"
    )?;

    let (sequential, one_thread) = timed(|| chunks(limit, size).map(longest_in).max());

    // Each worker notes its index with its result, to show where the chunks went.
    let threads = rayon::current_num_threads();
    let (results, all_threads) = timed(|| {
        chunks(limit, size)
            .par_bridge()
            .map(|chunk| {
                (
                    rayon::current_thread_index().unwrap_or(0),
                    longest_in(chunk),
                )
            })
            .collect::<Vec<_>>()
    });
    let parallel = results.iter().map(|&(_, best)| best).max();
    let mut chunks_per_thread = vec![0; threads];
    for (thread, _) in &results {
        chunks_per_thread[*thread] += 1;
    }

    let (sequential, parallel) = (sequential.unwrap_or_default(), parallel.unwrap_or_default());
    writeln!(
        out,
        "  1 thread:  {} takes {} steps  ({one_thread:.1?})",
        sequential.1, sequential.0
    )?;
    writeln!(
        out,
        "  {threads} threads: {} takes {} steps  ({all_threads:.1?}, {:.2}x faster)",
        parallel.1,
        parallel.0,
        one_thread.as_secs_f64() / all_threads.as_secs_f64()
    )?;
    writeln!(out, "  chunks done by each thread: {chunks_per_thread:?}")?;
    Ok(Outcome {
        sequential,
        parallel,
        chunks_per_thread,
    })
}

fn main() -> io::Result<()> {
    let limit = std::env::args().nth(1).map_or(3_000_000, |arg| {
        arg.parse().expect("usage: parallel [LIMIT]")
    });
    run(limit, &mut io::stdout().lock())?;
    Ok(())
}
