//! pygen, pinned in place: `for x in pin!(f())`, `pin!(f())` + `Generator::resume`, and
//! `pin!(async_f())` as a `Stream`. No allocation at all.

use std::pin::pin;

use futures::StreamExt;

use super::{Row, Workload, block_on, eat, eat_f64, send_value};

pygen_generators!();

pub(crate) const ROW: Row = Row {
    id: "pygen-pinned",
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

#[inline(never)]
fn count(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(counter(n)) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn fib(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(fibonacci()).take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn nested_row(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(nested(n)) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn spawn(n: u64) -> u64 {
    let mut acc = 0;
    for k in 0..n {
        for x in pin!(eight(k)) {
            acc = eat(acc, x);
        }
    }
    acc
}

#[inline(never)]
fn send(n: u64) -> u64 {
    let mut avg = pin!(averager());
    avg.as_mut().start();
    let mut acc = 0.0;
    for i in 0..n {
        if let GeneratorState::Yielded(a) = avg.as_mut().resume(send_value(i)) {
            acc = eat_f64(acc, a);
        }
    }
    acc.to_bits()
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(delegate3(n)) {
        acc = eat(acc, x);
    }
    acc
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
