//! genawaiter, `stack` flavour: `let_gen_using!(g, |co| producer(co, n))` keeps the state on
//! the stack; `g.into_iter()` is its iterator, `g` its `Stream`, `g.resume_with(v)` its send.

use genawaiter::GeneratorState;
use genawaiter::stack::{Co, let_gen_using};

use crate::{Row, Workload};

pub(crate) const ROW: Row = Row {
    id: "genawaiter-stack",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested_cells::CELLS),
        (Workload::Send, send::CELLS),
        (Workload::Async, async_count::CELLS),
    ],
};

async fn counter(co: Co<'_, u64>, n: u64) {
    for i in 0..n {
        co.yield_(i).await;
    }
}

async fn fibonacci(co: Co<'_, u64>) {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        co.yield_(a).await;
        (a, b) = (b, a.wrapping_add(b));
    }
}

async fn nested(co: Co<'_, u64>, n: u64) {
    for i in 0..n {
        for j in 0..n {
            if (i ^ j) % 3 == 0 {
                co.yield_(i * n + j).await;
            }
        }
    }
}

async fn averager(co: Co<'_, f64, f64>) {
    let (mut total, mut count) = (0.0, 0.0);
    let mut average = 0.0;
    loop {
        total += co.yield_(average).await;
        count += 1.0;
        average = total / count;
    }
}

async fn async_counter(co: Co<'_, u64>, n: u64) {
    for i in 0..n {
        let v = std::future::ready(i).await;
        co.yield_(v).await;
    }
}

mod count {
    use super::*;
    iter_cells!(
        setup {
            let_gen_using!(a, |co| counter(co, n));
            let_gen_using!(b, |co| counter(co, n));
        }
        |n| a.into_iter(), b.into_iter()
    );
}

mod fib {
    use super::*;
    iter_cells!(
        setup {
            let_gen_using!(a, fibonacci);
            let_gen_using!(b, fibonacci);
        }
        |n| a.into_iter().take(n as usize), b.into_iter().take(n as usize)
    );
}

mod nested_cells {
    use super::*;
    iter_cells!(
        setup {
            let_gen_using!(a, |co| nested(co, n));
            let_gen_using!(b, |co| nested(co, n));
        }
        |n| a.into_iter(), b.into_iter()
    );
}

mod send {
    use super::*;
    send_cells!(
        setup {
            let_gen_using!(a, averager);
            let_gen_using!(b, averager);
            a.resume_with(0.0); // starts the body; this first value is dropped
            b.resume_with(0.0);
        }
        senders: move |v| match a.resume_with(v) {
            GeneratorState::Yielded(average) => average,
            GeneratorState::Complete(()) => unreachable!("the averager never returns"),
        },
        move |v| match b.resume_with(v) {
            GeneratorState::Yielded(average) => average,
            GeneratorState::Complete(()) => unreachable!("the averager never returns"),
        },
    );
}

mod async_count {
    use super::*;
    stream_cells!(
        setup {
            let_gen_using!(a, |co| async_counter(co, n));
            let_gen_using!(b, |co| async_counter(co, n));
        }
        |n| a, b
    );
}
