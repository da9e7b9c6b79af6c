//! One poll of a body: the only places where pygen calls a body's `Future::poll`.
//!
//! That there is exactly one call site per kind of body is what makes a generator fast in
//! real code: LLVM inlines a function with a single caller whatever its size, so the body
//! (the user's `async` block) is always compiled together with the slot it yields into,
//! where the checks of its `yield_` futures fold away and the slot lives in registers. The
//! resulting function is then treated like a hand-written `Iterator::next`: inlined into a
//! consumer when it is small, called when it is not. These functions are `#[inline]`, never
//! `#[inline(always)]`: forcing them into their callers would copy the body's `poll` call
//! into each, and the body would then be too large to inline anywhere.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::nonce::Nonce;
use crate::raw::Slot;

/// What one resume of a body produced.
pub(crate) enum Outcome<Y, T> {
    /// It suspended at a `yield_!` with this value.
    Yielded(Y),
    /// It completed with this return value.
    Complete(T),
    /// It suspended at another future (legitimate only in an async generator).
    Awaiting,
    /// It completed while a value it yielded was still in the slot (a `yield_` future polled
    /// by hand and dropped): both values have been dropped, and the caller panics.
    LeftBehind,
}

/// Resumes a synchronous body once, handing it `resume`, which the `yield_!` it is suspended at
/// takes (`None` for a body that has not started). Returns what the body did.
#[inline]
pub(crate) fn resume<Y, R, F: Future + ?Sized>(
    nonce: Nonce<Y, R>,
    body: Pin<&mut F>,
    resume: Option<R>,
) -> Outcome<Y, F::Output> {
    let mut slot = Slot::new(nonce, resume);
    let poll = slot.poll(body);
    outcome(poll, &mut slot)
}

/// Polls an async body once with the executor's waker, handing it `resume` as [`resume`]
/// does. Returns what the body did, and the resume value if the body did not take it.
#[inline]
pub(crate) fn poll_async<Y, R, F: Future + ?Sized>(
    nonce: Nonce<Y, R>,
    body: Pin<&mut F>,
    resume: Option<R>,
    cx: &mut Context<'_>,
) -> (Outcome<Y, F::Output>, Option<R>) {
    let mut slot = Slot::new(nonce, resume).with_outer_waker(cx.waker());
    let poll = slot.poll(body);
    (outcome(poll, &mut slot), slot.take_resume())
}

#[inline(always)]
fn outcome<Y, R, T>(poll: Poll<T>, slot: &mut Slot<'_, Y, R>) -> Outcome<Y, T> {
    match poll {
        Poll::Pending => match slot.take_yielded() {
            Some(value) => Outcome::Yielded(value),
            None => Outcome::Awaiting,
        },
        Poll::Ready(ret) => match slot.take_yielded() {
            None => Outcome::Complete(ret),
            Some(_) => Outcome::LeftBehind,
        },
    }
}
