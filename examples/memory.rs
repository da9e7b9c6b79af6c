//! The seed articles' central claim, measured: a list holds every element at once, a generator
//! holds one. Sums the squares of `n` numbers both ways, for `n` = 10^5 .. 10^8, and prints the
//! peak heap bytes (from a counting global allocator) and the time of each, as a table and a
//! chart. The list's memory grows with `n`; the generator's stays flat.
//!
//! Mirrors the seeds' list comprehension versus generator expression:
//!
//! ```python
//! sum([i * i for i in range(n)])   # builds the whole list first: memory grows with n
//! sum(i * i for i in range(n))     # one frame, one number at a time, whatever n
//! ```
//!
//! `cargo run --release --example memory` (or `-- 7` to stop at 10^7)

#[cfg(not(test))]
#[path = "support/heap.rs"]
mod heap;

use crate::heap::{human, peak_during};
use pygen::prelude::*;
use std::hint::black_box;
use std::io::{self, Write};
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

/// The squares of `0..n`, one at a time.
#[generator(yield = u64)]
fn squares(n: u64) {
    for i in 0..n {
        yield_!(i * i);
    }
}

/// Python's `sum([i * i for i in range(n)])`: the same generator, collected into a list first.
/// The sum is a `u128` because it passes `u64::MAX` at n = 10^7 (Python's ints just grow).
fn sum_of_list(n: u64) -> u128 {
    let list: Vec<u64> = squares(n).collect();
    // Without `black_box` the optimizer may see through the list and never build it.
    black_box(&list).iter().map(|&x| u128::from(x)).sum()
}

/// Python's `sum(i * i for i in range(n))`: one square at a time, never stored.
fn sum_of_generator(n: u64) -> u128 {
    let mut total = 0;
    for square in squares(n) {
        total += u128::from(black_box(square));
    }
    total
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) n: u64,
    pub(crate) sum: u128,
    pub(crate) list_peak: usize,
    pub(crate) list_time: Duration,
    pub(crate) generator_peak: usize,
    pub(crate) generator_time: Duration,
}

fn measure(n: u64, sum: fn(u64) -> u128) -> (u128, usize, Duration) {
    let start = Instant::now();
    let (total, peak) = peak_during(|| sum(n));
    (total, peak, start.elapsed())
}

/// Measures both ways for `n` = 10^e, e in `exponents`, and prints the table and the chart.
pub(crate) fn run(exponents: RangeInclusive<u32>, out: &mut impl Write) -> io::Result<Vec<Row>> {
    writeln!(out, "sum of i*i for i in 0..n: a list versus a generator\n")?;
    writeln!(
        out,
        "{:>5} | {:>12} {:>10} | {:>12} {:>10}",
        "n", "list heap", "time", "gen heap", "time"
    )?;
    writeln!(out, "{}", "-".repeat(58))?;
    let mut rows = Vec::new();
    for e in exponents {
        let n = 10u64.pow(e);
        let (sum, list_peak, list_time) = measure(n, sum_of_list);
        let (gen_sum, generator_peak, generator_time) = measure(n, sum_of_generator);
        assert_eq!(sum, gen_sum, "both ways must agree");
        writeln!(
            out,
            "{:>5} | {:>12} {:>10} | {:>12} {:>10}",
            format!("10^{e}"),
            human(list_peak),
            format!("{list_time:.1?}"),
            human(generator_peak),
            format!("{generator_time:.1?}"),
        )?;
        rows.push(Row {
            n,
            sum,
            list_peak,
            list_time,
            generator_peak,
            generator_time,
        });
    }
    chart(&rows, out)?;
    if let Some(last) = rows.last() {
        summary(last, out)?;
    }
    Ok(rows)
}

/// Peak heap on a log scale: each `#` doubles it, so 1 GiB is 30 of them and 64 B is 6.
fn chart(rows: &[Row], out: &mut impl Write) -> io::Result<()> {
    let bar = |bytes: usize| "#".repeat(bytes.max(1).ilog2() as usize);
    writeln!(out, "\npeak heap, log scale (each # doubles it)\n")?;
    for row in rows {
        let label = format!("10^{}", row.n.ilog10());
        let list = bar(row.list_peak);
        let generator = bar(row.generator_peak);
        writeln!(out, "{label:>5} list {list:<30} {}", human(row.list_peak))?;
        writeln!(
            out,
            "{:>5} gen  {generator:<30} {}",
            "",
            human(row.generator_peak)
        )?;
    }
    writeln!(
        out,
        "\nThe list needs 8 bytes a number (and a Vec's spare capacity as it grows); the\n\
         generator holds a counter and a bound, boxed once at its first `next()`, whatever n."
    )
}

fn summary(row: &Row, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "\nAt n = 10^{}, both sums are {}: the list peaked at {} and took {:.1?},\n\
         the generator peaked at {} and took {:.1?}.",
        row.n.ilog10(),
        row.sum,
        human(row.list_peak),
        row.list_time,
        human(row.generator_peak),
        row.generator_time,
    )
}

fn main() -> io::Result<()> {
    let largest = std::env::args().nth(1).map_or(8, |arg| {
        arg.parse().expect("usage: memory [LARGEST_EXPONENT]")
    });
    run(5..=largest, &mut io::stdout().lock())?;
    Ok(())
}
