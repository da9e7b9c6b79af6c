//! Delegation, behind `yield_from!` (Python's `yield from`, PEP 380): the types a delegation
//! is made of. Most code only meets them through `yield_from!`; [`FromGenerator`] lets
//! `yield_from!` delegate to a generator type of your own.
//!
//! A pygen sub-generator (sync or async, by value or pinned) is not resumed in a loop:
//! its body is polled right inside the delegating generator's body, with the slot of the
//! outer generator lent to it (`raw::with_delegate` swaps the nonce for the inner poll). Its
//! yields go straight to the outer generator's caller, its resume values come straight from
//! it, and after inlining a chain of delegations is one state machine with no re-yield loop
//! at any depth. Only type-erased generators (boxed ones, [`FromGenerator`]) are driven by a
//! re-yield loop ([`Resuming`]).

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::storage::Taken;
use crate::{AsyncGen, Co, Gen, Generator, GeneratorState, panics, raw};

/// A generator `yield_from!` can delegate to: pygen's generators ([`Gen`] and
/// [`AsyncGen`], by value or pinned, and the boxed generators).
///
/// Any other [`Generator`] can be delegated to by wrapping it in [`FromGenerator`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a generator that `yield_from` can delegate to",
    label = "not a pygen generator",
    note = "delegate to a `Gen` or `AsyncGen` (by value or pinned), a boxed generator, or wrap another `Generator` in `pygen::delegate::FromGenerator`; `yield_from!` also accepts iterators"
)]
pub trait Delegate: Sized {
    /// The values the sub-generator yields (the outer generator's yield type).
    type Yield;
    /// The values the sub-generator is resumed with (the outer generator's resume type).
    type Resume;
    /// What the sub-generator returns: the value of the `yield_from!` expression.
    type Return;
    /// The future that runs the delegation inside the outer generator's body. It borrows
    /// the outer generator's handle for as long as it exists, as a `yield_` future does, so
    /// that no other future yields through the same generator meanwhile.
    type Future<'co>: Future<Output = Self::Return>
    where
        Self: 'co,
        Self::Yield: 'co,
        Self::Resume: 'co;

    /// Starts delegating from the generator that `co` belongs to. `first` is the value to
    /// resume the sub-generator with if it has already started (`None`: it must not have).
    ///
    /// # Panics
    ///
    /// If the sub-generator has completed: its return value was already delivered.
    fn delegate<'co>(
        self,
        co: &'co mut Co<Self::Yield, Self::Resume>,
        first: Option<Self::Resume>,
    ) -> Self::Future<'co>;
}

pin_project! {
    /// Delegation to a [`Gen`] or an [`AsyncGen`] by value: its body, moved into the outer
    /// generator's state (or still in its box, if it had started), is polled in place.
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct Delegation<'co, Y, R, F> {
        outer: u64,
        inner: u64,
        // Put in the slot before the body's first poll here (`Some`, taken then): the value
        // a started body is waiting for at its `yield_!`, or `None`, which also clears
        // whatever the outer generator's resume left there (the arg of a first resume, which
        // is dropped, never handed to a sub-generator).
        first: Option<Option<R>>,
        #[pin]
        body: Taken<F>,
        co: PhantomData<&'co mut Co<Y, R>>,
    }
}

impl<'co, Y, R, F> Delegation<'co, Y, R, F> {
    fn new(co: &'co mut Co<Y, R>, (inner, body): (u64, Taken<F>), first: Option<R>) -> Self {
        Delegation {
            outer: co.nonce(),
            inner,
            first: Some(first),
            body,
            co: PhantomData,
        }
    }
}

impl<Y, R, F: Future> Future for Delegation<'_, Y, R, F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let (outer, inner) = (*this.outer, *this.inner);
        if let Some(first) = this.first.take() {
            raw::with_slot(cx, outer, |slot: &mut raw::Values<'_, Y, R>| {
                slot.resume = first
            });
        }
        let body = this.body.as_pin_mut();
        // SAFETY: `inner` is the nonce of the `Gen<Y, R, F>` or `AsyncGen<Y, R, F>` whose body
        // this is, and `outer` that of the `Co<Y, R>` this delegation was made with (see the
        // `Delegate` impls): the same yield and resume types, as `with_delegate` requires.
        unsafe { raw::with_delegate(cx, outer, inner, |cx| body.poll(cx)) }
    }
}

