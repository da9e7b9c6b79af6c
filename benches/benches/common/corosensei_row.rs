//! corosensei (stackful): `Coroutine::new(|yielder, input| { .. yielder.suspend(x); .. })`,
//! each coroutine on its own (1 MiB, mmap'd) stack, resumed with `resume(input)`, which also
//! carries the resume values. It is not an `Iterator`: the consumer loops on
//! `CoroutineResult::Yield`. No delegation between coroutines: a re-yield loop over a
//! sub-coroutine is the workaround. No async: no async row.

use corosensei::{Coroutine, CoroutineResult};

use super::{Row, Workload, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "corosensei",
    workloads: &[
        (Workload::Count, count),
        (Workload::Fib, fib),
        (Workload::Nested, nested_row),
        (Workload::Spawn, spawn),
        (Workload::Send, send),
        (Workload::Delegate, delegate),
    ],
};

pub(crate) fn counter(n: u64) -> Coroutine<(), u64, ()> {
    Coroutine::new(move |y, ()| {
        for i in 0..n {
            y.suspend(i);
        }
    })
}

#[inline(never)]
fn count(n: u64) -> u64 {
    let mut co = counter(n);
    let mut acc = 0;
    while let CoroutineResult::Yield(x) = co.resume(()) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn fib(n: u64) -> u64 {
    let mut co: Coroutine<(), u64, ()> = Coroutine::new(|y, ()| {
        let (mut a, mut b) = (0u64, 1u64);
        loop {
            y.suspend(a);
            (a, b) = (b, a.wrapping_add(b));
        }
    });
    let mut acc = 0;
    for _ in 0..n {
        if let CoroutineResult::Yield(x) = co.resume(()) {
            acc = eat(acc, x);
        }
    }
    acc
}

#[inline(never)]
fn nested_row(n: u64) -> u64 {
    let mut co: Coroutine<(), u64, ()> = Coroutine::new(move |y, ()| {
        for i in 0..n {
            for j in 0..n {
                if (i ^ j) % 3 == 0 {
                    y.suspend(i * n + j);
                }
            }
        }
    });
    let mut acc = 0;
    while let CoroutineResult::Yield(x) = co.resume(()) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn spawn(n: u64) -> u64 {
    let mut acc = 0;
    for k in 0..n {
        let mut co: Coroutine<(), u64, ()> = Coroutine::new(move |y, ()| {
            for i in 0..8 {
                y.suspend(k * 8 + i);
            }
        });
        while let CoroutineResult::Yield(x) = co.resume(()) {
            acc = eat(acc, x);
        }
    }
    acc
}

#[inline(never)]
fn send(n: u64) -> u64 {
    let mut avg: Coroutine<f64, f64, ()> = Coroutine::new(|y, _first: f64| {
        let (mut total, mut count) = (0.0, 0.0);
        let mut average = 0.0;
        loop {
            total += y.suspend(average);
            count += 1.0;
            average = total / count;
        }
    });
    avg.resume(0.0); // runs to the first suspend; this first input is not used
    let mut acc = 0.0;
    for i in 0..n {
        if let CoroutineResult::Yield(a) = avg.resume(send_value(i)) {
            acc = eat_f64(acc, a);
        }
    }
    acc.to_bits()
}

/// A coroutine that re-yields everything `sub` yields.
fn forward(mut sub: Coroutine<(), u64, ()>) -> Coroutine<(), u64, ()> {
    Coroutine::new(move |y, ()| {
        while let CoroutineResult::Yield(x) = sub.resume(()) {
            y.suspend(x);
        }
    })
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    let mut co = forward(forward(forward(counter(n))));
    let mut acc = 0;
    while let CoroutineResult::Yield(x) = co.resume(()) {
        acc = eat(acc, x);
    }
    acc
}
