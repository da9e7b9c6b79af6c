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

    /// Polls the generator towards its next `yield_!` or its end. `arg` is the resume value:
    /// it is taken when the generator receives it (at the `yield_!` it is suspended at, or
    /// dropped when it starts), and left in place while the generator is waiting on another
    /// future, for a later poll.
    ///
    /// # Panics
    ///
    /// If the generator has completed, and with the body's own panic.
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
    /// The future panics if the generator is waiting at a `yield_!`.
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

/// The future of [`AsyncGenerator::resume`] and [`AsyncGenerator::start`].
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