/// Delegation to a pinned [`Gen`] or [`AsyncGen`]: its body is polled where it is, and the
/// generator is complete afterwards (or keeps its place if the delegation is dropped early).
#[must_use = "a delegation does nothing unless it is `.await`ed"]
pub struct PinnedDelegation<'a, 'co, Y, R, G> {
    outer: u64,
    // As in `Delegation`.
    first: Option<Option<R>>,
    generator: Pin<&'a mut G>,
    co: PhantomData<&'co mut Co<Y, R>>,
}

// `first` is never pinned, and the generator is behind a pinned reference.
impl<Y, R, G> Unpin for PinnedDelegation<'_, '_, Y, R, G> {}

impl<Y, R, G> core::fmt::Debug for PinnedDelegation<'_, '_, Y, R, G> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PinnedDelegation").finish_non_exhaustive()
    }
}

/// `Delegate` for a pygen generator by value (a [`Delegation`]) and pinned (a
/// [`PinnedDelegation`]), and the pinned delegation's `Future`: the same code for `Gen` and
/// `AsyncGen`, whose storage is the same.
macro_rules! delegate_impls {
    ($generator:ident) => {
        impl<Y, R, F: Future> Delegate for $generator<Y, R, F> {
            type Yield = Y;
            type Resume = R;
            type Return = F::Output;
            type Future<'co>
                = Delegation<'co, Y, R, F>
            where
                Self: 'co,
                Y: 'co,
                R: 'co;

            fn delegate<'co>(
                mut self,
                co: &'co mut Co<Y, R>,
                first: Option<R>,
            ) -> Delegation<'co, Y, R, F> {
                match self.storage_mut().take_body() {
                    Some(taken) => Delegation::new(co, taken, first),
                    None => panics::delegated_to_complete(),
                }
            }
        }

        impl<'a, Y, R, F: Future> Delegate for Pin<&'a mut $generator<Y, R, F>> {
            type Yield = Y;
            type Resume = R;
            type Return = F::Output;
            type Future<'co>
                = PinnedDelegation<'a, 'co, Y, R, $generator<Y, R, F>>
            where
                Self: 'co,
                Y: 'co,
                R: 'co;

            fn delegate<'co>(
                self,
                co: &'co mut Co<Y, R>,
                first: Option<R>,
            ) -> PinnedDelegation<'a, 'co, Y, R, $generator<Y, R, F>> {
                if self.is_complete() {
                    panics::delegated_to_complete();
                }
                PinnedDelegation {
                    outer: co.nonce(),
                    first: Some(first),
                    generator: self,
                    co: PhantomData,
                }
            }
        }

        impl<Y, R, F: Future> Future for PinnedDelegation<'_, '_, Y, R, $generator<Y, R, F>> {
            type Output = F::Output;

            #[inline]
            fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
                let this = self.get_mut();
                let outer = this.outer;
                if let Some(first) = this.first.take() {
                    raw::with_slot(cx, outer, |slot: &mut raw::Values<'_, Y, R>| {
                        slot.resume = first
                    });
                }
                let mut storage = this.generator.as_mut().storage_pinned();
                let poll = storage.as_mut().poll_with(|inner, body| {
                    // SAFETY: `inner` is the nonce of this `$generator<Y, R, F>` and `outer`
                    // that of the `Co<Y, R>` the delegation was made with: the same yield and
                    // resume types, as `with_delegate` requires.
                    unsafe { raw::with_delegate(cx, outer, inner, |cx| body.poll(cx)) }
                });
                if poll.is_ready() {
                    storage.clear();
                }
                poll
            }
        }
    };
}

delegate_impls!(Gen);
delegate_impls!(AsyncGen);

/// One resume of a sub-generator, whatever its kind: `None` starts it.
pub trait Step<R> {
    /// The sub-generator's yield type.
    type Yield;
    /// The sub-generator's return type.
    type Return;
    /// Resumes with `arg`, or starts the generator if `arg` is `None`.
    fn step(&mut self, arg: Option<R>) -> GeneratorState<Self::Yield, Self::Return>;
}

impl<G: Generator<R> + ?Sized, R> Step<R> for Pin<&mut G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn step(&mut self, arg: Option<R>) -> GeneratorState<Self::Yield, Self::Return> {
        if self.is_complete() {
            panics::delegated_to_complete();
        }
        match arg {
            Some(arg) => self.as_mut().resume(arg),
            None => self.as_mut().start(),
        }
    }
}

