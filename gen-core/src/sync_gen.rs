//! `Gen`: a synchronous generator.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;

use pin_project_lite::pin_project;

#[cfg(feature = "alloc")]
use crate::Results;
use crate::storage::Storage;
#[cfg(feature = "alloc")]
use alloc::boxed::Box;

use crate::{Co, Generator, GeneratorState, drive, nonce, panics};

pin_project! {
    /// A synchronous generator: the value a `#[generator]` function returns.
    ///
    /// `Y` is the type of the yielded values, `R` the type of the resume values (`()` for
    /// plain iteration) and `F` the body: an `async` state machine whose only suspension
    /// points are `yield_!`. Its output type is the generator's return value.
    ///
    /// Creating a generator runs nothing. It can then be used in two ways:
    ///
    /// - **Owned**: as an [`Iterator`] (when `R = ()`) or with [`resume`](Gen::resume). The
    ///   first resume moves the body into a box (one allocation for the generator's whole
    ///   life, none per item), because an owned value may move and a started body must not.
    /// - **Pinned in place** with [`std::pin::pin!`]: no allocation at all; `Pin<&mut Gen>`
    ///   is an `Iterator` and implements [`Generator`].
    ///
    /// A `Gen` is `Send` when its body is, exactly like the future of an `async fn`: when
    /// everything it holds across a `yield_!` is `Send`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u64)]
    /// fn fibonacci() {
    ///     let (mut a, mut b) = (0u64, 1u64);
    ///     loop {
    ///         yield_!(a);
    ///         (a, b) = (b, a.wrapping_add(b));
    ///     }
    /// }
    ///
    /// // Owned: boxes its state once, at the first `next()`.
    /// let first: Vec<u64> = fibonacci().take(10).collect();
    /// assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    ///
    /// // Pinned in place: allocates nothing.
    /// let fib = pin!(fibonacci());
    /// assert_eq!(fib.skip(90).next(), Some(2880067194370816120));
    /// ```
    pub struct Gen<Y, R, F> {
        #[pin]
        storage: Storage<F>,
        // Yields `Y` out, takes `R` in: covariant in `Y`, contravariant in `R`.
        _types: PhantomData<fn(R) -> Y>,
    }
}

impl<Y, R, F: Future> Gen<Y, R, F> {
    /// Builds a generator without macros: `producer` receives the generator's yield handle
    /// and returns the body, an `async` block that suspends with `co.yield_(value).await` and
    /// whose output is the return value. `producer` is called right away (it only builds the
    /// block); the body itself runs nothing until the first resume.
    ///
    /// This is what `#[generator]` expands to, and the interface for other macros and code
    /// generators. The body must not await anything but `co.yield_(..)` and
    /// `co.yield_from(..)`: a synchronous generator has no executor to wake it, so awaiting a
    /// future that is not ready at once panics (one that is, such as `std::future::ready(x)`,
    /// just completes). Use an [`AsyncGen`](crate::AsyncGen) to await other futures.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::{Co, Gen};
    ///
    /// fn squares(n: u32) -> Gen<u32, (), impl Future<Output = ()>> {
    ///     Gen::new(move |mut co: Co<u32>| async move {
    ///         for i in 0..n {
    ///             co.yield_(i * i).await;
    ///         }
    ///     })
    /// }
    ///
    /// assert_eq!(squares(4).collect::<Vec<_>>(), [0, 1, 4, 9]);
    /// ```
    #[inline]
    pub fn new(producer: impl FnOnce(Co<Y, R>) -> F) -> Self {
        let nonce = nonce::fresh();
        Gen::from_parts(nonce, producer(Co::new(nonce)))
    }

    /// A generator whose body yields through the `Co` made with `nonce`.
    #[inline]
    pub(crate) fn from_parts(nonce: u64, body: F) -> Self {
        Gen {
            storage: Storage::new(nonce, body),
            _types: PhantomData,
        }
    }

