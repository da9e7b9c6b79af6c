//! `Gen`: a synchronous generator.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

#[cfg(feature = "alloc")]
use alloc::boxed::Box;

#[cfg(feature = "alloc")]
use crate::Results;
use crate::body::Body;
use crate::delegate::poll_pinned;
use crate::kind::Plain;
use crate::nonce::Nonce;
use crate::{Co, Fallible, Generator, GeneratorState, Status, panics};

pin_project! {
    /// A synchronous generator: the value a `#[generator]` function returns.
    ///
    /// `Y` is the type of the yielded values, `R` the type of the resume values (`()` for
    /// plain iteration) and `F` the body: an `async` state machine whose only suspension
    /// points are `yield_!`. Its output type is the generator's return value. `K` is
    /// [`Plain`] for a generator that can be iterated, or [`Fallible`] for one whose return
    /// value is a `Result` that iteration must not drop (see [`results`](Gen::results)).
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
    pub struct Gen<Y, R, F, K = Plain> {
        // Yields `Y` out, takes `R` in: covariant in `Y`, contravariant in `R`.
        #[pin]
        body: Body<Y, R, F>,
        _kind: PhantomData<fn() -> K>,
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
        let nonce = Nonce::fresh();
        Gen::from_parts(nonce, producer(Co::new(nonce)))
    }
}

impl<Y, R, F: Future, K> Gen<Y, R, F, K> {
    /// A generator whose body yields through the `Co` made with `nonce`.
    #[inline]
    pub(crate) fn from_parts(nonce: Nonce<Y, R>, body: F) -> Self {
        Gen {
            body: Body::new(nonce, body),
            _kind: PhantomData,
        }
    }

    /// The same generator with another marker.
    #[inline]
    fn into_kind<K2>(self) -> Gen<Y, R, F, K2> {
        Gen {
            body: self.body,
            _kind: PhantomData,
        }
    }

