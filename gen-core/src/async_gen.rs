//! `AsyncGen`: an asynchronous generator (PEP 525), a `futures::Stream`.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use pin_project_lite::pin_project;

#[cfg(feature = "alloc")]
use crate::panics;
use crate::storage::Storage;
use crate::{AsyncGenerator, Co, GeneratorState, drive, nonce};

pin_project! {
    /// An asynchronous generator: the value a `#[generator] async fn` returns. Its body may
    /// `.await` any future and `yield_!` values; it is a [`Stream`] (and [`FusedStream`]) of
    /// the yielded values, so `StreamExt` (`next`, `map`, `collect`, `for_each`, ...), tokio
    /// and every other stream consumer work with it directly.
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
    pub struct AsyncGen<Y, R, F> {
        #[pin]
        storage: Storage<F>,
        _types: PhantomData<fn(R) -> Y>,
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
        let nonce = nonce::fresh();
        AsyncGen::from_parts(nonce, producer(Co::new(nonce)))
    }

    #[inline]
    pub(crate) fn from_parts(nonce: u64, body: F) -> Self {
        AsyncGen {
            storage: Storage::new(nonce, body),
            _types: PhantomData,
        }
    }

    /// `true` once the generator has returned, panicked or been closed.
    #[inline]
    pub fn is_complete(&self) -> bool {
        self.storage.is_empty()
    }

    /// Drops the suspended body now (Python's `await agen.aclose()`, without the await: Rust
    /// destructors are synchronous). The generator is then complete.
    #[inline]
    pub fn close(&mut self) {
        self.storage.clear_unpinned()
    }

    /// Resumes the generator with `arg` (Python's `await agen.asend(arg)`) and runs it to its
    /// next `yield_!` or its end, awaiting whatever the body awaits on the way. On a generator
    /// that has not started, the body starts and `arg` is dropped (see
    /// [`start`](AsyncGen::start)). The first resume boxes the body; pin the generator and
    /// use [`AsyncGenerator::resume`] to avoid that.
    ///
    /// If the returned future is dropped before it completes, a value it did not deliver yet
    /// is dropped with it; one it delivered has been received by the body.
    ///
    /// # Panics
    ///
    /// The future panics if the generator has completed, and with the body's own panic.
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
    pub fn resume(&mut self, arg: R) -> Resume<'_, Y, R, F> {
        Resume {
            generator: self,
            arg: Some(arg),
        }
    }

    /// Runs a generator that has not started to its first `yield_!`, without a resume value
    /// (Python's priming `await anext(agen)`).
    ///
    /// # Panics
    ///
    /// If the generator has already started (at once, not when the future is polled).
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn start(&mut self) -> Resume<'_, Y, R, F> {
        if !self.storage.is_inline() {
            if self.storage.is_empty() {
                panics::resumed_after_completion();
            }
            panics::started_twice();
        }
        Resume {
            generator: self,
            arg: None,
        }
    }

    /// Polls an owned generator: boxes its body first if it is inline.
    #[cfg(feature = "alloc")]
    #[inline]
    pub(crate) fn poll_owned(
        &mut self,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Y, F::Output>> {
        let Some(poll) = self
            .storage
            .poll_boxed_with(|nonce, body| drive::poll_async(nonce, body, cx, arg))
        else {
            panics::resumed_after_completion()
        };
        if let Poll::Ready(GeneratorState::Complete(_)) = poll {
            self.storage.clear_unpinned();
        }
        poll
    }

    /// Reads a fallible async generator (one that returns `Result<T, E>`) as a stream of
    /// `Result<Y, E>` (a `TryStream`): every yielded value as `Ok`, then the error, if any;
    /// an `Ok` return value is kept for [`AsyncResults::return_value`].
    ///
    /// ```
    /// use futures::TryStreamExt;
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
    ///     assert!(numbers("1 x").results().try_collect::<Vec<_>>().await.is_err());
    /// });
    /// ```
    pub fn results<T, E>(self) -> AsyncResults<Self, T>
    where
        F: Future<Output = Result<T, E>>,
    {
        AsyncResults::new(self)
    }

    #[inline]
    pub(crate) fn storage_mut(&mut self) -> &mut Storage<F> {
        &mut self.storage
    }

    #[inline]
    pub(crate) fn storage_pinned(self: Pin<&mut Self>) -> Pin<&mut Storage<F>> {
        self.project().storage
    }
}

