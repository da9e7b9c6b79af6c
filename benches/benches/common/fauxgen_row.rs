//! fauxgen: `#[fauxgen::generator(yield = T)]` functions, used pinned (`pin!(f())`), which is
//! how its documentation uses them; `arg = R` gives resume values. No delegation: a re-yield
//! loop over the pinned sub-generator, as in fauxgen's own `powers_of_two` example.

use std::pin::pin;

use fauxgen::{Generator, GeneratorState};
use futures::StreamExt;

use super::{Row, Workload, block_on, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "fauxgen",
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

#[fauxgen::generator(yield = u64)]
pub(crate) fn counter(n: u64) {
    for i in 0..n {
        r#yield!(i);
    }
}

#[inline(never)]
fn count(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(counter(n)) {
        acc = eat(acc, x);
    }
    acc
}

#[fauxgen::generator(yield = u64)]
fn fibonacci() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        r#yield!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

#[inline(never)]
fn fib(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(fibonacci()).take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

#[fauxgen::generator(yield = u64)]
fn nested(n: u64) {
    for i in 0..n {
        for j in 0..n {
            if (i ^ j) % 3 == 0 {
                r#yield!(i * n + j);
            }
        }
    }
}

#[inline(never)]
fn nested_row(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(nested(n)) {
        acc = eat(acc, x);
    }
    acc
}

#[fauxgen::generator(yield = u64)]
fn eight(k: u64) {
    for i in 0..8 {
        r#yield!(k * 8 + i);
    }
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

#[fauxgen::generator(yield = f64, arg = f64)]
fn averager() {
    let (mut total, mut count) = (0.0, 0.0);
    let mut average = 0.0;
    loop {
        total += r#yield!(average);
        count += 1.0;
        average = total / count;
    }
}

#[inline(never)]
fn send(n: u64) -> u64 {
    let mut avg = pin!(averager());
    avg.as_mut().resume(0.0); // starts the body; this first value is dropped
    let mut acc = 0.0;
    for i in 0..n {
        if let GeneratorState::Yielded(a) = avg.as_mut().resume(send_value(i)) {
            acc = eat_f64(acc, a);
        }
    }
    acc.to_bits()
}

#[fauxgen::generator(yield = u64)]
fn leaf(n: u64) {
    for i in 0..n {
        r#yield!(i);
    }
}

#[fauxgen::generator(yield = u64)]
fn delegate1(n: u64) {
    for x in pin!(leaf(n)) {
        r#yield!(x);
    }
}

#[fauxgen::generator(yield = u64)]
fn delegate2(n: u64) {
    for x in pin!(delegate1(n)) {
        r#yield!(x);
    }
}

#[fauxgen::generator(yield = u64)]
fn delegate3(n: u64) {
    for x in pin!(delegate2(n)) {
        r#yield!(x);
    }
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    let mut acc = 0;
    for x in pin!(delegate3(n)) {
        acc = eat(acc, x);
    }
    acc
}

#[fauxgen::generator(yield = u64)]
async fn async_counter(n: u64) {
    for i in 0..n {
        let v = std::future::ready(i).await;
        r#yield!(v);
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
