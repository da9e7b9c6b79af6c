//! The `AsyncGenerator` trait: resuming any async generator through a pinned reference.

use core::fmt;
use core::future::Future;
use core::ops::DerefMut;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::{GeneratorState, Status};

/// An asynchronous generator that yields values of type `Yield`, takes resume values of type
/// `R` and finally returns `Return`: the async counterpart of [`Generator`](crate::Generator)
/// (Python's `asend`, `aclose`). Implemented by [`AsyncGen`](crate::AsyncGen), by `Pin<P>` for
/// a pointer `P` to one, and by `&mut G` for an `Unpin` one.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
/// use pygen::AsyncGenerator;
/// use std::pin::pin;
///
/// #[generator(yield = u32, resume = u32)]
/// async fn running_total() {
///     let mut total = 0;
///     loop {
///         total += yield_!(total);
///     }
/// }
///
/// futures::executor::block_on(async {
///     let mut g = pin!(running_total()); // no allocation
///     assert_eq!(g.as_mut().start().await, GeneratorState::Yielded(0));
///     assert_eq!(g.as_mut().resume(5).await, GeneratorState::Yielded(5));
///     assert_eq!(g.as_mut().resume(2).await, GeneratorState::Yielded(7));
/// });
/// ```
pub trait AsyncGenerator<R = ()> {
    /// The type of the values the generator yields.
    type Yield;
    /// The type of the value the generator returns when it completes.
    type Return;

    /// Polls the generator towards its next `yield_!` or its end: the building block of
    /// [`resume`](AsyncGenerator::resume) and [`start`](AsyncGenerator::start), for code that
    /// writes its own future.
    ///
    /// `arg` is the resume value for the `yield_!` the generator is suspended at: the poll
    /// takes it (leaving `None`) when it hands it to the generator. A step may take several
    /// polls when the body awaits other futures; poll again with what the last poll left in
    /// `arg` until the result is `Ready`. Poll with `None` to start a generator that has not
    /// started (a value that carries nothing, such as `()`, is accepted there and dropped),
    /// or to finish a step in progress whose resume future was dropped
    /// ([`Status::Awaiting`]).
    ///
    /// # Panics
    ///
    /// Before anything runs: if `arg` is a value (not `()`) and no `yield_!` waits for it
    /// (the generator has not started, or is in the middle of a step); if `arg` is `None` and
    /// the generator is suspended at a `yield_!`, which waits for a value. If the generator
    /// has completed. With the body's own panic. The panic reports the caller's line.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::AsyncGenerator;
    /// use std::future::poll_fn;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u32, resume = u32)]
    /// async fn doubler() {
    ///     let mut x = yield_!(0);
    ///     loop {
    ///         std::future::ready(()).await;
    ///         x = yield_!(x * 2);
    ///     }
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = pin!(doubler());
    ///     let mut arg = None; // start it
    ///     let first = poll_fn(|cx| g.as_mut().poll_resume(cx, &mut arg)).await;
    ///     assert_eq!(first, GeneratorState::Yielded(0));
    ///
    ///     let mut arg = Some(21);
    ///     let second = poll_fn(|cx| g.as_mut().poll_resume(cx, &mut arg)).await;
    ///     assert_eq!(second, GeneratorState::Yielded(42));
    ///     assert_eq!(arg, None); // the generator took it
    /// });
    /// ```
    #[track_caller]
    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Self::Yield, Self::Return>>;

    /// `true` once the generator has returned, panicked or been closed.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::AsyncGenerator;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// async fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = pin!(one());
    ///     g.as_mut().resume(()).await;
    ///     g.as_mut().resume(()).await;
    ///     assert!(g.is_complete());
    /// });
    /// ```
    fn is_complete(&self) -> bool;

    /// Where the generator is in its life (Python's `inspect.getasyncgenstate`); the default
    /// tells only [`Suspended`](Status::Suspended) from [`Complete`](Status::Complete), see
    /// [`Generator::status`](crate::Generator::status).
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::{AsyncGenerator, Status};
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// async fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// let g = pin!(one());
    /// assert_eq!(g.status(), Status::Created);
    /// ```
    fn status(&self) -> Status {
        if self.is_complete() {
            Status::Complete
        } else {
            Status::Suspended
        }
    }

    /// Drops the suspended body in place; the generator is then complete.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::AsyncGenerator;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// async fn forever() {
    ///     loop {
    ///         yield_!(0);
    ///     }
    /// }
    ///
    /// let mut g = pin!(forever());
    /// g.as_mut().close();
    /// assert!(g.is_complete());
    /// ```
    fn close(self: Pin<&mut Self>);

