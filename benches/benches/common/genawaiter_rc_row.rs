//! genawaiter, `rc` flavour: `rc::Gen::new(|co| producer(co, ..))` with `async fn` producers.
//! The state machine is boxed and the yield slot is an `Rc<RefCell<..>>` airlock: two
//! allocations per generator. No delegation: a re-yield loop over the sub-generator
//! (`for x in sub { co.yield_(x).await }`) is the workaround.

use futures::StreamExt;
use genawaiter::GeneratorState;
use genawaiter::rc::{Co, Gen};

use super::{Row, Workload, block_on, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "genawaiter-rc",
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

pub(crate) async fn counter(co: Co<u64>, n: u64) {
    for i in 0..n {
        co.yield_(i).await;
    }
}

#[inline(never)]
fn count(n: u64) -> u64 {
    let mut acc = 0;
    for x in Gen::new(|co| counter(co, n)) {
        acc = eat(acc, x);
    }
    acc
}

async fn fibonacci(co: Co<u64>) {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        co.yield_(a).await;
        (a, b) = (b, a.wrapping_add(b));
    }
}

#[inline(never)]
fn fib(n: u64) -> u64 {
    let mut acc = 0;
    for x in Gen::new(fibonacci).into_iter().take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

async fn nested_gen(co: Co<u64>, n: u64) {
    for i in 0..n {
        for j in 0..n {
            if (i ^ j) % 3 == 0 {
                co.yield_(i * n + j).await;
            }
        }
    }
}

#[inline(never)]
fn nested(n: u64) -> u64 {
    let mut acc = 0;
    for x in Gen::new(|co| nested_gen(co, n)) {
        acc = eat(acc, x);
    }
    acc
}

async fn eight(co: Co<u64>, k: u64) {
    for i in 0..8 {
        co.yield_(k * 8 + i).await;
    }
}

#[inline(never)]
fn spawn(n: u64) -> u64 {
    let mut acc = 0;
    for k in 0..n {
        for x in Gen::new(|co| eight(co, k)) {
            acc = eat(acc, x);
        }
    }
    acc
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

#[inline(never)]
fn send(n: u64) -> u64 {
    let mut avg = Gen::new(averager);
    avg.resume_with(0.0); // starts the body; this first value is dropped
    let mut acc = 0.0;
    for i in 0..n {
        if let GeneratorState::Yielded(a) = avg.resume_with(send_value(i)) {
            acc = eat_f64(acc, a);
        }
    }
    acc.to_bits()
}

async fn leaf(co: Co<u64>, n: u64) {
    for i in 0..n {
        co.yield_(i).await;
    }
}

async fn delegate1(co: Co<u64>, n: u64) {
    for x in Gen::new(|co| leaf(co, n)) {
        co.yield_(x).await;
    }
}

async fn delegate2(co: Co<u64>, n: u64) {
    for x in Gen::new(|co| delegate1(co, n)) {
        co.yield_(x).await;
    }
}

async fn delegate3(co: Co<u64>, n: u64) {
    for x in Gen::new(|co| delegate2(co, n)) {
        co.yield_(x).await;
    }
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    let mut acc = 0;
    for x in Gen::new(|co| delegate3(co, n)) {
        acc = eat(acc, x);
    }
    acc
}

async fn async_counter(co: Co<u64>, n: u64) {
    for i in 0..n {
        let v = std::future::ready(i).await;
        co.yield_(v).await;
    }
}

#[inline(never)]
fn async_count(n: u64) -> u64 {
    block_on(async {
        let mut s = Gen::new(|co| async_counter(co, n));
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}
