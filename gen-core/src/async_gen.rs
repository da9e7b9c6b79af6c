//! `AsyncGen`: an asynchronous generator (PEP 525), a `futures::Stream`.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use pin_project_lite::pin_project;

#[cfg(feature = "alloc")]
use alloc::boxed::Box;

use crate::body::Body;
use crate::kind::{IterResume, Iterable, Plain};
use crate::nonce::Nonce;
use crate::{AsyncGenerator, Co, Fallible, GeneratorState, Status, panics};

pin_project! {
    /// An asynchronous generator: the value a `#[generator] async fn` returns. Its body may
    /// `.await` any future and `yield_!` values; it is a
    /// [`Stream`](futures_core::Stream) (and [`FusedStream`](futures_core::FusedStream)) of
    /// the yielded values, so `StreamExt` (`next`, `map`, `collect`, `for_each`, ...), tokio
    /// and every other stream consumer work with it directly.
    ///
    /// `Y`, `R` and `K` are as for [`Gen`](crate::Gen); `F` is the body, an `async` block
    /// whose output is the return value.
    ///
    /// The body's awaits get the executor's real waker: a body waiting on a channel, a timer
    /// or a socket is woken and resumed correctly, on any executor, multi-threaded ones
    /// included. An `AsyncGen` is `Send` when its body is, exactly like an `async fn`'s
    /// future, and can then be `tokio::spawn`ed.
    ///
    /// Like [`Gen`](crate::Gen), it is used pinned (`std::pin::pin!`, no allocation; or as
    /// `Stream`, which pins it) or owned through [`next`](AsyncGen::next) and
    /// [`resume`](AsyncGen::resume), which box its state once, at the first resume.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::StreamExt;
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32)]
    /// async fn ticks(n: u32) {
    ///     for i in 0..n {
    ///         std::future::ready(()).await; // any future: a timer, a socket, a channel...
    ///         yield_!(i);
    ///     }
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     assert_eq!(ticks(3).collect::<Vec<_>>().await, [0, 1, 2]);
    ///
    ///     let mut owned = ticks(2);
    ///     assert_eq!(owned.next().await, Some(0));
    ///     assert_eq!(owned.next().await, Some(1));
    ///     assert_eq!(owned.next().await, None);
    /// });
    /// ```
    #[must_use = "generators are lazy and do nothing unless polled"]
    pub struct AsyncGen<Y, R, F, K = Plain> {
        #[pin]
        body: Body<Y, R, F>,
        _kind: PhantomData<fn() -> K>,
    }
}

impl<Y, R, F: Future> AsyncGen<Y, R, F> {
    /// Builds an async generator without macros, like [`Gen::new`](crate::Gen::new): the
    /// body may await any future and yields with `co.yield_(value).await`.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::StreamExt;
    /// use pygen::{AsyncGen, Co};
    ///
    /// let pages = AsyncGen::new(|mut co: Co<&str>| async move {
    ///     for page in ["one", "two"] {
    ///         std::future::ready(()).await;
    ///         co.yield_(page).await;
    ///     }
    /// });
    /// let all: Vec<_> = futures::executor::block_on(pages.collect());
    /// assert_eq!(all, ["one", "two"]);
    /// ```
    #[inline]
    pub fn new(producer: impl FnOnce(Co<Y, R>) -> F) -> Self {
        let nonce = Nonce::fresh();
        AsyncGen::from_parts(nonce, producer(Co::new(nonce)))
    }
}

impl<Y, R, F: Future, K> AsyncGen<Y, R, F, K> {
    #[inline]
    pub(crate) fn from_parts(nonce: Nonce<Y, R>, body: F) -> Self {
        AsyncGen {
            body: Body::new(nonce, body),
            _kind: PhantomData,
        }
    }

    #[inline]
    fn into_kind<K2>(self) -> AsyncGen<Y, R, F, K2> {
        AsyncGen {
            body: self.body,
            _kind: PhantomData,
        }
    }

