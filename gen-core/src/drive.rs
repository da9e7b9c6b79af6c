//! Resuming a body: one poll through a `Slot`, and what the outcome means.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::raw::Slot;
use crate::{GeneratorState, panics};

/// Resumes a synchronous body until it yields or returns. `resume` is `None` only for
/// `start()`; on the first resume the value is not awaited by anyone and is dropped.
///
/// # Panics
///
/// If the body awaited a future other than `yield_`, or misused its yield handle.
#[inline(always)]
pub(crate) fn resume<Y, R, F: Future + ?Sized>(
    nonce: u64,
    body: Pin<&mut F>,
    resume: Option<R>,
) -> GeneratorState<Y, F::Output> {
    let mut slot = Slot::new(nonce, resume);
    match slot.poll(body) {
        Poll::Pending => match slot.take_yielded() {
            Some(value) => GeneratorState::Yielded(value),
            None => panics::foreign_await(),
        },
        Poll::Ready(ret) => {
            if slot.take_yielded().is_some() {
                panics::value_left_behind();
            }
            GeneratorState::Complete(ret)
        }
    }
}

/// Polls an async body once. `arg` is handed to the `yield_!` the body is suspended at; if the
/// body is not at one (it has not started, or it is waiting on another future), `arg` is left
/// in place for a later poll, so a resume value is delivered exactly once.
///
/// # Panics
///
/// If the body misused its yield handle.
#[inline(always)]
pub(crate) fn poll_async<Y, R, F: Future + ?Sized>(
    nonce: u64,
    body: Pin<&mut F>,
    cx: &mut Context<'_>,
    arg: &mut Option<R>,
) -> Poll<GeneratorState<Y, F::Output>> {
    let mut slot = Slot::new(nonce, arg.take()).with_outer_waker(cx.waker());
    let poll = slot.poll(body);
    *arg = slot.take_resume();
    match poll {
        Poll::Pending => match slot.take_yielded() {
            Some(value) => Poll::Ready(GeneratorState::Yielded(value)),
            None => Poll::Pending,
        },
        Poll::Ready(ret) => {
            if slot.take_yielded().is_some() {
                panics::value_left_behind();
            }
            Poll::Ready(GeneratorState::Complete(ret))
        }
    }
}