    /// Resumes the generator with `arg` (Python's `g.send(arg)`) and runs it to its next
    /// `yield_!` or to its end. On a generator that has not started, the body starts from the
    /// top and `arg` is dropped, since no `yield_!` is waiting for it yet; prefer
    /// [`start`](Gen::start) there.
    ///
    /// The first resume moves the body into a box; pin the generator instead
    /// (`std::pin::pin!`, then [`Generator::resume`]) to avoid that allocation.
    ///
    /// # Panics
    ///
    /// If the generator has completed (see [`is_complete`](Gen::is_complete)), and with the
    /// body's own panic if it panics, after which the generator is complete.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = f64, resume = f64)]
    /// fn averager() {
    ///     let (mut total, mut count) = (0.0, 0.0);
    ///     let mut average = 0.0;
    ///     loop {
    ///         total += yield_!(average);
    ///         count += 1.0;
    ///         average = total / count;
    ///     }
    /// }
    ///
    /// let mut avg = averager();
    /// avg.start();
    /// assert_eq!(avg.resume(10.0), GeneratorState::Yielded(10.0));
    /// assert_eq!(avg.resume(30.0), GeneratorState::Yielded(20.0));
    /// ```
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn resume(&mut self, arg: R) -> GeneratorState<Y, F::Output> {
        match self.resume_owned(Some(arg)) {
            Some(state) => state,
            None => panics::resumed_after_completion(),
        }
    }

    /// Resumes an owned generator (boxing it first if needed); `None` if it is complete.
    #[cfg(feature = "alloc")]
    #[inline(always)]
    pub(crate) fn resume_owned(&mut self, arg: Option<R>) -> Option<GeneratorState<Y, F::Output>> {
        let state = self
            .storage
            .poll_boxed_with(|nonce, body| drive::resume(nonce, body, arg))?;
        if state.is_complete() {
            self.storage.clear_unpinned();
        }
        Some(state)
    }

    /// Runs a generator that has not started to its first `yield_!`, without a resume value
    /// (Python's priming `next(g)` before `g.send(v)`).
    ///
    /// # Panics
    ///
    /// If the generator has already started (before running anything: the generator stays
    /// usable), and as [`resume`](Gen::resume).
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = String, resume = &'static str)]
    /// fn greeter() {
    ///     let mut name = yield_!(String::from("ready"));
    ///     loop {
    ///         name = yield_!(format!("hello, {name}"));
    ///     }
    /// }
    ///
    /// let mut g = greeter();
    /// assert_eq!(g.start(), GeneratorState::Yielded("ready".to_string()));
    /// assert_eq!(g.resume("Ada"), GeneratorState::Yielded("hello, Ada".to_string()));
    /// ```
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn start(&mut self) -> GeneratorState<Y, F::Output> {
        // Owned, an inline body has never been polled (or is `Unpin`, see `storage.rs`).
        if !self.storage.is_inline() {
            if self.storage.is_empty() {
                panics::resumed_after_completion();
            }
            panics::started_twice();
        }
        match self.resume_owned(None) {
            Some(state) => state,
            None => panics::resumed_after_completion(),
        }
    }

    /// `true` once the generator has returned, panicked or been closed. A complete generator
    /// must not be resumed; as an iterator it keeps returning `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = ())]
    /// fn once() {
    ///     yield_!(());
    /// }
    ///
    /// let mut g = once();
    /// assert!(!g.is_complete());
    /// g.next();
    /// assert!(!g.is_complete()); // suspended at the yield
    /// g.next();
    /// assert!(g.is_complete());
    /// ```
    #[inline]
    pub fn is_complete(&self) -> bool {
        self.storage.is_empty()
    }