    /// `true` once the generator has returned, panicked or been closed.
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u8)]
    /// async fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = one();
    ///     assert_eq!(g.next().await, Some(1));
    ///     assert!(!g.is_complete());
    ///     assert_eq!(g.next().await, None);
    ///     assert!(g.is_complete());
    /// });
    /// ```
    #[inline]
    pub fn is_complete(&self) -> bool {
        self.body.is_complete()
    }

    /// Where the generator is in its life (Python's `inspect.getasyncgenstate`): created,
    /// suspended at a `yield_!`, [`Awaiting`](Status::Awaiting) another future in the
    /// middle of a step, or complete.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::Status;
    ///
    /// #[generator(yield = u8)]
    /// async fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = one();
    ///     assert_eq!(g.status(), Status::Created);
    ///     g.next().await;
    ///     assert_eq!(g.status(), Status::Suspended);
    ///     g.close();
    ///     assert_eq!(g.status(), Status::Complete);
    /// });
    /// ```
    #[inline]
    pub fn status(&self) -> Status {
        self.body.status()
    }

    /// Drops the suspended body now (Python's `await agen.aclose()`, without the await: Rust
    /// destructors are synchronous). The generator is then complete.
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32)]
    /// async fn forever() {
    ///     loop {
    ///         yield_!(0);
    ///     }
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = forever();
    ///     g.next().await;
    ///     g.close();
    ///     assert_eq!(g.next().await, None);
    /// });
    /// ```
    #[inline]
    pub fn close(&mut self) {
        self.body.close_unpinned()
    }

    /// Resumes the generator with `arg` (Python's `await agen.asend(arg)`) and runs it to its
    /// next `yield_!` or its end, awaiting whatever the body awaits on the way. The first
    /// resume boxes the body; pin the generator and use [`AsyncGenerator::resume`] to avoid
    /// that.
    ///
    /// If the returned future is dropped before it completes, a value it did not hand over
    /// yet is dropped with it; one it handed over has been received by the body, which may
    /// then be in the middle of a step ([`Status::Awaiting`]): finish that step with
    /// [`start`](AsyncGen::start) before the next `resume`.
    ///
    /// # Panics
    ///
    /// The future panics, before running anything, if the generator has not started (call
    /// [`start`](AsyncGen::start) first: no `yield_!` would receive `arg`) or is in the
    /// middle of a step, unless `arg` is `()`; if it has completed; and with the body's own
    /// panic.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = String, resume = u32)]
    /// async fn labeller(prefix: &'static str) {
    ///     let mut n = yield_!(String::new());
    ///     loop {
    ///         std::future::ready(()).await;
    ///         n = yield_!(format!("{prefix}-{n}"));
    ///     }
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = labeller("item");
    ///     g.start().await;
    ///     assert_eq!(g.resume(7).await, GeneratorState::Yielded("item-7".to_string()));
    /// });
    /// ```
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn resume(&mut self, arg: R) -> Resume<'_, Y, R, F, K> {
        Resume {
            generator: self,
            arg: Some(arg),
        }
    }

    /// Runs a generator that has not started to its first `yield_!`, without a resume value
    /// (Python's priming `await anext(agen)`); or finishes a step that a dropped
    /// [`resume`](AsyncGen::resume) future left in progress.
    ///
    /// # Panics
    ///
    /// At once (not when the future is polled) if the generator is suspended at a `yield_!`,
    /// which waits for a value, or has completed.
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32, resume = u32)]
    /// async fn doubler() {
    ///     let mut x = yield_!(0);
    ///     loop {
    ///         x = yield_!(x * 2);
    ///     }
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = doubler();
    ///     assert_eq!(g.start().await, GeneratorState::Yielded(0));
    ///     assert_eq!(g.resume(4).await, GeneratorState::Yielded(8));
    /// });
    /// ```
    #[cfg(feature = "alloc")]
    #[inline]
    #[track_caller]
    pub fn start(&mut self) -> Resume<'_, Y, R, F, K> {
        match self.body.status() {
            Status::Suspended => panics::started_twice(),
            Status::Complete => panics::resumed_after_completion(),
            Status::Created | Status::Awaiting => {}
        }
        Resume {
            generator: self,
            arg: None,
        }
    }

    /// Reads a fallible async generator (one that returns `Result<T, E>`) as a stream of
    /// `Result<Y, E>` (a `TryStream`): every yielded value as `Ok`, then the error, if any;
    /// an `Ok` return value is kept for [`AsyncResults::return_value`]. Boxes the generator
    /// (one allocation), like [`Gen::results`](crate::Gen::results), so that the stream can
    /// be used without pinning it; use [`AsyncResults::new`] on a pinned generator to avoid
    /// the allocation.
    ///
    /// ```
    /// use futures::{StreamExt, TryStreamExt};
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32)]
    /// async fn numbers(text: &'static str) -> Result<(), std::num::ParseIntError> {
    ///     for word in text.split(' ') {
    ///         yield_!(word.parse()?);
    ///     }
    ///     Ok(())
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     assert_eq!(numbers("1 2").results().try_collect::<Vec<_>>().await, Ok(vec![1, 2]));
    ///     let mut items = numbers("1 x").results();
    ///     assert_eq!(items.next().await, Some(Ok(1)));
    ///     assert!(matches!(items.next().await, Some(Err(_))));
    ///     assert_eq!(items.next().await, None);
    /// });
    /// ```
    #[cfg(feature = "alloc")]
    pub fn results<T, E>(self) -> AsyncResults<Pin<Box<Self>>, T>
    where
        F: Future<Output = Result<T, E>>,
    {
        AsyncResults::new(Box::pin(self))
    }

    /// Says that the generator's return value may be dropped when the stream ends, so that a
    /// [`Fallible`] generator can be streamed directly, its error ignored on purpose; see
    /// [`Gen::discard_return`](crate::Gen::discard_return).
    ///
    /// ```
    /// use futures::StreamExt;
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32)]
    /// async fn until_bad(text: &'static str) -> Result<(), std::num::ParseIntError> {
    ///     for word in text.split(' ') {
    ///         yield_!(word.parse()?);
    ///     }
    ///     Ok(())
    /// }
    ///
    /// let good: Vec<u32> = futures::executor::block_on(until_bad("4 8 x").discard_return().collect());
    /// assert_eq!(good, [4, 8]);
    /// ```
    #[inline]
    pub fn discard_return(self) -> AsyncGen<Y, R, F> {
        self.into_kind()
    }

    /// Not public API: marks a generator as [`Fallible`].
    #[doc(hidden)]
    #[inline]
    pub fn __into_fallible(self) -> AsyncGen<Y, R, F, Fallible> {
        self.into_kind()
    }

    #[inline(always)]
    pub(crate) fn body_mut(&mut self) -> &mut Body<Y, R, F> {
        &mut self.body
    }

    #[inline(always)]
    pub(crate) fn body_pinned(self: Pin<&mut Self>) -> Pin<&mut Body<Y, R, F>> {
        self.project().body
    }

    /// Polls an owned generator: boxes its body first if it is inline.
    #[cfg(feature = "alloc")]
    #[inline]
    #[track_caller]
    fn poll_owned(
        &mut self,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Y, F::Output>> {
        match self.body.poll_owned(cx, arg) {
            Some(poll) => poll,
            None => panics::resumed_after_completion(),
        }
    }
}

