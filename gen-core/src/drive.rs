//! Resuming a body: one poll through a `Slot`, and what the outcome means.

use core::future::Future;
use core::pin::Pin;
use core::task::Poll;

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
