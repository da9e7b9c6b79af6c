//! generator (stackful): `Gn::new_scoped(|mut s| { .. s.yield_(x); .. done!() })`, each
//! generator with its own stack. It has native delegation (`s.yield_from(sub)`) and resume
//! values (`g.send(v)`). No async generators: no async row.

use generator::{Generator, Gn, done};

use super::{Row, Workload, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "generator",
    workloads: &[
        (Workload::Count, count),
        (Workload::Fib, fib),
        (Workload::Nested, nested_row),
        (Workload::Spawn, spawn),
        (Workload::Send, send),
        (Workload::Delegate, delegate),
    ],
};

pub(crate) fn counter(n: u64) -> Generator<'static, (), u64> {
    Gn::new_scoped(move |mut s| {
        for i in 0..n {
            s.yield_(i);
        }
        done!()
    })
}

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
    let g = Gn::new_scoped(|mut s| {
        let (mut a, mut b) = (0u64, 1u64);
        loop {
            s.yield_(a);
            (a, b) = (b, a.wrapping_add(b));
        }
    });
    let mut acc = 0;
    for x in g.take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

fn nested(n: u64) -> Generator<'static, (), u64> {
    Gn::new_scoped(move |mut s| {
        for i in 0..n {
            for j in 0..n {
                if (i ^ j) % 3 == 0 {
                    s.yield_(i * n + j);
                }
            }
        }
        done!()
    })
}

#[inline(never)]
fn nested_row(n: u64) -> u64 {
    let mut acc = 0;
    for x in nested(n) {
        acc = eat(acc, x);
    }
    acc
}

fn eight(k: u64) -> Generator<'static, (), u64> {
    Gn::new_scoped(move |mut s| {
        for i in 0..8 {
            s.yield_(k * 8 + i);
        }
        done!()
    })
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
    let mut avg = Gn::<f64>::new_scoped(|mut s| {
        let (mut total, mut count) = (0.0, 0.0);
        let mut average = 0.0;
        loop {
            total += s.yield_(average).unwrap_or(0.0);
            count += 1.0;
            average = total / count;
        }
    });
    avg.resume(); // runs to the first yield
    let mut acc = 0.0;
    for i in 0..n {
        acc = eat_f64(acc, avg.send(send_value(i)));
    }
    acc.to_bits()
}

fn leaf(n: u64) -> Generator<'static, (), u64> {
    Gn::new_scoped(move |mut s| {
        for i in 0..n {
            s.yield_(i);
        }
        done!()
    })
}

fn delegate1(n: u64) -> Generator<'static, (), u64> {
    Gn::new_scoped(move |mut s| {
        s.yield_from(leaf(n));
        done!()
    })
}

fn delegate2(n: u64) -> Generator<'static, (), u64> {
    Gn::new_scoped(move |mut s| {
        s.yield_from(delegate1(n));
        done!()
    })
}

fn delegate3(n: u64) -> Generator<'static, (), u64> {
    Gn::new_scoped(move |mut s| {
        s.yield_from(delegate2(n));
        done!()
    })
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    let mut acc = 0;
    for x in delegate3(n) {
        acc = eat(acc, x);
    }
    acc
}
