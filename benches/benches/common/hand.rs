//! The limit: hand-written `Iterator`s (and a hand-written `Stream`), each a struct that
//! keeps the generator's state in fields and a `next` that works out where it was.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::{Stream, StreamExt};

use super::{Row, Workload, block_on, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "hand",
    workloads: &[
        (Workload::Count, count),
        (Workload::Fib, fib),
        (Workload::Nested, nested),
        (Workload::Spawn, spawn),
        (Workload::Send, send),
        (Workload::Delegate, delegate),
        (Workload::Async, async_count),
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

#[inline(never)]
fn count(n: u64) -> u64 {
    let mut acc = 0;
    for x in (Count { i: 0, n }) {
        acc = eat(acc, x);
    }
    acc
}

struct Fib {
    a: u64,
    b: u64,
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

#[inline(never)]
fn fib(n: u64) -> u64 {
    let mut acc = 0;
    for x in (Fib { a: 0, b: 1 }).take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

/// The 2-D loop turned inside out: the position is kept in fields, and `next` resumes the
/// inner loop where the previous call left it.
struct Nested {
    n: u64,
    i: u64,
    j: u64,
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

#[inline(never)]
fn nested(n: u64) -> u64 {
    let mut acc = 0;
    for x in (Nested { n, i: 0, j: 0 }) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn spawn(n: u64) -> u64 {
    let mut acc = 0;
    for k in 0..n {
        for x in (Count { i: 0, n: 8 }) {
            acc = eat(acc, k * 8 + x);
        }
    }
    acc
}

/// The running average as an object with a `send` method.
struct Averager {
    total: f64,
    count: f64,
}

impl Averager {
    #[inline]
    fn send(&mut self, value: f64) -> f64 {
        self.total += value;
        self.count += 1.0;
        self.total / self.count
    }
}

#[inline(never)]
fn send(n: u64) -> u64 {
    let mut avg = Averager {
        total: 0.0,
        count: 0.0,
    };
    let mut acc = 0.0;
    for i in 0..n {
        acc = eat_f64(acc, avg.send(send_value(i)));
    }
    acc.to_bits()
}

/// Delegation by hand: an iterator that forwards to the one it wraps, three levels deep.
struct Delegate<I>(I);

impl<I: Iterator<Item = u64>> Iterator for Delegate<I> {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        self.0.next()
    }
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    let mut acc = 0;
    for x in Delegate(Delegate(Delegate(Count { i: 0, n }))) {
        acc = eat(acc, x);
    }
    acc
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

#[inline(never)]
fn async_count(n: u64) -> u64 {
    block_on(async {
        let mut s = CountStream { i: 0, n };
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}