impl<Y, T, E, F: Future, K> AsyncGen<Y, Result<T, E>, F, K> {
    /// Resumes a generator whose resume type is `Result<T, E>` with `Err(error)` (Python's
    /// `await agen.athrow(error)`); see [`Gen::throw`](crate::Gen::throw).
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32, resume = Result<(), String>)]
    /// async fn counter() -> Result<u32, String> {
    ///     let mut n = 0;
    ///     loop {
    ///         yield_!(n)?;
    ///         n += 1;
    ///     }
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = counter();
    ///     g.start().await;
    ///     let thrown = g.throw("stop".to_string()).await;
    ///     assert_eq!(thrown, GeneratorState::Complete(Err("stop".to_string())));
    /// });
    /// ```
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn throw(&mut self, error: E) -> Resume<'_, Y, Result<T, E>, F, K> {
        self.resume(Err(error))
    }
}

#[cfg(feature = "alloc")]
impl<Y, F: Future, K: Iterable> AsyncGen<Y, (), F, K> {
    /// The next yielded value, or `None` once the generator has completed; like
    /// `StreamExt::next`, but without requiring the generator to be pinned (the first call
    /// boxes its body).
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = char)]
    /// async fn letters() {
    ///     yield_!('a');
    ///     yield_!('b');
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut g = letters();
    ///     assert_eq!(g.next().await, Some('a'));
    ///     assert_eq!(g.next().await, Some('b'));
    ///     assert_eq!(g.next().await, None);
    /// });
    /// ```
    #[inline]
    #[allow(
        clippy::should_implement_trait,
        reason = "the async counterpart of Iterator::next, named like StreamExt::next"
    )]
    pub fn next(&mut self) -> Next<'_, Y, F, K> {
        Next { generator: self }
    }
}