    /// Resumes the generator with `arg` (Python's `await agen.asend(arg)`); see
    /// [`AsyncGen::resume`](crate::AsyncGen::resume) for what is refused.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::AsyncGenerator;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u32, resume = u32)]
    /// async fn add_one() {
    ///     let mut x = yield_!(0);
    ///     loop {
    ///         x = yield_!(x + 1);
    ///     }
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = pin!(add_one());
    ///     g.as_mut().start().await;
    ///     assert_eq!(g.as_mut().resume(41).await, GeneratorState::Yielded(42));
    /// });
    /// ```
    fn resume(self: Pin<&mut Self>, arg: R) -> PinnedResume<'_, Self, R>
    where
        Self: Sized,
    {
        PinnedResume {
            generator: self,
            arg: Some(arg),
        }
    }

    /// Runs a generator that has not started to its first `yield_!`, without a value (or
    /// finishes a step left in progress by a dropped `resume` future).
    ///
    /// # Panics
    ///
    /// The future panics, before running anything, if the generator is suspended at a
    /// `yield_!` (which waits for a value) or has completed; the panic reports the line of
    /// the `.await` that polls it.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::AsyncGenerator;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = &'static str, resume = u8)]
    /// async fn asks() {
    ///     yield_!("ready");
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = pin!(asks());
    ///     assert_eq!(g.as_mut().start().await, GeneratorState::Yielded("ready"));
    /// });
    /// ```
    fn start(self: Pin<&mut Self>) -> PinnedResume<'_, Self, R>
    where
        Self: Sized,
    {
        PinnedResume {
            generator: self,
            arg: None,
        }
    }
}

/// The future of [`AsyncGenerator::resume`] and [`AsyncGenerator::start`]: the generator's
/// next [`GeneratorState`]. It borrows the pinned generator, so a pinned async generator is
/// resumed without any allocation.
///
/// If it is dropped after the generator took its value, the generator is left in the middle
/// of the step ([`Status::Awaiting`]); [`start`](AsyncGenerator::start) finishes it.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
/// use pygen::{AsyncGenerator, PinnedResume};
/// use std::pin::pin;
///
/// #[generator(yield = &'static str, resume = bool)]
/// async fn door() {
///     let mut open = false;
///     loop {
///         std::future::ready(()).await;
///         open = yield_!(if open { "open" } else { "closed" });
///     }
/// }
///
/// futures::executor::block_on(async {
///     let mut g = pin!(door());
///     let started: PinnedResume<'_, _, bool> = g.as_mut().start();
///     assert_eq!(started.await, GeneratorState::Yielded("closed"));
///     assert_eq!(g.as_mut().resume(true).await, GeneratorState::Yielded("open"));
/// });
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct PinnedResume<'a, G, R> {
    generator: Pin<&'a mut G>,
    arg: Option<R>,
}

// `arg` is never pinned, and `generator` is a pinned reference, which is `Unpin`.
impl<G, R> Unpin for PinnedResume<'_, G, R> {}

impl<G: AsyncGenerator<R>, R> Future for PinnedResume<'_, G, R> {
    type Output = GeneratorState<G::Yield, G::Return>;

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.generator.as_mut().poll_resume(cx, &mut this.arg)
    }
}

impl<G, R> fmt::Debug for PinnedResume<'_, G, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PinnedResume").finish_non_exhaustive()
    }
}

impl<G: AsyncGenerator<R> + Unpin + ?Sized, R> AsyncGenerator<R> for &mut G {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn poll_resume(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Self::Yield, Self::Return>> {
        G::poll_resume(Pin::new(&mut **self), cx, arg)
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

impl<P, R> AsyncGenerator<R> for Pin<P>
where
    P: DerefMut<Target: AsyncGenerator<R>>,
{
    type Yield = <P::Target as AsyncGenerator<R>>::Yield;
    type Return = <P::Target as AsyncGenerator<R>>::Return;

    #[inline]
    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Self::Yield, Self::Return>> {
        <P::Target as AsyncGenerator<R>>::poll_resume(self.as_deref_mut(), cx, arg)
    }

    #[inline]
    fn is_complete(&self) -> bool {
        <P::Target as AsyncGenerator<R>>::is_complete(self)
    }

    #[inline]
    fn status(&self) -> Status {
        <P::Target as AsyncGenerator<R>>::status(self)
    }

    #[inline]
    fn close(self: Pin<&mut Self>) {
        <P::Target as AsyncGenerator<R>>::close(self.as_deref_mut())
    }
}
