//! Delegation, behind `yield_from!` (Python's `yield from`, PEP 380): the types a delegation
//! is made of. Most code only meets them through `yield_from!`; [`FromGenerator`] lets
//! `yield_from!` delegate to a generator type of your own.
//!
//! A pygen sub-generator ([`Gen`] or [`AsyncGen`], by value or pinned behind any pointer) is
//! not resumed in a loop: its body is polled right inside the delegating generator's body,
//! with the slot of the outer generator lent to it (`raw::with_delegate` swaps the nonce for
//! the inner poll). Its yields go straight to the outer generator's caller, its resume values
//! come straight from it. Only type-erased generators (boxed ones, [`FromGenerator`]) are
//! driven by a re-yield loop ([`Resuming`]).

use core::future::Future;
use core::marker::PhantomData;
use core::ops::DerefMut;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

#[cfg(feature = "alloc")]
pub use crate::chain::Chained;

use crate::body::Body;
use crate::nonce::Nonce;
use crate::storage::{Entered, Progress, Storage, Taken, Turn};
use crate::{AsyncGen, Co, Gen, Generator, GeneratorState, panics, raw};

/// A generator `yield_from!` can delegate to: pygen's generators ([`Gen`] and
/// [`AsyncGen`], by value, pinned by reference or in a box, and the boxed generators).
///
/// Any other [`Generator`] can be delegated to by wrapping it in [`FromGenerator`].
///
/// # Examples
///
/// ```
/// use pygen::delegate::Delegate;
/// use pygen::prelude::*;
///
/// #[generator(yield = u8)]
/// fn digits() -> &'static str {
///     yield_!(1);
///     "digits done"
/// }
///
/// // What `yield_from!` accepts, named as a bound:
/// fn delegable<G: Delegate<Yield = u8, Resume = ()>>(g: G) -> G {
///     g
/// }
///
/// #[generator(yield = u8)]
/// fn outer() {
///     let said = yield_from!(delegable(digits()));
///     assert_eq!(said, "digits done");
/// }
/// assert_eq!(outer().collect::<Vec<_>>(), [1]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a generator that `yield_from` can delegate to",
    label = "not a pygen generator",
    note = "delegate to a `Gen` or `AsyncGen` (by value, pinned, or `Box::pin`ned), a boxed generator, or wrap another `Generator` in `pygen::delegate::FromGenerator`; `yield_from!` also accepts iterators"
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
    /// resume the sub-generator with if it is suspended at a `yield_!` (`None`: it must not
    /// be).
    ///
    /// # Panics
    ///
    /// If the sub-generator has completed: its return value was already delivered.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::delegate::Delegate;
    /// use pygen::{Co, Gen};
    ///
    /// let inner = Gen::new(|mut co: Co<u8>| async move {
    ///     co.yield_(1).await;
    ///     10
    /// });
    /// let outer = Gen::new(|mut co: Co<u8>| async move {
    ///     // `None`: `inner` has not started (`co.yield_from(inner)` does the same).
    ///     let ret = inner.delegate(&mut co, None).await;
    ///     co.yield_(ret).await;
    /// });
    /// assert_eq!(outer.collect::<Vec<_>>(), [1, 10]);
    /// ```
    #[track_caller]
    fn delegate<'co>(
        self,
        co: &'co mut Co<Self::Yield, Self::Resume>,
        first: Option<Self::Resume>,
    ) -> Self::Future<'co>;

    /// Not public API: [`delegate`](Delegate::delegate) for a future that `yield_from!`
    /// awaits directly in the delegating body, with nothing of the user's around it. A
    /// delegation to a boxed generator made this way may be resumed directly by the outermost
    /// delegation of a recursion (which is sound whatever the caller does: only the user's
    /// wrapper, if any, would miss polls).
    #[doc(hidden)]
    #[inline(always)]
    #[track_caller]
    fn __delegate_direct<'co>(
        self,
        co: &'co mut Co<Self::Yield, Self::Resume>,
        first: Option<Self::Resume>,
    ) -> Self::Future<'co> {
        self.delegate(co, first)
    }
}

/// pygen's own generators, [`Gen`] and [`AsyncGen`]: a delegation polls their body in place,
/// inside the delegating generator, wherever it lives. Sealed.
///
/// # Examples
///
/// ```
/// use pygen::delegate::Native;
/// use pygen::prelude::*;
///
/// #[generator(yield = u8)]
/// fn one() {
///     yield_!(1);
/// }
///
/// // A bound for "a pygen generator, which `yield_from!` polls in place":
/// fn in_place<G: Native>(g: G) -> G {
///     g
/// }
///
/// #[generator(yield = u8)]
/// fn outer() {
///     yield_from!(in_place(one()));
/// }
/// assert_eq!(outer().collect::<Vec<_>>(), [1]);
/// ```
pub trait Native: native::HasBody {}