impl<Y, R, F: Future, K> AsyncGenerator<R> for AsyncGen<Y, R, F, K> {
    type Yield = Y;
    type Return = F::Output;

    #[inline]
    #[track_caller]
    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Y, F::Output>> {
        match self.body_pinned().poll(cx, arg) {
            Some(poll) => poll,
            None => panics::resumed_after_completion(),
        }
    }

    #[inline]
    fn is_complete(&self) -> bool {
        self.body.is_complete()
    }

    #[inline]
    fn status(&self) -> Status {
        self.body.status()
    }

    #[inline]
    fn close(self: Pin<&mut Self>) {
        self.body_pinned().close()
    }
}

impl<Y, R: IterResume, F: Future, K: Iterable> Stream for AsyncGen<Y, R, F, K> {
    type Item = Y;

    #[inline]
    #[track_caller]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
        match self.body_pinned().poll(cx, &mut Some(R::unit())) {
            Some(poll) => poll.map(GeneratorState::yielded),
            None => Poll::Ready(None),
        }
    }
}

impl<Y, R: IterResume, F: Future, K: Iterable> FusedStream for AsyncGen<Y, R, F, K> {
    #[inline]
    fn is_terminated(&self) -> bool {
        self.body.is_complete()
    }
}

impl<Y, R, F, K> fmt::Debug for AsyncGen<Y, R, F, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncGen")
            .field("status", &self.body.status())
            .finish_non_exhaustive()
    }
}

/// The future of [`AsyncGen::resume`], [`AsyncGen::start`] and [`AsyncGen::throw`]: the
/// generator's next [`GeneratorState`].
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u8, resume = u8)]
/// async fn echo() {
///     let mut x = yield_!(0);
///     loop {
///         x = yield_!(x);
///     }
/// }
///
/// futures::executor::block_on(async {
///     let mut g = echo();
///     let started: pygen::Resume<'_, _, _, _> = g.start();
///     assert_eq!(started.await, GeneratorState::Yielded(0));
///     assert_eq!(g.resume(5).await, GeneratorState::Yielded(5));
/// });
/// ```
#[cfg(feature = "alloc")]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Resume<'a, Y, R, F, K = Plain> {
    generator: &'a mut AsyncGen<Y, R, F, K>,
    arg: Option<R>,
}

// `arg` is never pinned; the generator is behind a reference.
#[cfg(feature = "alloc")]
impl<Y, R, F, K> Unpin for Resume<'_, Y, R, F, K> {}

#[cfg(feature = "alloc")]
impl<Y, R, F: Future, K> Future for Resume<'_, Y, R, F, K> {
    type Output = GeneratorState<Y, F::Output>;

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.generator.poll_owned(cx, &mut this.arg)
    }
}

#[cfg(feature = "alloc")]
impl<Y, R, F, K> fmt::Debug for Resume<'_, Y, R, F, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resume").finish_non_exhaustive()
    }
}

