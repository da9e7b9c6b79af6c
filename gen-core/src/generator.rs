//! The `Generator` trait: resuming any generator through a pinned reference.

use core::ops::DerefMut;
use core::pin::Pin;
use core::task::{Context, Poll};

#[cfg(feature = "alloc")]
use alloc::boxed::Box;

use crate::delegate::{Step, reyield};
use crate::nonce::Nonce;
use crate::{GeneratorState, Status};

/// A resumable computation that yields values of type `Yield`, takes resume values of type
/// `R` and finally returns a value of type `Return`. Mirrors nightly Rust's
/// [`std::ops::Coroutine`], plus the parts of Python's generator protocol that need the
/// generator's cooperation: [`start`](Generator::start), [`close`](Generator::close) and
/// [`is_complete`](Generator::is_complete).
///
/// Every generator made by pygen implements it; so do `Pin<P>` for a pointer `P` to a
/// generator, and `&mut G` / `Box<G>` for an `Unpin` generator `G`. It is the interface for
/// generators that live in place (`std::pin::pin!`), inside other structures, or behind
/// `dyn`.
///
/// [`std::ops::Coroutine`]: https://doc.rust-lang.org/std/ops/trait.Coroutine.html
///
/// # Examples
///
/// A pinned generator, resumed in place with no allocation:
///
/// ```
/// use pygen::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = u32, resume = u32)]
/// fn doubler() {
///     let mut x = yield_!(0);
///     loop {
///         x = yield_!(x * 2);
///     }
/// }
///
/// let mut g = pin!(doubler());
/// assert_eq!(g.as_mut().start(), GeneratorState::Yielded(0));
/// assert_eq!(g.as_mut().resume(21), GeneratorState::Yielded(42));
/// g.as_mut().close();
/// assert!(g.is_complete());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a generator resumed with `{R}`",
    label = "expected a generator resumed with `{R}`",
    note = "a generator is resumed with the type of its `resume = ..` argument (`()` without one); a `Gen` must be pinned (`std::pin::pin!`, `Box::pin`) to be used through this trait"
)]
pub trait Generator<R = ()> {
    /// The type of the values the generator yields.
    type Yield;
    /// The type of the value the generator returns when it completes.
    type Return;

    /// Resumes the generator with `arg`, the value of the `yield_!` it is suspended at, and
    /// runs it to its next `yield_!` or to its end.
    ///
    /// A generator that has not started has no `yield_!` to receive `arg` yet: run it to its
    /// first one with [`start`](Generator::start). pygen's generators refuse a value there
    /// (Python: "can't send non-None value to a just-started generator"), unless the resume
    /// type carries nothing (`()`, or another zero-sized type without a destructor), so that
    /// `resume(())` and iteration start a generator as they resume it.
    ///
    /// # Panics
    ///
    /// - If the generator has not started and `arg` is a value (not `()`): before anything
    ///   runs, so the generator stays usable; call [`start`](Generator::start) first.
    /// - If the generator has completed (see [`is_complete`](Generator::is_complete)).
    /// - With the body's own panic, after which the generator is complete.
    ///
    /// The panic reports the line of the call (the method is `#[track_caller]`, also through
    /// a `dyn Generator`).
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u32, resume = u32)]
    /// fn accumulate() -> u32 {
    ///     let mut total = 0;
    ///     loop {
    ///         let n = yield_!(total);
    ///         if n == 0 {
    ///             return total;
    ///         }
    ///         total += n;
    ///     }
    /// }
    ///
    /// let mut g = pin!(accumulate());
    /// assert_eq!(g.as_mut().start(), GeneratorState::Yielded(0)); // not `resume(5)`: refused
    /// assert_eq!(g.as_mut().resume(5), GeneratorState::Yielded(5));
    /// assert_eq!(g.as_mut().resume(7), GeneratorState::Yielded(12));
    /// assert_eq!(g.as_mut().resume(0), GeneratorState::Complete(12));
    ///
    /// // Resumed with `()`, a generator starts with its first `resume`:
    /// #[generator(yield = char)]
    /// fn ab() {
    ///     yield_!('a');
    ///     yield_!('b');
    /// }
    /// let mut g = pin!(ab());
    /// assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded('a'));
    /// ```
    #[track_caller]
    fn resume(self: Pin<&mut Self>, arg: R) -> GeneratorState<Self::Yield, Self::Return>;

    /// Runs a generator that has not started yet to its first `yield_!` (Python's priming
    /// `next(g)` before `g.send(v)`), without needing a resume value.
    ///
    /// # Panics
    ///
    /// If the generator is suspended at a `yield_!`, which waits for a value (before running
    /// anything: it stays usable); if it has completed; with the
    /// body's own panic.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = &'static str, resume = u8)]
    /// fn asks() {
    ///     yield_!("ready");
    /// }
    ///
    /// let mut g = pin!(asks());
    /// assert_eq!(g.as_mut().start(), GeneratorState::Yielded("ready"));
    /// ```
    #[track_caller]
    fn start(self: Pin<&mut Self>) -> GeneratorState<Self::Yield, Self::Return>;

    /// `true` once the generator has returned, panicked or been closed: it must not be resumed
    /// again.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// let mut g = pin!(one());
    /// g.as_mut().resume(());
    /// assert!(!g.is_complete());
    /// g.as_mut().resume(());
    /// assert!(g.is_complete());
    /// ```
    fn is_complete(&self) -> bool;

    /// Where the generator is in its life (Python's `inspect.getgeneratorstate`). The default
    /// tells only [`Suspended`](Status::Suspended) from [`Complete`](Status::Complete);
    /// pygen's generators also tell [`Created`](Status::Created), which implementations
    /// that know it should too.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::Status;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// let mut g = pin!(one());
    /// assert_eq!(g.status(), Status::Created);
    /// g.as_mut().start();
    /// assert_eq!(g.status(), Status::Suspended);
    /// ```
    fn status(&self) -> Status {
        if self.is_complete() {
            Status::Complete
        } else {
            Status::Suspended
        }
    }

    /// Drops the suspended body in place (Python's `g.close()`): destructors of the locals
    /// alive at the current `yield_!` run now, those of delegated generators first. The
    /// generator is then complete. Does nothing on a complete generator.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// fn forever() {
    ///     loop {
    ///         yield_!(0);
    ///     }
    /// }
    ///
    /// let mut g = pin!(forever());
    /// g.as_mut().resume(());
    /// g.as_mut().close();
    /// assert!(g.is_complete());
    /// ```
    fn close(self: Pin<&mut Self>);

    /// Not public API: the nonce under which [`__poll_delegated`](Self::__poll_delegated)
    /// polls the body in place; 0 (which no generator has) if it does not. Only pygen's
    /// generators override it (the signature of the other method names a type of pygen's
    /// own).
    #[doc(hidden)]
    #[inline]
    fn __delegated_nonce(&self) -> u64 {
        0
    }

    /// Not public API: resumes the generator once for a delegation in the body of the
    /// generator `outer`, handing it `first` at the first call (`Some`; `None` later). The default
    /// resumes it on its own and yields its yield again; pygen's generators poll their body
    /// in place, with the slot lent.
    #[doc(hidden)]
    #[expect(
        private_interfaces,
        reason = "only pygen can name `Nonce`, so only pygen can call or override this"
    )]
    #[inline]
    #[track_caller]
    fn __poll_delegated(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        outer: Nonce<Self::Yield, R>,
        first: Option<Option<R>>,
    ) -> Poll<Self::Return> {
        let mut this = self;
        reyield(cx, outer, first, |arg| this.step(arg))
    }
}

