//! Delegation, behind `yield_from!` (Python's `yield from`, PEP 380): the types a delegation
//! is made of. Most code only meets them through `yield_from!`; [`FromGenerator`] lets
//! `yield_from!` delegate to a generator type of your own.
//!
//! A sub-generator that has never run is not resumed in a loop: its body is moved into the
//! delegating generator and polled right there, with the slot of the outer generator lent to
//! it (`raw::with_delegate`). Its yields go straight to the outer generator's caller, its
//! resume values come straight from it, and a chain of delegations costs no re-yield loop at
//! any depth. A sub-generator that has already started, or is pinned elsewhere, or is boxed,
//! is driven by a re-yield loop instead.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::{AsyncGen, AsyncGenerator, Co, Gen, Generator, GeneratorState, panics, raw};

/// A generator `yield_from!` can delegate to: implemented by gen-core's generators ([`Gen`],
/// by value or pinned, and the boxed generators), so that delegation can reach into them.
///
/// Any other [`Generator`] can be delegated to by wrapping it in [`FromGenerator`].
pub trait Delegate: Sized {
    /// The values the sub-generator yields (the outer generator's yield type).
    type Yield;
    /// The values the sub-generator is resumed with (the outer generator's resume type).
    type Resume;
    /// What the sub-generator returns: the value of the `yield_from!` expression.
    type Return;
    /// The future that runs the delegation inside the outer generator's body.
    type Future: Future<Output = Self::Return>;

    /// Starts delegating from the generator that `co` belongs to. `first` is the value to
    /// resume the sub-generator with if it has already started (`None`: it must not have).
    fn delegate(
        self,
        co: &mut Co<Self::Yield, Self::Resume>,
        first: Option<Self::Resume>,
    ) -> Self::Future;
}

pin_project! {
    /// Delegation to a generator by value: its body polled inline if it has never run, the
    /// re-yield loop `S` if it has.
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct Delegation<Y, R, F, S> {
        #[pin]
        how: How<Y, R, F, S>,
    }
}

/// Delegation to a [`Gen`] by value.
pub type GenDelegation<Y, R, F> = Delegation<Y, R, F, Resuming<Gen<Y, R, F>, R>>;

/// Delegation to an [`AsyncGen`] by value.
pub type AsyncGenDelegation<Y, R, F> = Delegation<Y, R, F, AsyncResuming<AsyncGen<Y, R, F>, R>>;

pin_project! {
    #[project = HowProj]
    #[derive(Debug)]
    enum How<Y, R, F, S> {
        // The sub-generator's body, polled in place with the outer generator's slot.
        Inline {
            outer: u64,
            inner: u64,
            #[pin]
            body: F,
            types: PhantomData<fn(R) -> Y>,
        },
        // A started sub-generator, resumed in a loop.
        Resuming { #[pin] resuming: S },
    }
}

impl<Y, R, F, S> Delegation<Y, R, F, S> {
    /// Inline delegation to the fresh body `body` of the generator `inner`.
    fn inline(co: &Co<Y, R>, inner: u64, body: F) -> Self {
        Delegation {
            how: How::Inline {
                outer: co.nonce(),
                inner,
                body,
                types: PhantomData,
            },
        }
    }

    fn resuming(resuming: S) -> Self {
        Delegation {
            how: How::Resuming { resuming },
        }
    }
}

impl<Y, R, F: Future> Delegate for Gen<Y, R, F> {
    type Yield = Y;
    type Resume = R;
    type Return = F::Output;
    type Future = GenDelegation<Y, R, F>;

    fn delegate(mut self, co: &mut Co<Y, R>, first: Option<R>) -> GenDelegation<Y, R, F> {
        match self.storage_mut().take_inline() {
            Some((inner, body)) => Delegation::inline(co, inner, body),
            None => Delegation::resuming(Resuming::new(co, self, first)),
        }
    }
}

impl<Y, R, F: Future> Delegate for AsyncGen<Y, R, F> {
    type Yield = Y;
    type Resume = R;
    type Return = F::Output;
    type Future = AsyncGenDelegation<Y, R, F>;

    fn delegate(mut self, co: &mut Co<Y, R>, first: Option<R>) -> AsyncGenDelegation<Y, R, F> {
        match self.storage_mut().take_inline() {
            Some((inner, body)) => Delegation::inline(co, inner, body),
            None => Delegation::resuming(AsyncResuming::new(co, self, first)),
        }
    }
}

impl<Y, R, F: Future> Delegate for Pin<&mut AsyncGen<Y, R, F>> {
    type Yield = Y;
    type Resume = R;
    type Return = F::Output;
    type Future = AsyncResuming<Self, R>;

    fn delegate(self, co: &mut Co<Y, R>, first: Option<R>) -> Self::Future {
        AsyncResuming::new(co, self, first)
    }
}

// Both the body and the re-yield loop are futures with the body's output: a delegation
// yields through the outer generator whatever kind of generator the inner one is.
impl<Y, R, F: Future, S: Future<Output = F::Output>> Future for Delegation<Y, R, F, S> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        match self.project().how.project() {
            HowProj::Inline {
                outer, inner, body, ..
            } => {
                // SAFETY: `inner` is the nonce of the `Gen<Y, R, F>` or `AsyncGen<Y, R, F>`
                // whose body this is, and `outer` that of the `Co<Y, R>` this delegation was
                // made with (`Delegation::inline` is only called with those, from the
                // `Delegate` impls): the same yield and resume types, as `with_delegate`
                // requires.
                unsafe { raw::with_delegate(cx, *outer, *inner, |cx| body.poll(cx)) }
            }
            HowProj::Resuming { resuming } => resuming.poll(cx),
        }
    }
}

