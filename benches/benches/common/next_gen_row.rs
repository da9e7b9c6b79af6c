//! next-gen: `#[generator(yield(T))]` functions instantiated on the stack with
//! `mk_gen!(let g = f(..))`. No delegation: a re-yield loop over a sub-generator made with
//! `mk_gen!` inside the body is the workaround. No async generators: no async row.

use next_gen::prelude::*;

use super::{Row, Workload, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "next-gen",
    workloads: &[
        (Workload::Count, count),
        (Workload::Fib, fib),
        (Workload::Nested, nested_row),
        (Workload::Spawn, spawn),
        (Workload::Send, send),
        (Workload::Delegate, delegate),
    ],
};

#[generator(yield(u64))]
pub(crate) fn counter(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[inline(never)]
fn count(n: u64) -> u64 {
    mk_gen!(let g = counter(n));
    let mut acc = 0;
    for x in g {
        acc = eat(acc, x);
    }
    acc
}

#[generator(yield(u64))]
fn fibonacci() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

#[inline(never)]
fn fib(n: u64) -> u64 {
    mk_gen!(let g = fibonacci());
    let mut acc = 0;
    for x in g.take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

#[generator(yield(u64))]
fn nested(n: u64) {
    for i in 0..n {
        for j in 0..n {
            if (i ^ j) % 3 == 0 {
                yield_!(i * n + j);
            }
        }
    }
}

#[inline(never)]
fn nested_row(n: u64) -> u64 {
    mk_gen!(let g = nested(n));
    let mut acc = 0;
    for x in g {
        acc = eat(acc, x);
    }
    acc
}

#[generator(yield(u64))]
fn eight(k: u64) {
    for i in 0..8 {
        yield_!(k * 8 + i);
    }
}

#[inline(never)]
fn spawn(n: u64) -> u64 {
    let mut acc = 0;
    for k in 0..n {
        mk_gen!(let g = eight(k));
        for x in g {
            acc = eat(acc, x);
        }
    }
    acc
}

#[generator(yield(f64), resume(f64))]
fn averager() {
    let (mut total, mut count) = (0.0, 0.0);
    let mut average = 0.0;
    loop {
        total += yield_!(average);
        count += 1.0;
        average = total / count;
    }
}

#[inline(never)]
fn send(n: u64) -> u64 {
    mk_gen!(let mut avg = averager());
    avg.as_mut().resume(0.0); // starts the body; this first value is dropped
    let mut acc = 0.0;
    for i in 0..n {
        if let GeneratorState::Yielded(a) = avg.as_mut().resume(send_value(i)) {
            acc = eat_f64(acc, a);
        }
    }
    acc.to_bits()
}

#[generator(yield(u64))]
fn leaf(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield(u64))]
fn delegate1(n: u64) {
    mk_gen!(let sub = leaf(n));
    for x in sub {
        yield_!(x);
    }
}

#[generator(yield(u64))]
fn delegate2(n: u64) {
    mk_gen!(let sub = delegate1(n));
    for x in sub {
        yield_!(x);
    }
}

#[generator(yield(u64))]
fn delegate3(n: u64) {
    mk_gen!(let sub = delegate2(n));
    for x in sub {
        yield_!(x);
    }
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    mk_gen!(let g = delegate3(n));
    let mut acc = 0;
    for x in g {
        acc = eat(acc, x);
    }
    acc
}
