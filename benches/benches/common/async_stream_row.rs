//! async-stream: `stream! { .. yield x; .. }` blocks, which are `Stream`s, so every workload
//! is consumed under `block_on` with `StreamExt::next`, the way its documentation reads them.
//! Delegation is its `for await x in sub { yield x; }`. No resume values: `send` passes its
//! input through a `Cell` the consumer writes before each `next()` (the usual workaround).

use std::cell::Cell;
use std::pin::pin;

use async_stream::stream;
use futures::{Stream, StreamExt};

use super::{Row, Workload, block_on, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "async-stream",
    workloads: &[
        (Workload::Count, count),
        (Workload::Fib, fib),
        (Workload::Nested, nested_row),
        (Workload::Spawn, spawn),
        (Workload::Send, send),
        (Workload::Delegate, delegate),
        (Workload::Async, async_count),
    ],
};

pub(crate) fn counter(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for i in 0..n {
            yield i;
        }
    }
}

#[inline(never)]
fn count(n: u64) -> u64 {
    block_on(async {
        let mut s = pin!(counter(n));
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
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

#[inline(never)]
fn fib(n: u64) -> u64 {
    block_on(async {
        let mut s = pin!(fibonacci().take(n as usize));
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
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

#[inline(never)]
fn nested_row(n: u64) -> u64 {
    block_on(async {
        let mut s = pin!(nested(n));
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}

fn eight(k: u64) -> impl Stream<Item = u64> {
    stream! {
        for i in 0..8 {
            yield k * 8 + i;
        }
    }
}

#[inline(never)]
fn spawn(n: u64) -> u64 {
    block_on(async {
        let mut acc = 0;
        for k in 0..n {
            let mut s = pin!(eight(k));
            while let Some(x) = s.next().await {
                acc = eat(acc, x);
            }
        }
        acc
    })
}

fn averager(input: &Cell<f64>) -> impl Stream<Item = f64> + '_ {
    stream! {
        let (mut total, mut count) = (0.0, 0.0);
        let mut average = 0.0;
        loop {
            yield average;
            total += input.get(); // workaround: the "resume value" comes through a Cell
            count += 1.0;
            average = total / count;
        }
    }
}

#[inline(never)]
fn send(n: u64) -> u64 {
    let input = Cell::new(0.0);
    block_on(async {
        let mut avg = pin!(averager(&input));
        avg.next().await; // runs to the first yield
        let mut acc = 0.0;
        for i in 0..n {
            input.set(send_value(i));
            if let Some(a) = avg.next().await {
                acc = eat_f64(acc, a);
            }
        }
        acc.to_bits()
    })
}

fn leaf(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for i in 0..n {
            yield i;
        }
    }
}

fn delegate1(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for await x in leaf(n) {
            yield x;
        }
    }
}

fn delegate2(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for await x in delegate1(n) {
            yield x;
        }
    }
}

fn delegate3(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for await x in delegate2(n) {
            yield x;
        }
    }
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    block_on(async {
        let mut s = pin!(delegate3(n));
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}

fn async_counter(n: u64) -> impl Stream<Item = u64> {
    stream! {
        for i in 0..n {
            let v = std::future::ready(i).await;
            yield v;
        }
    }
}

#[inline(never)]
fn async_count(n: u64) -> u64 {
    block_on(async {
        let mut s = pin!(async_counter(n));
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}
