//! `Body`: a generator's state machine with the rules of resuming it, under both `Gen` and
//! `AsyncGen`.
//!
//! It decides what a resume hands the body (the value, nothing, or a panic that says what to
//! do instead), runs the one poll (`drive.rs`), and records the outcome in the storage. The
//! misuse checks run before the body is entered, so a refused resume leaves the generator as
//! it was.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::drive::{self, Outcome};
use crate::kind::carries_nothing;
use crate::nonce::Nonce;
use crate::storage::{Entered, Progress, Running, Storage, Taken, Turn};
use crate::{GeneratorState, Status, panics};

pin_project_lite::pin_project! {
    /// The state machine of a generator yielding `Y`, resumed with `R`, and where it lives.
    pub(crate) struct Body<Y, R, F> {
        #[pin]
        storage: Storage<Y, R, F>,
    }
}

/// What a resume hands the body: `None` starts it (or continues a step in progress).
type Arg<R> = Option<R>;

impl<Y, R, F> Body<Y, R, F> {
    #[inline]
    pub(crate) fn new(nonce: Nonce<Y, R>, body: F) -> Self {
        Body {
            storage: Storage::new(nonce, body),
        }
    }

    #[inline(always)]
    pub(crate) fn status(&self) -> Status {
        match self.storage.progress() {
            Progress::Fresh => Status::Created,
            Progress::AtYield => Status::Suspended,
            Progress::Awaiting => Status::Awaiting,
            Progress::Complete => Status::Complete,
        }
    }

    #[inline(always)]
    pub(crate) fn is_complete(&self) -> bool {
        self.storage.is_complete()
    }

    /// The generator's nonce.
    #[inline(always)]
    pub(crate) fn nonce(&self) -> Nonce<Y, R> {
        self.storage.nonce()
    }
}

impl<Y, R, F: Future> Body<Y, R, F> {
    /// Resumes a synchronous body in place with `arg` (`None`: `start()`). `None` if it has
    /// completed.
    ///
    /// # Panics
    ///
    /// On misuse (before running anything, see [`hand`]); if the body awaited a foreign future
    /// or misused its handle; with the body's own panic.
    #[inline]
    #[track_caller]
    pub(crate) fn resume(
        self: Pin<&mut Self>,
        arg: Arg<R>,
    ) -> Option<GeneratorState<Y, F::Output>> {
        let (body, arg) = match self.project().storage.enter() {
            // Every resume but the first: known to be at a yield, which the compiler can use.
            Entered::AtYield(body) => match arg {
                Some(arg) => (body, Some(arg)),
                None => refusal(Progress::AtYield),
            },
            // The first resume, or a misuse.
            Entered::InPlace(body) => hand(body, arg),
            // As `run`, with the poll out of line (a helper for this arm alone, shared with
            // `resume_cold`, made the inlined resume one instruction longer per item:
            // isolated `delegate` 142 -> 143).
            Entered::Boxed(body) => {
                let (body, arg) = hand(body, arg);
                let mut body = body.run();
                let outcome = resume_boxed(body.nonce(), body.body(), arg);
                return Some(finish(body, outcome));
            }
            Entered::Empty => return None,
        };
        // One call for every inline body, so that a consumer has one copy of the body, and
        // no pointer to an inline body ever reaches a function that is not inlined: the
        // compiler can keep a pinned generator's state in registers.
        Some(run(body, arg))
    }

    /// `start()` of a pinned generator: [`resume`](Self::resume) with no value, as a separate
    /// function. It runs once per generator: kept apart (and out of line), it leaves `resume`
    /// with one call site in a function that starts a generator then resumes it, where the
    /// compiler then inlines it whatever its size.
    #[inline(never)]
    #[track_caller]
    pub(crate) fn start(self: Pin<&mut Self>) -> Option<GeneratorState<Y, F::Output>> {
        resume_cold(self, None)
    }

    /// As [`resume`](Self::resume) for an owned generator, which boxes its body first.
    #[cfg(feature = "alloc")]
    #[inline]
    #[track_caller]
    pub(crate) fn resume_owned(&mut self, arg: Arg<R>) -> Option<GeneratorState<Y, F::Output>> {
        // Every resume but the first, kept apart as in `resume`.
        match arg {
            Some(arg) => match self.storage.enter_boxed_at_yield() {
                Some(body) => Some(run(body, Some(arg))),
                None => resume_owned_cold(self, Some(arg)),
            },
            None => resume_owned_cold(self, None),
        }
    }