#[cfg(feature = "alloc")]
impl<G: Generator<R> + ?Sized, R> Step<R> for Pin<alloc::boxed::Box<G>> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn step(&mut self, arg: Option<R>) -> GeneratorState<Self::Yield, Self::Return> {
        self.as_mut().step(arg)
    }
}

/// Makes any pinned or `Unpin` [`Generator`] delegable with `yield_from!`, by naming its
/// resume type (a type may implement `Generator<R>` for several `R`).
///
/// The delegation checks [`Generator::is_complete`] before each resume (delegating to a
/// complete generator panics), so the generator must report completion truthfully.
///
/// ```
/// use pygen::prelude::*;
/// use pygen::delegate::FromGenerator;
/// use std::pin::pin;
///
/// #[generator(yield = u8)]
/// fn digits() {
///     yield_!(1);
///     yield_!(2);
/// }
///
/// #[generator(yield = u8)]
/// fn outer() {
///     let inner = pin!(digits());
///     yield_from!(FromGenerator::new(inner));
/// }
///
/// assert_eq!(outer().collect::<Vec<_>>(), [1, 2]);
/// ```
#[derive(Debug)]
pub struct FromGenerator<G, R> {
    generator: G,
    resume: PhantomData<fn(R)>,
}

impl<G: Generator<R> + Unpin, R> FromGenerator<G, R> {
    /// Wraps `generator` for `yield_from!`.
    pub fn new(generator: G) -> Self {
        FromGenerator {
            generator,
            resume: PhantomData,
        }
    }
}

impl<G: Generator<R> + Unpin, R> Step<R> for FromGenerator<G, R> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn step(&mut self, arg: Option<R>) -> GeneratorState<G::Yield, G::Return> {
        Pin::new(&mut self.generator).step(arg)
    }
}

impl<G: Generator<R> + Unpin, R> Delegate for FromGenerator<G, R> {
    type Yield = G::Yield;
    type Resume = R;
    type Return = G::Return;
    type Future<'co>
        = Resuming<'co, Self, R>
    where
        Self: 'co,
        G::Yield: 'co,
        R: 'co;

    fn delegate<'co>(
        self,
        co: &'co mut Co<G::Yield, R>,
        first: Option<R>,
    ) -> Resuming<'co, Self, R> {
        Resuming::new(co, self, first)
    }
}

pin_project! {
    /// Delegation to a generator that is resumed in a loop: each of its yields is yielded
    /// again by the outer generator, each resume value passed on.
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct Resuming<'co, G: Step<R>, R> {
        nonce: u64,
        generator: G,
        // The resume value for the next step; `None` and not `waiting`: start it.
        next: Option<R>,
        // Suspended at a re-yield: the next poll takes the outer generator's resume value.
        waiting: bool,
        co: PhantomData<&'co mut Co<G::Yield, R>>,
    }
}

impl<'co, G: Step<R>, R> Resuming<'co, G, R> {
    pub(crate) fn new(co: &'co mut Co<G::Yield, R>, generator: G, first: Option<R>) -> Self {
        Resuming {
            nonce: co.nonce(),
            generator,
            next: first,
            waiting: false,
            co: PhantomData,
        }
    }
}

impl<G: Step<R>, R> Future for Resuming<'_, G, R> {
    type Output = G::Return;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Return> {
        let this = self.project();
        let nonce = *this.nonce;
        if *this.waiting {
            *this.next = raw::with_slot(cx, nonce, |slot: &mut raw::Values<'_, G::Yield, R>| {
                slot.resume.take()
            });
            if this.next.is_none() {
                panics::resumed_without_value();
            }
            *this.waiting = false;
        }
        match this.generator.step(this.next.take()) {
            GeneratorState::Yielded(value) => {
                raw::with_slot(cx, nonce, |slot: &mut raw::Values<'_, G::Yield, R>| {
                    slot.put(value)
                });
                *this.waiting = true;
                Poll::Pending
            }
            GeneratorState::Complete(ret) => Poll::Ready(ret),
        }
    }
}

pin_project! {
    /// Delegation to an iterator: each item is yielded (the resume values are all `()`).
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct YieldAll<'co, Y, R, I> {
        nonce: u64,
        iter: I,
        waiting: bool,
        co: PhantomData<&'co mut Co<Y, R>>,
    }
}

impl<'co, Y, R, I> YieldAll<'co, Y, R, I> {
    fn new(co: &'co mut Co<Y, R>, iter: I) -> Self {
        YieldAll {
            nonce: co.nonce(),
            iter,
            waiting: false,
            co: PhantomData,
        }
    }
}

