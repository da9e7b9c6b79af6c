//! pygen pinned in place: `pin!(f())`, whose `Pin<&mut Gen>` is the iterator (and the
//! `Stream` for the async generator). Nothing is allocated.

use std::pin::{Pin, pin};

use crate::{Row, Workload};

#[allow(
    dead_code,
    reason = "the shared definitions include generators of other workloads"
)]
mod bodies {
    pygen_generators!();
}
use bodies::{async_counter, averager, counter, fibonacci, nested};
use pygen::{Generator, GeneratorState};

pub(crate) const ROW: Row = Row {
    id: "pygen-pinned",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested_cells::CELLS),
        (Workload::Send, send::CELLS),
        (Workload::Async, async_count::CELLS),
    ],
};

/// A started pinned generator as a send function (`Generator::start`, then `resume`).
fn sender<G: Generator<f64, Yield = f64, Return = ()>>(
    mut g: Pin<&mut G>,
) -> impl FnMut(f64) -> f64 + '_ {
    g.as_mut().start();
    move |v| match g.as_mut().resume(v) {
        GeneratorState::Yielded(average) => average,
        GeneratorState::Complete(()) => unreachable!("the averager never returns"),
    }
}

mod count {
    use super::*;
    iter_cells!(|n| pin!(counter(n)), pin!(counter(n)));
}

mod fib {
    use super::*;
    iter_cells!(
        |n| pin!(fibonacci()).take(n as usize),
        pin!(fibonacci()).take(n as usize),
    );
}

mod nested_cells {
    use super::*;
    iter_cells!(|n| pin!(nested(n)), pin!(nested(n)));
}

mod send {
    use super::*;
    send_cells!(senders: sender(pin!(averager())), sender(pin!(averager())));
}

mod async_count {
    use super::*;
    stream_cells!(|n| pin!(async_counter(n)), pin!(async_counter(n)));
}