    /// Drops the suspended body now (Python's `g.close()`): destructors of the locals alive at
    /// the current `yield_!` run, those of delegated generators first. The generator is then
    /// complete. Dropping the generator does the same.
    ///
    /// If a destructor panics, the panic propagates out of `close` after the remaining
    /// destructors have run (as when any Rust value is dropped), and the generator is complete.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use std::cell::Cell;
    ///
    /// struct Finally<'a>(&'a Cell<bool>);
    /// impl Drop for Finally<'_> {
    ///     fn drop(&mut self) {
    ///         self.0.set(true);
    ///     }
    /// }
    ///
    /// #[generator(yield = u32)]
    /// fn guarded(flag: &Cell<bool>) {
    ///     let _finally = Finally(flag);
    ///     loop {
    ///         yield_!(1);
    ///     }
    /// }
    ///
    /// let closed = Cell::new(false);
    /// let mut g = guarded(&closed);
    /// g.next();
    /// g.close();
    /// assert!(closed.get());
    /// assert_eq!(g.next(), None);
    /// ```
    #[inline]
    pub fn close(&mut self) {
        self.storage.clear_unpinned()
    }

    /// Reads a fallible generator (one that returns `Result<T, E>`) as an iterator of
    /// `Result<Y, E>`: every yielded value as `Ok`, then the error, if any, as a last `Err`;
    /// an `Ok` return value is kept for [`Results::return_value`].
    /// Boxes the generator once, like owned iteration does; use [`Results::new`] on a pinned
    /// generator to avoid that.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = f64)]
    /// fn readings(raw: &'static str) -> Result<(), String> {
    ///     for field in raw.split(',') {
    ///         let value: f64 = field.trim().parse().map_err(|_| format!("bad reading {field:?}"))?;
    ///         yield_!(value);
    ///     }
    ///     Ok(())
    /// }
    ///
    /// let mut it = readings("1.5, 2, oops, 4").results();
    /// assert_eq!(it.next(), Some(Ok(1.5)));
    /// assert_eq!(it.next(), Some(Ok(2.0)));
    /// assert_eq!(it.next(), Some(Err("bad reading \" oops\"".to_string())));
    /// assert_eq!(it.next(), None);
    /// ```
    #[cfg(feature = "alloc")]
    pub fn results<T, E>(self) -> Results<Pin<Box<Self>>, T>
    where
        F: Future<Output = Result<T, E>>,
    {
        Results::new(Box::pin(self))
    }

    #[inline]
    pub(crate) fn storage_mut(&mut self) -> &mut Storage<F> {
        &mut self.storage
    }

    #[inline]
    pub(crate) fn storage_pinned(self: Pin<&mut Self>) -> Pin<&mut Storage<F>> {
        self.project().storage
    }

    /// Resumes the pinned generator; see [`Generator::resume`].
    #[inline(always)]
    pub(crate) fn resume_pinned(
        self: Pin<&mut Self>,
        arg: Option<R>,
    ) -> GeneratorState<Y, F::Output> {
        let mut storage = self.project().storage;
        let state = storage
            .as_mut()
            .poll_with(|nonce, body| drive::resume(nonce, body, arg));
        if state.is_complete() {
            storage.clear();
        }
        state
    }
}

impl<Y, R, F: Future> Generator<R> for Gen<Y, R, F> {
    type Yield = Y;
    type Return = F::Output;

    #[inline]
    fn resume(self: Pin<&mut Self>, arg: R) -> GeneratorState<Y, F::Output> {
        self.resume_pinned(Some(arg))
    }

    #[inline]
    fn start(self: Pin<&mut Self>) -> GeneratorState<Y, F::Output> {
        // A pinned inline body may have started: then the `yield_!` it is suspended at
        // panics for want of a value, with a message that points at `start()`.
        if !self.storage.is_inline() {
            if self.storage.is_empty() {
                panics::resumed_after_completion();
            }
            panics::started_twice();
        }
        self.resume_pinned(None)
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

impl<Y, R, F> fmt::Debug for Gen<Y, R, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gen")
            .field("complete", &self.storage.is_empty())
            .finish_non_exhaustive()
    }
}
