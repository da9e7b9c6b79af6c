//! A coroutine that receives values: a running average. Each `resume(Some(x))` sends a
//! reading in and gets the average so far back; `resume(None)` ends it, and its return value
//! is the summary. The generator keeps its totals in its own locals between calls: no struct,
//! no globals.
//!
//! Mirrors the seeds' send-based `averager` coroutine:
//!
//! ```python
//! def averager():
//!     total, count, average = 0.0, 0, None
//!     while True:
//!         term = yield average      # receives what the caller sends
//!         if term is None:
//!             break
//!         total += term
//!         count += 1
//!         average = total / count
//!     return Result(count, average) # StopIteration.value
//!
//! avg = averager()
//! next(avg)                         # prime it: run to the first yield
//! avg.send(10)                      # 10.0
//! avg.send(30)                      # 20.0
//! ```
//!
//! `cargo run --release --example averager` (or `-- 12.5 7 30` for your own readings)

use pygen::prelude::*;
use std::io::{self, Write};

/// What the averager returns when it is told to stop (Python's `Result` namedtuple).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Summary {
    pub(crate) count: u32,
    pub(crate) average: Option<f64>,
}

/// Yields the average of the readings sent so far (`None` before the first); send `None` to
/// stop it and get the [`Summary`].
#[generator(yield = Option<f64>, resume = Option<f64>)]
fn averager() -> Summary {
    let (mut total, mut count) = (0.0, 0);
    let mut average = None;
    // `yield_!` evaluates to the value passed to the next `resume`.
    while let Some(term) = yield_!(average) {
        total += term;
        count += 1;
        average = Some(total / f64::from(count));
    }
    Summary { count, average }
}

/// Sends each reading to an averager, printing the running average, then stops it.
pub(crate) fn run(readings: &[f64], out: &mut impl Write) -> io::Result<Summary> {
    let mut avg = averager();
    // Python's priming `next(avg)`: run the body to its first `yield_!`, which yields `None`.
    let primed = avg.start();
    writeln!(out, "primed:      {primed:?}")?;
    for &reading in readings {
        let GeneratorState::Yielded(Some(average)) = avg.resume(Some(reading)) else {
            unreachable!("the averager yields an average after every reading");
        };
        writeln!(out, "send({reading:>6}) -> average {average:.3}")?;
    }
    // Sending `None` makes it return: Python's `StopIteration.value`.
    let GeneratorState::Complete(summary) = avg.resume(None) else {
        unreachable!("the averager returns when sent None");
    };
    writeln!(out, "send(None)   -> returned {summary:?}")?;
    writeln!(out, "complete: {}", avg.is_complete())?;
    Ok(summary)
}

fn main() -> io::Result<()> {
    let mut readings: Vec<f64> = std::env::args()
        .skip(1)
        .map(|arg| arg.parse().expect("usage: averager [READING ...]"))
        .collect();
    if readings.is_empty() {
        // A week of noon temperatures.
        readings = vec![21.5, 23.0, 19.5, 25.0, 24.5, 18.0, 22.0];
    }
    run(&readings, &mut io::stdout().lock())?;
    Ok(())
}