    /// Resumes the generator with `arg` (Python's `g.send(arg)`) and runs it to its next
    /// `yield_!` or to its end: `arg` is the value of the `yield_!` it is suspended at.
    ///
    /// The first resume moves the body into a box; pin the generator instead
    /// (`std::pin::pin!`, then [`Generator::resume`]) to avoid that allocation.
    ///
    /// # Panics
    ///
    /// - If the generator has not started and `arg` is a value (not `()`): no `yield_!` is
    ///   waiting for it yet, and it would be lost (Python: "can't send non-None value to a
    ///   just-started generator"); call [`start`](Gen::start) first. Nothing runs, the
    ///   generator stays usable.
    /// - If the generator has completed (see [`is_complete`](Gen::is_complete)).
    /// - With the body's own panic, after which the generator is complete.
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
    #[track_caller]
    pub fn resume(&mut self, arg: R) -> GeneratorState<Y, F::Output> {
        match self.body.resume_owned(Some(arg)) {
            Some(state) => state,
            None => panics::resumed_after_completion(),
        }
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
    #[track_caller]
    pub fn start(&mut self) -> GeneratorState<Y, F::Output> {
        match self.body.resume_owned(None) {
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
        self.body.is_complete()
    }

    /// Where the generator is in its life: [`Created`](Status::Created) (nothing has run),
    /// [`Suspended`](Status::Suspended) at a `yield_!`, or [`Complete`](Status::Complete)
    /// (Python's `inspect.getgeneratorstate`).
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::Status;
    ///
    /// #[generator(yield = u32, resume = u32)]
    /// fn doubler() {
    ///     let mut x = yield_!(0);
    ///     loop {
    ///         x = yield_!(x * 2);
    ///     }
    /// }
    ///
    /// let mut g = doubler();
    /// assert_eq!(g.status(), Status::Created); // so `start()` it, do not `resume(v)` it
    /// g.start();
    /// assert_eq!(g.status(), Status::Suspended);
    /// g.close();
    /// assert_eq!(g.status(), Status::Complete);
    /// ```
    #[inline]
    pub fn status(&self) -> Status {
        self.body.status()
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
        self.body.close_unpinned()
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

    /// Says that the generator's return value may be dropped when iteration ends, so that a
    /// generator returning a `Result` (a [`Fallible`] one) can be iterated directly, its error
    /// ignored on purpose (the `let _ = result;` of generators). Prefer
    /// [`results`](Gen::results), which ends the iteration with the error.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32)]
    /// fn until_bad(text: &'static str) -> Result<(), std::num::ParseIntError> {
    ///     for word in text.split(' ') {
    ///         yield_!(word.parse()?);
    ///     }
    ///     Ok(())
    /// }
    ///
    /// // The numbers before the first bad one; the error is not wanted here.
    /// let good: Vec<u32> = until_bad("4 8 x 1").discard_return().collect();
    /// assert_eq!(good, [4, 8]);
    /// ```
    #[inline]
    pub fn discard_return(self) -> Gen<Y, R, F> {
        self.into_kind()
    }

    /// Not public API: marks a generator as [`Fallible`] (`#[generator]` does, for fns
    /// declared to return a `Result`).
    #[doc(hidden)]
    #[inline]
    pub fn __into_fallible(self) -> Gen<Y, R, F, Fallible> {
        self.into_kind()
    }

    #[inline(always)]
    pub(crate) fn body_mut(&mut self) -> &mut Body<Y, R, F> {
        &mut self.body
    }

    /// The generator's nonce.
    #[inline(always)]
    pub(crate) fn nonce(&self) -> Nonce<Y, R> {
        self.body.nonce()
    }

    #[inline(always)]
    pub(crate) fn body_pinned(self: Pin<&mut Self>) -> Pin<&mut Body<Y, R, F>> {
        self.project().body
    }
}

impl<Y, T, E, F: Future, K> Gen<Y, Result<T, E>, F, K> {
    /// Resumes a generator whose resume type is `Result<T, E>` with `Err(error)` (Python's
    /// `g.throw(error)`): the `yield_!` it is suspended at evaluates to `Err(error)`, which
    /// the body can handle or propagate with `?`.
    ///
    /// # Panics
    ///
    /// As [`resume`](Gen::resume): throwing into a generator that has not started, or has
    /// completed, panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32, resume = Result<(), String>)]
    /// fn counter() -> Result<u32, String> {
    ///     let mut n = 0;
    ///     loop {
    ///         yield_!(n)?; // an error thrown in ends the generator with it
    ///         n += 1;
    ///     }
    /// }
    ///
    /// let mut g = counter();
    /// g.start();
    /// assert_eq!(g.resume(Ok(())), GeneratorState::Yielded(1));
    /// assert_eq!(g.throw("stop".to_string()), GeneratorState::Complete(Err("stop".to_string())));
    /// ```
    #[cfg(feature = "alloc")]
    #[inline]
    #[track_caller]
    pub fn throw(&mut self, error: E) -> GeneratorState<Y, F::Output> {
        self.resume(Err(error))
    }
}

impl<Y, R, F: Future, K> Generator<R> for Gen<Y, R, F, K> {
    type Yield = Y;
    type Return = F::Output;

    #[inline]
    #[track_caller]
    fn resume(self: Pin<&mut Self>, arg: R) -> GeneratorState<Y, F::Output> {
        match self.body_pinned().resume(Some(arg)) {
            Some(state) => state,
            None => panics::resumed_after_completion(),
        }
    }

    #[inline]
    #[track_caller]
    fn start(self: Pin<&mut Self>) -> GeneratorState<Y, F::Output> {
        match self.body_pinned().start() {
            Some(state) => state,
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

    #[inline]
    fn __delegated_nonce(&self) -> u64 {
        self.nonce().get()
    }

    #[expect(private_interfaces, reason = "see `Generator::__poll_delegated`")]
    #[inline]
    #[track_caller]
    fn __poll_delegated(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        outer: Nonce<Y, R>,
        first: Option<Option<R>>,
    ) -> Poll<F::Output> {
        poll_pinned(self.body_pinned().storage(), cx, outer, first)
    }
}

impl<Y, R, F, K> fmt::Debug for Gen<Y, R, F, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gen")
            .field("status", &self.body.status())
            .finish_non_exhaustive()
    }
}
