//! The limit: hand-written `Iterator`s (the isolated benchmarks' `hand` row), a `send` method
//! and a hand-written `Stream`.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;

use crate::{Row, Workload};

pub(crate) const ROW: Row = Row {
    id: "hand",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested::CELLS),
        (Workload::Send, send::CELLS),
        (Workload::Async, async_count::CELLS),
    ],
};

pub(crate) struct Count {
    pub(crate) i: u64,
    pub(crate) n: u64,
}

impl Iterator for Count {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.i < self.n {
            let i = self.i;
            self.i += 1;
            Some(i)
        } else {
            None
        }
    }
}

pub(crate) struct Fib {
    pub(crate) a: u64,
    pub(crate) b: u64,
}

impl Iterator for Fib {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        let a = self.a;
        (self.a, self.b) = (self.b, self.a.wrapping_add(self.b));
        Some(a)
    }
}

/// The 2-D loop turned inside out.
pub(crate) struct Nested {
    pub(crate) n: u64,
    pub(crate) i: u64,
    pub(crate) j: u64,
}

impl Iterator for Nested {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        while self.i < self.n {
            while self.j < self.n {
                let j = self.j;
                self.j += 1;
                if (self.i ^ j) % 3 == 0 {
                    return Some(self.i * self.n + j);
                }
            }
            self.i += 1;
            self.j = 0;
        }
        None
    }
}

/// The running average as an object with a `send` method.
struct Averager {
    total: f64,
    count: f64,
}

impl Averager {
    fn sender() -> impl FnMut(f64) -> f64 {
        let mut avg = Averager {
            total: 0.0,
            count: 0.0,
        };
        move |v| avg.send(v)
    }

    #[inline]
    fn send(&mut self, value: f64) -> f64 {
        self.total += value;
        self.count += 1.0;
        self.total / self.count
    }
}

/// A hand-written `Stream` of `0..n`.
struct CountStream {
    i: u64,
    n: u64,
}

impl Stream for CountStream {
    type Item = u64;

    #[inline]
    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<u64>> {
        Poll::Ready(if self.i < self.n {
            let i = self.i;
            self.i += 1;
            Some(i)
        } else {
            None
        })
    }
}

mod count {
    use super::*;
    iter_cells!(|n| Count { i: 0, n }, Count { i: 0, n });
}

mod fib {
    use super::*;
    iter_cells!(
        |n| Fib { a: 0, b: 1 }.take(n as usize),
        Fib { a: 0, b: 1 }.take(n as usize)
    );
}

mod nested {
    use super::*;
    iter_cells!(|n| Nested { n, i: 0, j: 0 }, Nested { n, i: 0, j: 0 });
}

mod send {
    use super::*;
    send_cells!(senders: Averager::sender(), Averager::sender());
}

mod async_count {
    use super::*;
    stream_cells!(|n| CountStream { i: 0, n }, CountStream { i: 0, n });
}