mod native {
    use super::*;

    /// Access to the body of a pygen generator.
    #[expect(
        private_interfaces,
        reason = "sealed: this trait cannot be named outside the crate"
    )]
    pub trait HasBody {
        type Yield;
        type Resume;
        type Body: Future;
        fn is_complete(&self) -> bool;
        fn body_mut(&mut self) -> &mut Body<Self::Yield, Self::Resume, Self::Body>;
        fn body_pinned(
            self: Pin<&mut Self>,
        ) -> Pin<&mut Body<Self::Yield, Self::Resume, Self::Body>>;
    }

    // Two impls stamped from one text, not a blanket `impl<G: HasBody> Delegate for G`: that
    // would overlap with `impl Delegate for Pin<P>` below (E0119: `Pin` is `#[fundamental]`, so
    // coherence assumes another crate could implement `HasBody` for a `Pin` of its own type).
    macro_rules! has_body {
        ($generator:ident) => {
            #[expect(
                private_interfaces,
                reason = "sealed: this trait cannot be named outside the crate"
            )]
            impl<Y, R, F: Future, K> HasBody for $generator<Y, R, F, K> {
                type Yield = Y;
                type Resume = R;
                type Body = F;
                #[inline(always)]
                fn is_complete(&self) -> bool {
                    $generator::is_complete(self)
                }
                #[inline(always)]
                fn body_mut(&mut self) -> &mut Body<Y, R, F> {
                    $generator::body_mut(self)
                }
                #[inline(always)]
                fn body_pinned(self: Pin<&mut Self>) -> Pin<&mut Body<Y, R, F>> {
                    $generator::body_pinned(self)
                }
            }

            impl<Y, R, F: Future, K> Native for $generator<Y, R, F, K> {}

            impl<Y, R, F: Future, K> Delegate for $generator<Y, R, F, K> {
                type Yield = Y;
                type Resume = R;
                type Return = F::Output;
                type Future<'co>
                    = Delegation<'co, Y, R, F>
                where
                    Self: 'co,
                    Y: 'co,
                    R: 'co;

                #[track_caller]
                fn delegate<'co>(
                    mut self,
                    co: &'co mut Co<Y, R>,
                    first: Option<R>,
                ) -> Delegation<'co, Y, R, F> {
                    match self.body_mut().take() {
                        Some(taken) => Delegation::new(co, taken, first),
                        None => panics::delegated_to_complete(),
                    }
                }
            }
        };
    }

    has_body!(Gen);
    has_body!(AsyncGen);
}

/// A pinned pygen generator (`Pin<&mut Gen>`, `Pin<Box<Gen>>`, and the same for `AsyncGen`)
/// is delegated to where it is: its body is polled in place, and the generator is complete
/// afterwards, or keeps its place if the delegation is dropped early.
impl<P> Delegate for Pin<P>
where
    P: DerefMut<Target: Native> + Unpin,
{
    type Yield = <P::Target as native::HasBody>::Yield;
    type Resume = <P::Target as native::HasBody>::Resume;
    type Return = <<P::Target as native::HasBody>::Body as Future>::Output;
    type Future<'co>
        = PinnedDelegation<'co, Self::Yield, Self::Resume, P>
    where
        Self: 'co,
        Self::Yield: 'co,
        Self::Resume: 'co;

    #[track_caller]
    fn delegate<'co>(
        self,
        co: &'co mut Co<Self::Yield, Self::Resume>,
        first: Option<Self::Resume>,
    ) -> PinnedDelegation<'co, Self::Yield, Self::Resume, P> {
        if native::HasBody::is_complete(&*self) {
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

pin_project! {
    /// The future of a delegation to a pygen generator taken by value: polls its body inside
    /// the delegating generator's body, and evaluates to its return value.
    ///
    /// ```
    /// use pygen::delegate::Delegation;
    /// use pygen::{Co, Gen};
    ///
    /// let inner = Gen::new(|mut co: Co<u8>| async move {
    ///     co.yield_(1).await;
    ///     "done"
    /// });
    /// let outer = Gen::new(|mut co: Co<u8>| async move {
    ///     let delegation: Delegation<'_, u8, (), _> = co.yield_from(inner);
    ///     assert_eq!(delegation.await, "done");
    /// });
    /// assert_eq!(outer.collect::<Vec<_>>(), [1]);
    /// ```
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct Delegation<'co, Y, R, F> {
        outer: Nonce<Y, R>,
        // The value for a sub-generator suspended at a yield, handed over at the first poll
        // (`Some`, taken then).
        first: Option<Option<R>>,
        #[pin]
        sub: Taken<Y, R, F>,
        co: PhantomData<&'co mut Co<Y, R>>,
    }
}

