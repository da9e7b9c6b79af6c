//! Nightly Rust's own generators, built only by a nightly rustc (`build.rs` sets
//! `cfg(pygen_nightly)`): `gen move { .. yield x; .. }` blocks (`feature(gen_blocks)`),
//! which are `Iterator`s; for `send`, a `#[coroutine]` closure resumed through
//! `std::ops::Coroutine` (`feature(coroutines, coroutine_trait)`), pinned; for `async`, an
//! `async gen` block (`feature(async_iterator)`), an `AsyncIterator` read as a `Stream`
//! through [`AsyncIterStream`] (a forwarding wrapper, no cost).

use std::async_iter::AsyncIterator;
use std::ops::{Coroutine, CoroutineState};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use futures::Stream;

use crate::{Row, Workload};

pub(crate) const ROW: Row = Row {
    id: "gen",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested_cells::CELLS),
        (Workload::Send, send::CELLS),
        (Workload::Async, async_count::CELLS),
    ],
};

fn counter(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            yield i;
        }
    }
}

fn fibonacci() -> impl Iterator<Item = u64> {
    gen move {
        let (mut a, mut b) = (0u64, 1u64);
        loop {
            yield a;
            (a, b) = (b, a.wrapping_add(b));
        }
    }
}

fn nested(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            for j in 0..n {
                if (i ^ j) % 3 == 0 {
                    yield i * n + j;
                }
            }
        }
    }
}

/// The running average as a coroutine; the first resume's value (the closure's argument)
/// only starts it, as `start()` does for pygen.
fn averager() -> impl Coroutine<f64, Yield = f64, Return = ()> {
    #[coroutine]
    |_: f64| {
        let (mut total, mut count) = (0.0, 0.0);
        let mut average = 0.0;
        loop {
            total += yield average;
            count += 1.0;
            average = total / count;
        }
    }
}

fn sender<C: Coroutine<f64, Yield = f64, Return = ()>>(
    mut c: Pin<&mut C>,
) -> impl FnMut(f64) -> f64 + '_ {
    c.as_mut().resume(0.0);
    move |v| match c.as_mut().resume(v) {
        CoroutineState::Yielded(average) => average,
        CoroutineState::Complete(()) => unreachable!("the averager never returns"),
    }
}

fn async_counter(n: u64) -> impl AsyncIterator<Item = u64> {
    async gen move {
        for i in 0..n {
            let v = std::future::ready(i).await;
            yield v;
        }
    }
}

/// A pinned `AsyncIterator` as a `futures::Stream`: `poll_next` forwarded.
struct AsyncIterStream<'a, S: ?Sized>(Pin<&'a mut S>);

impl<S: AsyncIterator + ?Sized> Stream for AsyncIterStream<'_, S> {
    type Item = S::Item;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        AsyncIterator::poll_next(self.get_mut().0.as_mut(), cx)
    }
}

mod count {
    use super::*;
    iter_cells!(|n| counter(n), counter(n));
}

mod fib {
    use super::*;
    iter_cells!(
        |n| fibonacci().take(n as usize),
        fibonacci().take(n as usize)
    );
}

mod nested_cells {
    use super::*;
    iter_cells!(|n| nested(n), nested(n));
}

mod send {
    use super::*;
    send_cells!(senders: sender(pin!(averager())), sender(pin!(averager())));
}

mod async_count {
    use super::*;
    stream_cells!(
        |n| AsyncIterStream(pin!(async_counter(n))),
        AsyncIterStream(pin!(async_counter(n))),
    );
}