impl<G: Generator<R> + Unpin + ?Sized, R> Generator<R> for &mut G {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    #[track_caller]
    fn resume(mut self: Pin<&mut Self>, arg: R) -> GeneratorState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **self), arg)
    }

    #[inline]
    #[track_caller]
    fn start(mut self: Pin<&mut Self>) -> GeneratorState<Self::Yield, Self::Return> {
        G::start(Pin::new(&mut **self))
    }

    #[inline]
    fn is_complete(&self) -> bool {
        G::is_complete(self)
    }

    #[inline]
    fn status(&self) -> Status {
        G::status(self)
    }

    #[inline]
    fn close(mut self: Pin<&mut Self>) {
        G::close(Pin::new(&mut **self))
    }
}

impl<P, R> Generator<R> for Pin<P>
where
    P: DerefMut<Target: Generator<R>>,
{
    type Yield = <P::Target as Generator<R>>::Yield;
    type Return = <P::Target as Generator<R>>::Return;

    #[inline]
    #[track_caller]
    fn resume(self: Pin<&mut Self>, arg: R) -> GeneratorState<Self::Yield, Self::Return> {
        <P::Target as Generator<R>>::resume(self.as_deref_mut(), arg)
    }

    #[inline]
    #[track_caller]
    fn start(self: Pin<&mut Self>) -> GeneratorState<Self::Yield, Self::Return> {
        <P::Target as Generator<R>>::start(self.as_deref_mut())
    }

    #[inline]
    fn is_complete(&self) -> bool {
        <P::Target as Generator<R>>::is_complete(self)
    }

    #[inline]
    fn status(&self) -> Status {
        <P::Target as Generator<R>>::status(self)
    }

    #[inline]
    fn close(self: Pin<&mut Self>) {
        <P::Target as Generator<R>>::close(self.as_deref_mut())
    }

    #[inline]
    fn __delegated_nonce(&self) -> u64 {
        <P::Target as Generator<R>>::__delegated_nonce(self)
    }

    #[expect(private_interfaces, reason = "see `Generator::__poll_delegated`")]
    #[inline]
    #[track_caller]
    fn __poll_delegated(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        outer: Nonce<Self::Yield, R>,
        first: Option<Option<R>>,
    ) -> Poll<Self::Return> {
        <P::Target as Generator<R>>::__poll_delegated(self.as_deref_mut(), cx, outer, first)
    }
}

#[cfg(feature = "alloc")]
impl<G: Generator<R> + Unpin + ?Sized, R> Generator<R> for Box<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    #[track_caller]
    fn resume(mut self: Pin<&mut Self>, arg: R) -> GeneratorState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **self), arg)
    }

    #[inline]
    #[track_caller]
    fn start(mut self: Pin<&mut Self>) -> GeneratorState<Self::Yield, Self::Return> {
        G::start(Pin::new(&mut **self))
    }

    #[inline]
    fn is_complete(&self) -> bool {
        G::is_complete(self)
    }

    #[inline]
    fn status(&self) -> Status {
        G::status(self)
    }

    #[inline]
    fn close(mut self: Pin<&mut Self>) {
        G::close(Pin::new(&mut **self))
    }
}