#[cfg(feature = "alloc")]
impl<Y, F: Future> AsyncGen<Y, (), F> {
    /// The next yielded value, or `None` once the generator has completed; like
    /// `StreamExt::next`, but without requiring the generator to be pinned (the first call
    /// boxes its body).
    #[inline]
    #[allow(
        clippy::should_implement_trait,
        reason = "the async counterpart of Iterator::next, named like StreamExt::next"
    )]
    pub fn next(&mut self) -> Next<'_, Y, F> {
        Next { generator: self }
    }
}

impl<Y, R, F: Future> AsyncGenerator<R> for AsyncGen<Y, R, F> {
    type Yield = Y;
    type Return = F::Output;

    #[inline]
    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<GeneratorState<Y, F::Output>> {
        let mut storage = self.project().storage;
        // `inline(always)`: `poll_with` calls this closure from two places (the inline body and
        // the cold boxed one); left to itself LLVM kept it out of line, one call per item
        // (callgrind, `async` workload: 70 instructions per item, 58 inlined).
        let poll = storage.as_mut().poll_with(
            #[inline(always)]
            |nonce, body| drive::poll_async(nonce, body, cx, arg),
        );
        if let Poll::Ready(GeneratorState::Complete(_)) = poll {
            storage.clear();
        }
        poll
    }

    #[inline]
    fn is_complete(&self) -> bool {
        self.storage.is_empty()
    }

    #[inline]
    fn close(self: Pin<&mut Self>) {
        self.project().storage.clear()
    }
}

impl<Y, F: Future> Stream for AsyncGen<Y, (), F> {
    type Item = Y;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
        if self.storage.is_empty() {
            return Poll::Ready(None);
        }
        self.poll_resume(cx, &mut Some(()))
            .map(GeneratorState::yielded)
    }
}

impl<Y, F: Future> FusedStream for AsyncGen<Y, (), F> {
    #[inline]
    fn is_terminated(&self) -> bool {
        self.storage.is_empty()
    }
}

impl<Y, R, F> fmt::Debug for AsyncGen<Y, R, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncGen")
            .field("complete", &self.storage.is_empty())
            .finish_non_exhaustive()
    }
}

/// The future of [`AsyncGen::resume`] and [`AsyncGen::start`].
#[cfg(feature = "alloc")]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Resume<'a, Y, R, F> {
    generator: &'a mut AsyncGen<Y, R, F>,
    arg: Option<R>,
}

// `arg` is never pinned; the generator is behind a reference.
#[cfg(feature = "alloc")]
impl<Y, R, F> Unpin for Resume<'_, Y, R, F> {}

#[cfg(feature = "alloc")]
impl<Y, R, F: Future> Future for Resume<'_, Y, R, F> {
    type Output = GeneratorState<Y, F::Output>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.generator.poll_owned(cx, &mut this.arg)
    }
}

#[cfg(feature = "alloc")]
impl<Y, R, F> fmt::Debug for Resume<'_, Y, R, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resume").finish_non_exhaustive()
    }
}

/// The future of [`AsyncGen::next`].
#[cfg(feature = "alloc")]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Next<'a, Y, F> {
    generator: &'a mut AsyncGen<Y, (), F>,
}

#[cfg(feature = "alloc")]
impl<Y, F: Future> Future for Next<'_, Y, F> {
    type Output = Option<Y>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
        let generator = &mut *self.get_mut().generator;
        if generator.is_complete() {
            return Poll::Ready(None);
        }
        generator
            .poll_owned(cx, &mut Some(()))
            .map(GeneratorState::yielded)
    }
}

#[cfg(feature = "alloc")]
impl<Y, F> fmt::Debug for Next<'_, Y, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Next").finish_non_exhaustive()
    }
}

pin_project! {
    /// A fallible async generator read as a stream of `Result<Y, E>`: see
    /// [`AsyncGen::results`].
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
    /// `Result<T, E>`) as a stream of results.
    pub fn new(generator: G) -> Self {
        AsyncResults {
            generator,
            returned: None,
        }
    }

    /// The generator's `Ok` return value once the stream has ended without an error; see
    /// [`Results::return_value`](crate::Results::return_value).
    pub fn return_value(self: Pin<&mut Self>) -> Option<T> {
        self.project().returned.take()
    }
}

impl<G, T, E> Stream for AsyncResults<G, T>
where
    G: AsyncGenerator<(), Return = Result<T, E>>,
{
    type Item = Result<G::Yield, E>;

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
