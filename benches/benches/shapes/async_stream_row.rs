//! async-stream: `stream! { .. yield x; .. }` blocks. The async workload reads them as the
//! `Stream`s they are; the iterator workloads read them through [`PollIter`], a no-op-waker
//! adapter (its cost: the `adapter` row). No resume values: no `send` cells.

use std::pin::pin;

use async_stream::stream;
use futures::Stream;

use crate::adapter::PollIter;
use crate::{Row, Workload};

pub(crate) const ROW: Row = Row {
    id: "async-stream",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested_cells::CELLS),
        (Workload::Async, async_count::CELLS),
    ],
};

fn counter(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for i in 0..n {
            yield i;
        }
    }
}

fn fibonacci() -> impl Stream<Item = u64> {
    stream! {
        let (mut a, mut b) = (0u64, 1u64);
        loop {
            yield a;
            (a, b) = (b, a.wrapping_add(b));
        }
    }
}

fn nested(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for i in 0..n {
            for j in 0..n {
                if (i ^ j) % 3 == 0 {
                    yield i * n + j;
                }
            }
        }
    }
}

fn async_counter(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for i in 0..n {
            let v = std::future::ready(i).await;
            yield v;
        }
    }
}

mod count {
    use super::*;
    iter_cells!(|n| PollIter(pin!(counter(n))), PollIter(pin!(counter(n))));
}

mod fib {
    use super::*;
    iter_cells!(
        |n| PollIter(pin!(fibonacci())).take(n as usize),
        PollIter(pin!(fibonacci())).take(n as usize),
    );
}

mod nested_cells {
    use super::*;
    iter_cells!(|n| PollIter(pin!(nested(n))), PollIter(pin!(nested(n))));
}

mod async_count {
    use super::*;
    stream_cells!(|n| pin!(async_counter(n)), pin!(async_counter(n)));
}