    /// Polls an async body in place towards its next yield, handing it `arg` when it is
    /// suspended at one. `None` if it has completed.
    ///
    /// # Panics
    ///
    /// As [`resume`](Self::resume), except that awaiting a foreign future is what async
    /// bodies do.
    #[inline]
    #[track_caller]
    pub(crate) fn poll(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Option<Poll<GeneratorState<Y, F::Output>>> {
        match self.project().storage.enter() {
            Entered::AtYield(body) | Entered::InPlace(body) => {
                let (mut body, handed) = hand_async(body, arg);
                let polled = drive::poll_async(body.nonce(), body.body(), handed, cx);
                Some(finish_async(body, polled, arg))
            }
            Entered::Boxed(body) => Some(poll_boxed(body, cx, arg)),
            Entered::Empty => None,
        }
    }

    /// As [`poll`](Self::poll) for an owned generator, which boxes its body first.
    #[cfg(feature = "alloc")]
    #[inline]
    #[track_caller]
    pub(crate) fn poll_owned(
        &mut self,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Option<Poll<GeneratorState<Y, F::Output>>> {
        check(self.storage.progress(), arg);
        let body = self.storage.enter_owned()?;
        let (mut body, handed) = hand_async(body, arg);
        let polled = drive::poll_async(body.nonce(), body.body(), handed, cx);
        Some(finish_async(body, polled, arg))
    }

    /// Drops the body now, wherever it lives; the generator is then complete.
    #[inline]
    pub(crate) fn close(self: Pin<&mut Self>) {
        self.project().storage.clear()
    }

    /// As [`close`](Self::close), through `&mut`.
    #[inline]
    pub(crate) fn close_unpinned(&mut self) {
        self.storage.clear_unpinned()
    }

    /// The body, taken out to be polled inside a delegating generator; `None` if complete.
    #[inline]
    pub(crate) fn take(&mut self) -> Option<Taken<Y, R, F>> {
        self.storage.take()
    }

    /// The storage, for a delegation that polls the body where it is.
    #[inline(always)]
    pub(crate) fn storage(self: Pin<&mut Self>) -> Pin<&mut Storage<Y, R, F>> {
        self.project().storage
    }
}

/// What a synchronous resume hands the body, given how far it has got: the value for the
/// `yield_!` it waits at, or `None` to start it. Marks the body as resumed.
///
/// # Panics
///
/// Before the body runs, leaving it as it was: `start()` (`arg` is `None`) of a generator
/// waiting at a `yield_!`, and `resume(value)` of one that has not started, unless `value`
/// carries nothing (`()`): no `yield_!` would receive it (Python refuses both).
#[inline(always)]
#[track_caller]
fn hand<'a, Y, R, F, const IN_BOX: bool>(
    body: Turn<'a, Y, R, F, IN_BOX>,
    arg: Arg<R>,
) -> (Turn<'a, Y, R, F, IN_BOX>, Arg<R>) {
    let progress = body.progress();
    // A synchronous body awaiting another future was left there by an async generator that
    // delegated to it; only an executor can resume it.
    if progress == Progress::Awaiting {
        panics::foreign_await()
    }
    if refused(progress, &arg) {
        refusal(progress)
    }
    // A fresh body has no `yield_!` to take `arg` (which carries nothing, or it would have
    // been refused): it stays in the slot and is dropped with it.
    (body, arg)
}

/// [`hand`]'s and [`hand_async`]'s check alone, for the owned paths, which check before they
/// box the body.
#[cfg(feature = "alloc")]
#[inline(always)]
#[track_caller]
fn check<R>(progress: Progress, arg: &Arg<R>) {
    if refused(progress, arg) {
        refusal(progress)
    }
}

/// `true` if a resume with `arg` must be refused (see [`hand`]).
#[inline(always)]
fn refused<R>(progress: Progress, arg: &Arg<R>) -> bool {
    match progress {
        Progress::Complete => false,
        Progress::AtYield => arg.is_none(),
        Progress::Fresh | Progress::Awaiting => arg.is_some() && !carries_nothing::<R>(),
    }
}

/// Panics with what to do instead of a refused resume.
#[cold]
#[inline(never)]
#[track_caller]
fn refusal(progress: Progress) -> ! {
    match progress {
        Progress::AtYield => panics::started_twice(),
        Progress::Awaiting => panics::sent_mid_step(),
        _ => panics::sent_before_start(),
    }
}

/// As [`hand`] for an async body, which may also be in the middle of a step (awaiting another
/// future): then the body gets nothing, and `arg`, if it carries nothing, waits in place;
/// `arg` is taken only when the body is at a `yield_!`.
#[inline(always)]
#[track_caller]
fn hand_async<'a, Y, R, F, const IN_BOX: bool>(
    body: Turn<'a, Y, R, F, IN_BOX>,
    arg: &mut Option<R>,
) -> (Running<'a, Y, R, F, IN_BOX>, Arg<R>) {
    let progress = body.progress();
    if refused(progress, arg) {
        refusal(progress)
    }
    let handed = match progress {
        Progress::AtYield => arg.take(),
        Progress::Fresh => {
            *arg = None;
            None
        }
        _ => None,
    };
    (body.run(), handed)
}