impl<Y, R, I: Iterator<Item = Y>> Future for YieldAll<'_, Y, R, I> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        let nonce = *this.nonce;
        if *this.waiting {
            *this.waiting = false;
            // The resume value has nowhere to go.
            drop(raw::with_slot(
                cx,
                nonce,
                |slot: &mut raw::Values<'_, Y, R>| slot.resume.take(),
            ));
        }
        match this.iter.next() {
            Some(value) => {
                raw::with_slot(cx, nonce, |slot: &mut raw::Values<'_, Y, R>| {
                    slot.put(value)
                });
                *this.waiting = true;
                Poll::Pending
            }
            None => Poll::Ready(()),
        }
    }
}

impl<Y, R> Co<Y, R> {
    /// Delegates to a sub-generator with the same yield and resume types (Python's
    /// `yield from`): its yields go out through this generator, resume values go in, and the
    /// future evaluates to its return value. This is what `yield_from!(sub)` does for
    /// generators.
    ///
    /// The sub-generator's body is polled inline, inside this generator's, at no cost per
    /// item. It should not have started: one that has is waiting at a `yield_!` for a resume
    /// value that this method does not have (`yield_from!`, which knows when the resume type
    /// is `()`, passes `()`); use [`yield_from_started`](Co::yield_from_started) to give it
    /// one.
    ///
    /// # Panics
    ///
    /// At once if the sub-generator has completed already; the future panics if it had
    /// started.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::{Co, Gen};
    ///
    /// let inner = Gen::new(|mut co: Co<u8>| async move {
    ///     co.yield_(1).await;
    ///     co.yield_(2).await;
    ///     "inner done"
    /// });
    /// let outer = Gen::new(|mut co: Co<u8>| async move {
    ///     let said = co.yield_from(inner).await;
    ///     assert_eq!(said, "inner done");
    ///     co.yield_(3).await;
    /// });
    /// assert_eq!(outer.collect::<Vec<_>>(), [1, 2, 3]);
    /// ```
    pub fn yield_from<G>(&mut self, sub: G) -> G::Future<'_>
    where
        G: Delegate<Yield = Y, Resume = R>,
    {
        sub.delegate(self, None)
    }

    /// As [`yield_from`](Co::yield_from), for a sub-generator that has already started: it is
    /// resumed with `first` before its yields are passed on.
    pub fn yield_from_started<G>(&mut self, sub: G, first: R) -> G::Future<'_>
    where
        G: Delegate<Yield = Y, Resume = R>,
    {
        sub.delegate(self, Some(first))
    }
}

impl<Y> Co<Y, ()> {
    /// Yields every item of `iter` in turn (`yield_from!` of an iterator). Only for generators
    /// resumed with `()`: an iterator could not receive other resume values, and dropping them
    /// would lose them (Python raises `AttributeError` there).
    ///
    /// ```
    /// use pygen::{Co, Gen};
    ///
    /// let g = Gen::new(|mut co: Co<char>| async move {
    ///     co.yield_all("ab".chars()).await;
    ///     co.yield_('c').await;
    /// });
    /// assert_eq!(g.collect::<String>(), "abc");
    /// ```
    pub fn yield_all<I: IntoIterator<Item = Y>>(
        &mut self,
        iter: I,
    ) -> YieldAll<'_, Y, (), I::IntoIter> {
        YieldAll::new(self, iter.into_iter())
    }
}

/// Not public API: delegation to an iterator, for `yield_from!` (see `__private`).
#[doc(hidden)]
#[derive(Debug)]
pub struct IteratorKind;

impl IteratorKind {
    #[doc(hidden)]
    #[inline]
    pub fn __delegate<Y, R: UnitResume, I: IntoIterator<Item = Y>>(
        self,
        co: &mut Co<Y, R>,
        iter: I,
        _first: Option<R>,
    ) -> YieldAll<'_, Y, R, I::IntoIter> {
        YieldAll::new(co, iter.into_iter())
    }
}

/// Not public API: the resume type `()`, the only one an iterator can be delegated under.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`yield_from!` of an iterator needs a generator whose resume type is `()`, not `{Self}`",
    label = "an iterator cannot receive the `{Self}` values this generator is resumed with",
    note = "delegate to a generator with the same resume type, or yield the items one by one with `for x in iter {{ yield_!(x); }}`, deciding what to do with each resume value"
)]
pub trait UnitResume {}

impl UnitResume for () {}
