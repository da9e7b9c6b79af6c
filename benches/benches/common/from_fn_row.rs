//! `std::iter::from_fn`: a closure over the state, the standard library's way to write an
//! iterator without a struct. `send` has no resume values: the closure reads its input from
//! a `Cell` the consumer writes before each call (the usual workaround). The async row uses
//! its `Stream` counterpart, `futures::stream::poll_fn`.

use std::cell::Cell;
use std::iter::from_fn;
use std::task::Poll;

use futures::StreamExt;

use super::{Row, Workload, block_on, eat, eat_f64, send_value};

pub(crate) const ROW: Row = Row {
    id: "from_fn",
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

pub(crate) fn counter(n: u64) -> impl Iterator<Item = u64> {
    let mut i = 0;
    from_fn(move || {
        if i < n {
            i += 1;
            Some(i - 1)
        } else {
            None
        }
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
    let (mut a, mut b) = (0u64, 1u64);
    let fib = from_fn(move || {
        let x = a;
        (a, b) = (b, a.wrapping_add(b));
        Some(x)
    });
    let mut acc = 0;
    for x in fib.take(n as usize) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn nested(n: u64) -> u64 {
    let (mut i, mut j) = (0, 0);
    let nested = from_fn(move || {
        while i < n {
            while j < n {
                let jj = j;
                j += 1;
                if (i ^ jj) % 3 == 0 {
                    return Some(i * n + jj);
                }
            }
            i += 1;
            j = 0;
        }
        None
    });
    let mut acc = 0;
    for x in nested {
        acc = eat(acc, x);
    }
    acc
}

fn eight(k: u64) -> impl Iterator<Item = u64> {
    let mut i = 0;
    from_fn(move || {
        if i < 8 {
            i += 1;
            Some(k * 8 + i - 1)
        } else {
            None
        }
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
    // Workaround for the missing resume value: the input goes through a `Cell`.
    let input = Cell::new(0.0);
    let (mut total, mut count) = (0.0, 0.0);
    let mut averages = from_fn(|| {
        total += input.get();
        count += 1.0;
        Some(total / count)
    });
    let mut acc = 0.0;
    for i in 0..n {
        input.set(send_value(i));
        if let Some(avg) = averages.next() {
            acc = eat_f64(acc, avg);
        }
    }
    acc.to_bits()
}

fn forward(mut inner: impl Iterator<Item = u64>) -> impl Iterator<Item = u64> {
    from_fn(move || inner.next())
}

#[inline(never)]
fn delegate(n: u64) -> u64 {
    // Delegation: each level is a closure that forwards to the iterator below it.
    let mut acc = 0;
    for x in forward(forward(forward(counter(n)))) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
fn async_count(n: u64) -> u64 {
    block_on(async {
        let mut i = 0;
        let mut s = futures::stream::poll_fn(move |_| {
            Poll::Ready(if i < n {
                i += 1;
                Some(i - 1)
            } else {
                None
            })
        });
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}