impl<'co, Y, R, F> Delegation<'co, Y, R, F> {
    #[inline]
    fn new(co: &'co mut Co<Y, R>, sub: Taken<Y, R, F>, first: Option<R>) -> Self {
        Delegation {
            outer: co.nonce(),
            first: Some(first),
            sub,
            co: PhantomData,
        }
    }
}

impl<Y, R, F> core::fmt::Debug for Delegation<'_, Y, R, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Delegation").finish_non_exhaustive()
    }
}

/// The future of a delegation to a pinned pygen generator (`Pin<&mut Gen>`, `Pin<Box<Gen>>`,
/// the same for `AsyncGen`): polls its body where it lives, and evaluates to its return value.
///
/// ```
/// use pygen::delegate::PinnedDelegation;
/// use pygen::{Co, Gen};
///
/// let inner = Gen::new(|mut co: Co<u8>| async move {
///     co.yield_(1).await;
///     "done"
/// });
/// let outer = Gen::new(|mut co: Co<u8>| async move {
///     let delegation: PinnedDelegation<'_, u8, (), _> = co.yield_from(Box::pin(inner));
///     assert_eq!(delegation.await, "done");
/// });
/// assert_eq!(outer.collect::<Vec<_>>(), [1]);
/// ```
#[must_use = "a delegation does nothing unless it is `.await`ed"]
pub struct PinnedDelegation<'co, Y, R, P> {
    outer: Nonce<Y, R>,
    // As in `Delegation`.
    first: Option<Option<R>>,
    generator: Pin<P>,
    co: PhantomData<&'co mut Co<Y, R>>,
}

// `first` is never pinned, and the generator is behind a pinned pointer.
impl<Y, R, P: Unpin> Unpin for PinnedDelegation<'_, Y, R, P> {}

impl<Y, R, P> core::fmt::Debug for PinnedDelegation<'_, Y, R, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PinnedDelegation").finish_non_exhaustive()
    }
}

/// Hands a started sub-generator the value it waits for, at the first poll of its delegation.
///
/// # Panics
///
/// If it waits at a `yield_!` and the delegation has no value for it.
#[inline(always)]
#[track_caller]
fn hand_first<Y, R>(
    cx: &mut Context<'_>,
    outer: Nonce<Y, R>,
    first: Option<R>,
    progress: Progress,
) {
    if progress == Progress::AtYield {
        match first {
            Some(first) => raw::slot(cx).hand(outer, first),
            None => panics::delegated_to_started(),
        }
    }
}

impl<Y, R, F: Future> Future for Delegation<'_, Y, R, F> {
    type Output = F::Output;

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let outer = *this.outer;
        let sub = this.sub;
        if let Some(first) = this.first.take() {
            hand_first(cx, outer, first, sub.progress());
        }
        let inner = sub.nonce();
        raw::with_delegate(cx, outer, inner, |cx| sub.body().poll(cx))
    }
}

impl<Y, R, P> Future for PinnedDelegation<'_, Y, R, P>
where
    P: DerefMut<Target: Native + native::HasBody<Yield = Y, Resume = R>> + Unpin,
{
    type Output = <<P::Target as native::HasBody>::Body as Future>::Output;

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let generator = this.generator.as_mut();
        let storage = native::HasBody::body_pinned(generator).storage();
        poll_pinned(storage, cx, this.outer, this.first.take())
    }
}

/// Polls a pinned sub-generator's body in place, inside the body of the generator `outer`,
/// handing it `first` if this is the delegation's first poll (`Some`).
#[inline(always)]
#[track_caller]
pub(crate) fn poll_pinned<Y, R, F: Future>(
    storage: Pin<&mut Storage<Y, R, F>>,
    cx: &mut Context<'_>,
    outer: Nonce<Y, R>,
    first: Option<Option<R>>,
) -> Poll<F::Output> {
    if let Some(first) = first {
        hand_first(cx, outer, first, storage.progress());
    }
    match storage.enter() {
        Entered::AtYield(body) | Entered::InPlace(body) => poll_in_place(body, cx, outer),
        Entered::Boxed(body) => poll_in_place(body, cx, outer),
        Entered::Empty => panics::delegated_to_complete(),
    }
}

