//! pygen, owned: `for x in f()`, `g.resume(v)`, `agen.next().await`. The first resume
//! moves the body into a box (one allocation per generator).

use super::{Row, Workload, block_on, eat, eat_f64, send_value};

pygen_generators!();

pub(crate) const ROW: Row = Row {
    id: "pygen-owned",
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
    for x in counter(n) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn fib(n: u64) -> u64 {
    let mut acc = 0;
    for x in fibonacci().take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn nested_row(n: u64) -> u64 {
    let mut acc = 0;
    for x in nested(n) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn spawn(n: u64) -> u64 {
    let mut acc = 0;
    for k in 0..n {
        for x in eight(k) {
            acc = eat(acc, x);
        }
    }
    acc
}

#[inline(never)]
fn send(n: u64) -> u64 {
    let mut avg = averager();
    avg.start();
    let mut acc = 0.0;
    for i in 0..n {
        if let GeneratorState::Yielded(a) = avg.resume(send_value(i)) {
            acc = eat_f64(acc, a);
        }
    }
    acc.to_bits()
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    let mut acc = 0;
    for x in delegate3(n) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn async_count(n: u64) -> u64 {
    block_on(async {
        // `AsyncGen::next`, the owned counterpart of `StreamExt::next`.
        let mut s = async_counter(n);
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}