/// The future of [`AsyncGen::next`]: the next yielded value, or `None` at the end.
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u8)]
/// async fn one() {
///     yield_!(1);
/// }
///
/// futures::executor::block_on(async {
///     let mut g = one();
///     let next: pygen::Next<'_, _, _> = g.next();
///     assert_eq!(next.await, Some(1));
/// });
/// ```
#[cfg(feature = "alloc")]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Next<'a, Y, F, K = Plain> {
    generator: &'a mut AsyncGen<Y, (), F, K>,
}

#[cfg(feature = "alloc")]
impl<Y, F: Future, K: Iterable> Future for Next<'_, Y, F, K> {
    type Output = Option<Y>;

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
        let body = self.get_mut().generator.body_mut();
        match body.poll_owned(cx, &mut Some(())) {
            Some(poll) => poll.map(GeneratorState::yielded),
            None => Poll::Ready(None),
        }
    }
}

#[cfg(feature = "alloc")]
impl<Y, F, K> fmt::Debug for Next<'_, Y, F, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Next").finish_non_exhaustive()
    }
}

pin_project! {
    /// A fallible async generator read as a stream of `Result<Y, E>`: see
    /// [`AsyncGen::results`].
    ///
    /// ```
    /// use futures::StreamExt;
    /// use pygen::prelude::*;
    /// use pygen::AsyncResults;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// async fn fails_after_one() -> Result<(), &'static str> {
    ///     yield_!(1);
    ///     Err("broken")
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let g = pin!(fails_after_one()); // no allocation
    ///     let items: Vec<_> = AsyncResults::new(g).collect().await;
    ///     assert_eq!(items, [Ok(1), Err("broken")]);
    /// });
    /// ```
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct AsyncResults<G, T = ()> {
        #[pin]
        generator: G,
        returned: Option<T>,
    }
}

impl<G, T> AsyncResults<G, T> {
    /// Reads `generator` (any async generator resumed with `()` that returns
    /// `Result<T, E>`, such as a pinned `Pin<&mut AsyncGen>`) as a stream of results.
    ///
    /// ```
    /// use futures::TryStreamExt;
    /// use pygen::prelude::*;
    /// use pygen::AsyncResults;
    ///
    /// #[generator(yield = u8)]
    /// async fn ok() -> Result<(), ()> {
    ///     yield_!(1);
    ///     Ok(())
    /// }
    ///
    /// let collected = futures::executor::block_on(AsyncResults::new(Box::pin(ok())).try_collect::<Vec<_>>());
    /// assert_eq!(collected, Ok(vec![1]));
    /// ```
    pub fn new(generator: G) -> Self {
        AsyncResults {
            generator,
            returned: None,
        }
    }

    /// The generator's `Ok` return value once the stream has ended without an error; see
    /// [`Results::return_value`](crate::Results::return_value).
    ///
    /// ```
    /// use futures::StreamExt;
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u8)]
    /// async fn counted() -> Result<usize, ()> {
    ///     yield_!(1);
    ///     Ok(1)
    /// }
    ///
    /// futures::executor::block_on(async {
    ///     let mut items = counted().results();
    ///     while items.next().await.is_some() {}
    ///     assert_eq!(std::pin::Pin::new(&mut items).return_value(), Some(1));
    /// });
    /// ```
    pub fn return_value(self: Pin<&mut Self>) -> Option<T> {
        self.project().returned.take()
    }
}

impl<G, T, E> Stream for AsyncResults<G, T>
where
    G: AsyncGenerator<(), Return = Result<T, E>>,
{
    type Item = Result<G::Yield, E>;

    #[track_caller]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        if this.generator.is_complete() {
            return Poll::Ready(None);
        }
        this.generator
            .poll_resume(cx, &mut Some(()))
            .map(|state| match state {
                GeneratorState::Yielded(value) => Some(Ok(value)),
                GeneratorState::Complete(Ok(value)) => {
                    *this.returned = Some(value);
                    None
                }
                GeneratorState::Complete(Err(error)) => Some(Err(error)),
            })
    }
}

impl<G, T, E> FusedStream for AsyncResults<G, T>
where
    G: AsyncGenerator<(), Return = Result<T, E>>,
{
    fn is_terminated(&self) -> bool {
        self.generator.is_complete()
    }
}