/// Polls a pinned sub-generator's body where it lives, and records in its storage how far it
/// got, so that it can be resumed directly if the delegation ends early.
#[inline(always)]
#[track_caller]
fn poll_in_place<Y, R, F: Future, const IN_BOX: bool>(
    body: Turn<'_, Y, R, F, IN_BOX>,
    cx: &mut Context<'_>,
    outer: Nonce<Y, R>,
) -> Poll<F::Output> {
    let mut body = body.run();
    let inner = body.nonce();
    match raw::with_delegate(cx, outer, inner, |cx| body.body().poll(cx)) {
        Poll::Ready(ret) => {
            body.complete();
            Poll::Ready(ret)
        }
        Poll::Pending => {
            let yielded = raw::slot(cx).has_yielded(outer);
            body.suspend(!yielded);
            Poll::Pending
        }
    }
}

/// One resume of a sub-generator driven by a re-yield loop ([`Resuming`]), whatever its kind.
///
/// ```
/// use pygen::delegate::Step;
/// use pygen::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = u8)]
/// fn one() {
///     yield_!(1);
/// }
///
/// let mut g = pin!(one());
/// assert_eq!(g.step(None), GeneratorState::Yielded(1)); // `None`: start it
/// assert_eq!(g.step(Some(())), GeneratorState::Complete(()));
/// ```
pub trait Step<R> {
    /// The sub-generator's yield type.
    type Yield;
    /// The sub-generator's return type.
    type Return;
    /// Resumes with `arg`, or starts the generator if `arg` is `None`.
    ///
    /// ```
    /// use pygen::delegate::Step;
    /// use pygen::prelude::*;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8, resume = u8)]
    /// fn echo() {
    ///     let mut x = yield_!(0);
    ///     loop {
    ///         x = yield_!(x);
    ///     }
    /// }
    ///
    /// let mut g = pin!(echo());
    /// assert_eq!(g.step(None), GeneratorState::Yielded(0)); // starts it
    /// assert_eq!(g.step(Some(5)), GeneratorState::Yielded(5)); // resumes it with 5
    /// ```
    fn step(&mut self, arg: Option<R>) -> GeneratorState<Self::Yield, Self::Return>;
}

impl<G: Generator<R> + ?Sized, R> Step<R> for Pin<&mut G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    #[track_caller]
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
    #[track_caller]
    fn step(&mut self, arg: Option<R>) -> GeneratorState<Self::Yield, Self::Return> {
        self.as_mut().step(arg)
    }
}

/// Makes any pinned or `Unpin` [`Generator`] delegable with `yield_from!`, by naming its
/// resume type (a type may implement `Generator<R>` for several `R`).
///
/// The delegation checks [`Generator::is_complete`] before each resume (delegating to a
/// complete generator panics), so the generator must report completion truthfully. Like
/// Python's `yield from`, which begins with `next(sub)` whatever state `sub` is in, the first
/// step starts the generator ([`Generator::start`]), or resumes it with `()` when that is the
/// resume type.
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
    ///
    /// ```
    /// use pygen::delegate::FromGenerator;
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u8)]
    /// fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// #[generator(yield = u8)]
    /// fn outer() {
    ///     // A `Pin<Box<Gen>>` is a `Generator` and `Unpin`: any such type can be wrapped.
    ///     yield_from!(FromGenerator::new(Box::pin(one())));
    /// }
    /// assert_eq!(outer().collect::<Vec<_>>(), [1]);
    /// ```
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
    #[track_caller]
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
    ///
    /// ```
    /// use pygen::delegate::{FromGenerator, Resuming};
    /// use pygen::{Co, Gen};
    ///
    /// let inner = Gen::new(|mut co: Co<u8>| async move {
    ///     co.yield_(1).await;
    ///     "done"
    /// });
    /// let outer = Gen::new(|mut co: Co<u8>| async move {
    ///     let wrapped = FromGenerator::new(Box::pin(inner));
    ///     let delegation: Resuming<'_, _, ()> = co.yield_from(wrapped);
    ///     assert_eq!(delegation.await, "done");
    /// });
    /// assert_eq!(outer.collect::<Vec<_>>(), [1]);
    /// ```
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct Resuming<'co, G: Step<R>, R> {
        nonce: Nonce<G::Yield, R>,
        generator: G,
        // Before the first step (`Some`): what to step it with (`None`: start it).
        first: Option<Option<R>>,
        co: PhantomData<&'co mut Co<G::Yield, R>>,
    }
}

