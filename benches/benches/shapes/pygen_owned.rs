//! pygen owned: the generator value itself is the iterator (its first `next()` boxes the
//! body; `fold`-based adapters pin it in place instead), `g.start()` / `g.resume(v)` for
//! `send`. The async generator is handed by value to the generic `Stream` consumers, which pin
//! it where they need to, as generic code over `S: Stream` does.

use crate::{Row, Workload};

#[allow(
    dead_code,
    reason = "the shared definitions include generators of other workloads"
)]
mod bodies {
    pygen_generators!();
}
use bodies::{async_counter, averager, counter, fibonacci, nested};
use pygen::GeneratorState;

pub(crate) const ROW: Row = Row {
    id: "pygen-owned",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested_cells::CELLS),
        (Workload::Send, send::CELLS),
        (Workload::Async, async_count::CELLS),
    ],
};

/// A started owned generator as a send function (`Gen::start`, then `Gen::resume`).
fn sender() -> impl FnMut(f64) -> f64 {
    let mut g = averager();
    g.start();
    move |v| match g.resume(v) {
        GeneratorState::Yielded(average) => average,
        GeneratorState::Complete(()) => unreachable!("the averager never returns"),
    }
}

mod count {
    use super::*;
    iter_cells!(|n| counter(n), counter(n));
}

mod fib {
    use super::*;
    iter_cells!(
        |n| fibonacci().take(n as usize),
        fibonacci().take(n as usize)
    );
}

mod nested_cells {
    use super::*;
    iter_cells!(|n| nested(n), nested(n));
}

mod send {
    use super::*;
    send_cells!(senders: sender(), sender());
}

mod async_count {
    use super::*;
    stream_cells!(|n| async_counter(n), async_counter(n));
}