/// One resume of a sub-generator, whatever its kind: `None` starts it.
pub trait Step<R> {
    /// The sub-generator's yield type.
    type Yield;
    /// The sub-generator's return type.
    type Return;
    /// Resumes with `arg`, or starts the generator if `arg` is `None`.
    fn step(&mut self, arg: Option<R>) -> GeneratorState<Self::Yield, Self::Return>;
}

#[cfg(feature = "alloc")]
impl<Y, R, F: Future> Step<R> for Gen<Y, R, F> {
    type Yield = Y;
    type Return = F::Output;

    #[inline]
    fn step(&mut self, arg: Option<R>) -> GeneratorState<Y, F::Output> {
        if self.is_complete() {
            panics::delegated_to_complete();
        }
        match arg {
            Some(arg) => self.resume(arg),
            None if self.storage_ref().is_inline() => self.start(),
            None => panics::delegate_needs_value(),
        }
    }
}

#[cfg(not(feature = "alloc"))]
impl<Y, R, F: Future> Step<R> for Gen<Y, R, F> {
    type Yield = Y;
    type Return = F::Output;

    fn step(&mut self, _: Option<R>) -> GeneratorState<Y, F::Output> {
        // Without `alloc` a `Gen` by value can only be delegated to before it starts, which
        // `Delegate for Gen` does inline; a started one cannot be resumed unpinned.
        panics::delegate_needs_value()
    }
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

impl<Y, R, F: Future> Delegate for Pin<&mut Gen<Y, R, F>> {
    type Yield = Y;
    type Resume = R;
    type Return = F::Output;
    type Future = Resuming<Self, R>;

    fn delegate(self, co: &mut Co<Y, R>, first: Option<R>) -> Self::Future {
        Resuming::new(co, self, first)
    }
}

#[cfg(feature = "alloc")]
impl<Y, R, F: Future> Delegate for Pin<alloc::boxed::Box<Gen<Y, R, F>>> {
    type Yield = Y;
    type Resume = R;
    type Return = F::Output;
    type Future = Resuming<Self, R>;

    fn delegate(self, co: &mut Co<Y, R>, first: Option<R>) -> Self::Future {
        Resuming::new(co, self, first)
    }
}

/// Makes any pinned or `Unpin` [`Generator`] delegable with `yield_from!`, by naming its
/// resume type (a type may implement `Generator<R>` for several `R`).
///
/// The delegation checks [`Generator::is_complete`] before each resume (delegating to a
/// complete generator panics), so the generator must report completion truthfully.
///
/// ```
/// use gen_core::prelude::*;
/// use gen_core::delegate::FromGenerator;
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
    type Future = Resuming<Self, R>;

    fn delegate(self, co: &mut Co<G::Yield, R>, first: Option<R>) -> Self::Future {
        Resuming::new(co, self, first)
    }
}