impl<'co, G: Step<R>, R> Resuming<'co, G, R> {
    pub(crate) fn new(co: &'co mut Co<G::Yield, R>, generator: G, first: Option<R>) -> Self {
        Resuming {
            nonce: co.nonce(),
            generator,
            first: Some(first),
            co: PhantomData,
        }
    }
}

impl<G: Step<R>, R> Future for Resuming<'_, G, R> {
    type Output = G::Return;

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Return> {
        let this = self.project();
        let generator = this.generator;
        reyield(cx, *this.nonce, this.first.take(), |arg| {
            generator.step(arg)
        })
    }
}

/// One step of a re-yield loop in the body of the generator `nonce`: resumes a sub-generator
/// with `step` (with `first` at the first step, `Some` then; later, with the value the outer
/// generator was resumed with), and yields what it yields.
#[inline]
#[track_caller]
pub(crate) fn reyield<Y, R, T>(
    cx: &mut Context<'_>,
    nonce: Nonce<Y, R>,
    first: Option<Option<R>>,
    step: impl FnOnce(Option<R>) -> GeneratorState<Y, T>,
) -> Poll<T> {
    let arg = match first {
        Some(first) => first,
        // Later steps: the outer generator is resumed at the value this loop re-yielded.
        None => match raw::slot(cx).take_resume(nonce) {
            Some(arg) => Some(arg),
            None => panics::yield_polled_again(),
        },
    };
    match step(arg) {
        GeneratorState::Yielded(value) => {
            raw::slot(cx).put(nonce, value);
            Poll::Pending
        }
        GeneratorState::Complete(ret) => Poll::Ready(ret),
    }
}

pin_project! {
    /// Delegation to an iterator: each item is yielded (the resume values are all `()`).
    ///
    /// ```
    /// use pygen::{Co, Gen};
    ///
    /// let g = Gen::new(|mut co: Co<u8>| async move {
    ///     let all: pygen::delegate::YieldAll<'_, u8, (), _> = co.yield_all([1, 2]);
    ///     all.await;
    /// });
    /// assert_eq!(g.collect::<Vec<_>>(), [1, 2]);
    /// ```
    #[derive(Debug)]
    #[must_use = "a delegation does nothing unless it is `.await`ed"]
    pub struct YieldAll<'co, Y, R, I> {
        nonce: Nonce<Y, R>,
        iter: I,
        co: PhantomData<&'co mut Co<Y, R>>,
    }
}

impl<'co, Y, R, I> YieldAll<'co, Y, R, I> {
    fn new(co: &'co mut Co<Y, R>, iter: I) -> Self {
        YieldAll {
            nonce: co.nonce(),
            iter,
            co: PhantomData,
        }
    }
}

impl<Y, R, I: Iterator<Item = Y>> Future for YieldAll<'_, Y, R, I> {
    type Output = ();

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        let nonce = *this.nonce;
        // Resumed at an item yielded earlier: the resume value (`()`, see `UnitResume`) has
        // nowhere to go.
        drop(raw::slot(cx).take_resume(nonce));
        match this.iter.next() {
            Some(value) => {
                raw::slot(cx).put(nonce, value);
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
    #[track_caller]
    pub fn yield_from<G>(&mut self, sub: G) -> G::Future<'_>
    where
        G: Delegate<Yield = Y, Resume = R>,
    {
        sub.delegate(self, None)
    }

    /// As [`yield_from`](Co::yield_from), for a sub-generator that has already started: it is
    /// resumed with `first` before its yields are passed on.
    ///
    /// ```
    /// use pygen::{Co, Gen, Generator, GeneratorState};
    ///
    /// let mut inner = Box::pin(Gen::new(|mut co: Co<u8, u8>| async move {
    ///     let a = co.yield_(0).await;
    ///     co.yield_(a).await
    /// }));
    /// // Started here, suspended at its first yield ...
    /// assert_eq!(inner.as_mut().start(), GeneratorState::Yielded(0));
    /// let mut outer = Gen::new(|mut co: Co<u8, u8>| async move {
    ///     // ... resumed with 7 by the delegation, which passes on the rest.
    ///     let ret = co.yield_from_started(inner, 7).await;
    ///     co.yield_(ret).await;
    /// });
    /// assert_eq!(outer.start(), GeneratorState::Yielded(7));
    /// assert_eq!(outer.resume(9), GeneratorState::Yielded(9));
    /// assert_eq!(outer.resume(0), GeneratorState::Complete(()));
    /// ```
    #[track_caller]
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