/// Resumes a synchronous body once with `arg` and records the outcome: one poll site
/// (`drive::resume`) wherever this is inlined.
#[inline(always)]
#[track_caller]
fn run<Y, R, F: Future, const IN_BOX: bool>(
    body: Turn<'_, Y, R, F, IN_BOX>,
    arg: Arg<R>,
) -> GeneratorState<Y, F::Output> {
    let mut body = body.run();
    let outcome = drive::resume(body.nonce(), body.body(), arg);
    finish(body, outcome)
}

/// Records the outcome of a synchronous resume.
///
/// # Panics
///
/// If the body awaited a foreign future, or completed with a value still to deliver; the
/// guard in `body` then drops the body.
#[inline(always)]
#[track_caller]
fn finish<Y, R, F, T, const IN_BOX: bool>(
    body: Running<'_, Y, R, F, IN_BOX>,
    outcome: Outcome<Y, T>,
) -> GeneratorState<Y, T> {
    match outcome {
        Outcome::Yielded(value) => {
            body.suspend(false);
            GeneratorState::Yielded(value)
        }
        Outcome::Complete(ret) => {
            body.complete();
            GeneratorState::Complete(ret)
        }
        Outcome::Awaiting => panics::foreign_await(),
        Outcome::LeftBehind => panics::value_left_behind(),
    }
}

/// Records the outcome of an async poll; a resume value the body did not take goes back to
/// `arg`.
#[inline(always)]
#[track_caller]
fn finish_async<Y, R, F, T, const IN_BOX: bool>(
    body: Running<'_, Y, R, F, IN_BOX>,
    (outcome, left): (Outcome<Y, T>, Option<R>),
    arg: &mut Option<R>,
) -> Poll<GeneratorState<Y, T>> {
    if left.is_some() {
        *arg = left;
    }
    match outcome {
        Outcome::Yielded(value) => {
            body.suspend(false);
            Poll::Ready(GeneratorState::Yielded(value))
        }
        Outcome::Complete(ret) => {
            body.complete();
            Poll::Ready(GeneratorState::Complete(ret))
        }
        Outcome::Awaiting => {
            body.suspend(true);
            Poll::Pending
        }
        Outcome::LeftBehind => panics::value_left_behind(),
    }
}

/// [`Body::resume`] for the rare cases, out of line: `start()`.
#[cold]
#[inline(never)]
#[track_caller]
fn resume_cold<Y, R, F: Future>(
    this: Pin<&mut Body<Y, R, F>>,
    arg: Arg<R>,
) -> Option<GeneratorState<Y, F::Output>> {
    let (body, arg) = match this.project().storage.enter() {
        Entered::AtYield(body) | Entered::InPlace(body) => hand(body, arg),
        Entered::Boxed(body) => {
            let (body, arg) = hand(body, arg);
            let mut body = body.run();
            let outcome = resume_boxed(body.nonce(), body.body(), arg);
            return Some(finish(body, outcome));
        }
        Entered::Empty => return None,
    };
    Some(run(body, arg))
}

/// The poll of [`Body::resume`] for a body in a box (a generator resumed owned, then pinned):
/// out of line, and given the box alone, so that no pointer to an inline body ever reaches a
/// function that is not inlined.
#[cold]
#[inline(never)]
fn resume_boxed<Y, R, F: Future>(
    nonce: Nonce<Y, R>,
    body: Pin<&mut F>,
    arg: Arg<R>,
) -> Outcome<Y, F::Output> {
    drive::resume(nonce, body, arg)
}

/// The rare cases of [`Body::resume_owned`]: the first resume (which boxes the body), a
/// misuse, the end.
#[cfg(feature = "alloc")]
#[cold]
#[inline(never)]
#[track_caller]
fn resume_owned_cold<Y, R, F: Future>(
    this: &mut Body<Y, R, F>,
    arg: Arg<R>,
) -> Option<GeneratorState<Y, F::Output>> {
    // Checked before the body is boxed, so that a refused resume changes nothing.
    check(this.storage.progress(), &arg);
    let body = this.storage.enter_owned()?;
    let (body, arg) = hand(body, arg);
    Some(run(body, arg))
}

/// The boxed arm of [`Body::poll`]; see [`resume_cold`].
#[cold]
#[inline(never)]
#[track_caller]
fn poll_boxed<Y, R, F: Future>(
    body: Turn<'_, Y, R, F, true>,
    cx: &mut Context<'_>,
    arg: &mut Option<R>,
) -> Poll<GeneratorState<Y, F::Output>> {
    let (mut body, handed) = hand_async(body, arg);
    let polled = drive::poll_async(body.nonce(), body.body(), handed, cx);
    finish_async(body, polled, arg)
}