pin_project! {
    /// Delegation to a generator that is resumed in a loop: each of its yields is yielded
    /// again by the outer generator, each resume value passed on.
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct Resuming<G, R> {
        nonce: u64,
        generator: G,
        // The resume value for the next step; `None` and not `waiting`: start it.
        next: Option<R>,
        // Suspended at a re-yield: the next poll takes the outer generator's resume value.
        waiting: bool,
    }
}

impl<G: Step<R>, R> Resuming<G, R> {
    pub(crate) fn new(co: &mut Co<G::Yield, R>, generator: G, first: Option<R>) -> Self {
        Resuming {
            nonce: co.nonce(),
            generator,
            next: first,
            waiting: false,
        }
    }
}

impl<G: Step<R>, R> Future for Resuming<G, R> {
    type Output = G::Return;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Return> {
        let this = self.project();
        let nonce = *this.nonce;
        if *this.waiting {
            *this.next = raw::with_slot(cx, nonce, |slot: &mut raw::Slot<'_, G::Yield, R>| {
                slot.resume.take()
            });
            if this.next.is_none() {
                panics::resumed_without_value();
            }
            *this.waiting = false;
        }
        match this.generator.step(this.next.take()) {
            GeneratorState::Yielded(value) => {
                raw::with_slot(cx, nonce, |slot: &mut raw::Slot<'_, G::Yield, R>| {
                    slot.put(value)
                });
                *this.waiting = true;
                Poll::Pending
            }
            GeneratorState::Complete(ret) => Poll::Ready(ret),
        }
    }
}

/// One poll of an async sub-generator, whatever its kind: `None` starts it.
pub trait AsyncStep<R> {
    /// The sub-generator's yield type.
    type Yield;
    /// The sub-generator's return type.
    type Return;
    /// Polls towards the next yield; see [`AsyncGenerator::poll_resume`].
    fn poll_step(
        &mut self,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Self::Yield, Self::Return>>;
}

#[cfg(feature = "alloc")]
impl<Y, R, F: Future> AsyncStep<R> for AsyncGen<Y, R, F> {
    type Yield = Y;
    type Return = F::Output;

    #[inline]
    fn poll_step(
        &mut self,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Y, F::Output>> {
        if self.is_complete() {
            panics::delegated_to_complete();
        }
        self.poll_owned(cx, arg)
    }
}

#[cfg(not(feature = "alloc"))]
impl<Y, R, F: Future> AsyncStep<R> for AsyncGen<Y, R, F> {
    type Yield = Y;
    type Return = F::Output;

    fn poll_step(
        &mut self,
        _: &mut Context<'_>,
        _: &mut Option<R>,
    ) -> Poll<GeneratorState<Y, F::Output>> {
        // As for `Gen`: without `alloc` only a fresh generator can be delegated to by value.
        panics::delegate_needs_value()
    }
}

impl<G: AsyncGenerator<R> + ?Sized, R> AsyncStep<R> for Pin<&mut G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn poll_step(
        &mut self,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<G::Yield, G::Return>> {
        if self.is_complete() {
            panics::delegated_to_complete();
        }
        self.as_mut().poll_resume(cx, arg)
    }
}

pin_project! {
    /// Delegation to an async generator that is resumed in a loop: its yields are yielded
    /// again, resume values passed on, and its awaits awaited by the outer generator.
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct AsyncResuming<G, R> {
        nonce: u64,
        generator: G,
        next: Option<R>,
        waiting: bool,
    }
}

impl<G: AsyncStep<R>, R> AsyncResuming<G, R> {
    pub(crate) fn new(co: &mut Co<G::Yield, R>, generator: G, first: Option<R>) -> Self {
        AsyncResuming {
            nonce: co.nonce(),
            generator,
            next: first,
            waiting: false,
        }
    }
}

impl<G: AsyncStep<R>, R> Future for AsyncResuming<G, R> {
    type Output = G::Return;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Return> {
        let this = self.project();
        let nonce = *this.nonce;
        if *this.waiting {
            *this.next = raw::with_slot(cx, nonce, |slot: &mut raw::Slot<'_, G::Yield, R>| {
                slot.resume.take()
            });
            if this.next.is_none() {
                panics::resumed_without_value();
            }
            *this.waiting = false;
        }
        match this.generator.poll_step(cx, this.next) {
            Poll::Ready(GeneratorState::Yielded(value)) => {
                raw::with_slot(cx, nonce, |slot: &mut raw::Slot<'_, G::Yield, R>| {
                    slot.put(value)
                });
                *this.waiting = true;
                Poll::Pending
            }
            Poll::Ready(GeneratorState::Complete(ret)) => Poll::Ready(ret),
            Poll::Pending => Poll::Pending,
        }
    }
}

