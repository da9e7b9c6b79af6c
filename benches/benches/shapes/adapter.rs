//! The cost of the `Stream` to `Iterator` adapter by which async-stream is read in the
//! iterator workloads: the hand-written iterators wrapped into a `Stream` ([`IterStream`])
//! and read back through [`PollIter`], the same adapter. Its distance from the `hand` row is
//! what the adapter itself costs.

use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use futures::Stream;

use crate::hand::{Count, Fib, Nested};
use crate::{Row, Workload};

pub(crate) const ROW: Row = Row {
    id: "adapter",
    workloads: &[
        (Workload::Count, count::CELLS),
        (Workload::Fib, fib::CELLS),
        (Workload::Nested, nested::CELLS),
    ],
};

/// Reads a pinned `Stream` that never waits as an `Iterator`: each `next()` polls it once
/// with a no-op waker (`Waker::noop()`, nothing to wake: nothing here ever returns
/// `Pending`). Costs a `Context` built on the stack and a branch on `Pending`.
pub(crate) struct PollIter<'a, S: ?Sized>(pub(crate) Pin<&'a mut S>);

impl<S: Stream + ?Sized> Iterator for PollIter<'_, S> {
    type Item = S::Item;

    #[inline]
    fn next(&mut self) -> Option<S::Item> {
        match self
            .0
            .as_mut()
            .poll_next(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(item) => item,
            Poll::Pending => pending(),
        }
    }
}

#[cold]
#[inline(never)]
fn pending() -> ! {
    panic!(
        "PollIter: the stream returned Pending; only streams that never wait can be read as iterators"
    )
}

/// A hand-written iterator as a `Stream`, always ready.
struct IterStream<I>(I);

impl<I: Iterator + Unpin> Stream for IterStream<I> {
    type Item = I::Item;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.get_mut().0.next())
    }
}

mod count {
    use super::*;
    iter_cells!(
        |n| PollIter(pin!(IterStream(Count { i: 0, n }))),
        PollIter(pin!(IterStream(Count { i: 0, n }))),
    );
}

mod fib {
    use super::*;
    iter_cells!(
        |n| PollIter(pin!(IterStream(Fib { a: 0, b: 1 }))).take(n as usize),
        PollIter(pin!(IterStream(Fib { a: 0, b: 1 }))).take(n as usize),
    );
}

mod nested {
    use super::*;
    iter_cells!(
        |n| PollIter(pin!(IterStream(Nested { n, i: 0, j: 0 }))),
        PollIter(pin!(IterStream(Nested { n, i: 0, j: 0 }))),
    );
}
