//! genawaiter, `rc` flavour: `rc::Gen::new(|co| producer(co, n))` (the state machine boxed,
//! the airlock in an `Rc`); `.into_iter()`, the `Stream`, `resume_with(v)`.

use genawaiter::GeneratorState;
use genawaiter::rc::{Co, Gen};

use crate::{Row, Workload};

pub(crate) const ROW: Row = Row {
    id: "genawaiter-rc",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested_cells::CELLS),
        (Workload::Send, send::CELLS),
        (Workload::Async, async_count::CELLS),
    ],
};

async fn counter(co: Co<u64>, n: u64) {
    for i in 0..n {
        co.yield_(i).await;
    }
}

async fn fibonacci(co: Co<u64>) {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        co.yield_(a).await;
        (a, b) = (b, a.wrapping_add(b));
    }
}

async fn nested(co: Co<u64>, n: u64) {
    for i in 0..n {
        for j in 0..n {
            if (i ^ j) % 3 == 0 {
                co.yield_(i * n + j).await;
            }
        }
    }
}

async fn averager(co: Co<f64, f64>) {
    let (mut total, mut count) = (0.0, 0.0);
    let mut average = 0.0;
    loop {
        total += co.yield_(average).await;
        count += 1.0;
        average = total / count;
    }
}

async fn async_counter(co: Co<u64>, n: u64) {
    for i in 0..n {
        let v = std::future::ready(i).await;
        co.yield_(v).await;
    }
}

fn sender() -> impl FnMut(f64) -> f64 {
    let mut g = Gen::new(averager);
    g.resume_with(0.0); // starts the body; this first value is dropped
    move |v| match g.resume_with(v) {
        GeneratorState::Yielded(average) => average,
        GeneratorState::Complete(()) => unreachable!("the averager never returns"),
    }
}

mod count {
    use super::*;
    iter_cells!(
        |n| Gen::new(|co| counter(co, n)).into_iter(),
        Gen::new(|co| counter(co, n)).into_iter(),
    );
}

mod fib {
    use super::*;
    iter_cells!(
        |n| Gen::new(fibonacci).into_iter().take(n as usize),
        Gen::new(fibonacci).into_iter().take(n as usize),
    );
}

mod nested_cells {
    use super::*;
    iter_cells!(
        |n| Gen::new(|co| nested(co, n)).into_iter(),
        Gen::new(|co| nested(co, n)).into_iter(),
    );
}

mod send {
    use super::*;
    send_cells!(senders: sender(), sender());
}

mod async_count {
    use super::*;
    stream_cells!(
        |n| Gen::new(|co| async_counter(co, n)),
        Gen::new(|co| async_counter(co, n)),
    );
}