pin_project! {
    /// Delegation to an iterator: each item is yielded (the resume values are all `()`).
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct YieldAll<Y, R, I> {
        nonce: u64,
        iter: I,
        waiting: bool,
        types: PhantomData<fn(R) -> Y>,
    }
}

impl<Y, R, I: Iterator<Item = Y>> Future for YieldAll<Y, R, I> {
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
                |slot: &mut raw::Slot<'_, Y, R>| slot.resume.take(),
            ));
        }
        match this.iter.next() {
            Some(value) => {
                raw::with_slot(cx, nonce, |slot: &mut raw::Slot<'_, Y, R>| slot.put(value));
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
    /// A sub-generator that has never run is polled inline, at no cost per item. One that has
    /// already started (possible with resume type `()`) is resumed with `()` first, as Python
    /// resumes it with `None`; see [`yield_from_started`](Co::yield_from_started) for other
    /// resume types.
    ///
    /// # Panics
    ///
    /// The future panics if the sub-generator has completed already, or has started and the
    /// resume type is not `()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_core::{Co, Gen};
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
    pub fn yield_from<G>(&mut self, sub: G) -> G::Future
    where
        G: Delegate<Yield = Y, Resume = R>,
    {
        sub.delegate(self, None)
    }

    /// As [`yield_from`](Co::yield_from), for a sub-generator that has already started: it is
    /// resumed with `first` before its yields are passed on.
    pub fn yield_from_started<G>(&mut self, sub: G, first: R) -> G::Future
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
    /// use gen_core::{Co, Gen};
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
    ) -> YieldAll<Y, (), I::IntoIter> {
        YieldAll {
            nonce: self.nonce(),
            iter: iter.into_iter(),
            waiting: false,
            types: PhantomData,
        }
    }
}

/// Not public API: how `yield_from!` tells generators from iterators. The macro calls
/// `(&&YieldFrom(sub)).__yield_from_kind()`: method resolution tries `&YieldFrom<G>` with
/// `G: Delegate` first, then `YieldFrom<I>` with `I: IntoIterator`, so a generator that is
/// also an iterator is delegated to as a generator (keeping its return value).
#[doc(hidden)]
#[derive(Debug)]
pub struct YieldFrom<T>(pub T);

#[doc(hidden)]
#[derive(Debug)]
pub struct GeneratorKind;

#[doc(hidden)]
#[derive(Debug)]
pub struct IteratorKind;

#[doc(hidden)]
pub trait ViaGenerator {
    fn __yield_from_kind(&self) -> GeneratorKind {
        GeneratorKind
    }
}

impl<G: Delegate> ViaGenerator for &YieldFrom<G> {}

#[doc(hidden)]
pub trait ViaIterator {
    fn __yield_from_kind(&self) -> IteratorKind {
        IteratorKind
    }
}

impl<I: IntoIterator> ViaIterator for YieldFrom<I> {}

impl GeneratorKind {
    #[doc(hidden)]
    #[inline]
    pub fn __delegate<G: Delegate>(
        self,
        co: &mut Co<G::Yield, G::Resume>,
        sub: G,
        first: Option<G::Resume>,
    ) -> G::Future {
        sub.delegate(co, first)
    }
}

impl IteratorKind {
    #[doc(hidden)]
    #[inline]
    pub fn __delegate<Y, R: UnitResume, I: IntoIterator<Item = Y>>(
        self,
        co: &mut Co<Y, R>,
        iter: I,
        _first: Option<R>,
    ) -> YieldAll<Y, R, I::IntoIter> {
        YieldAll {
            nonce: co.nonce(),
            iter: iter.into_iter(),
            waiting: false,
            types: PhantomData,
        }
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
