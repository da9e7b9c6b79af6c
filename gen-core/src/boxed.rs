//! Type-erased generators, for recursion, trait objects and collections of generators.

use alloc::boxed::Box;
use core::fmt;
use core::future::Future;
use core::iter::FusedIterator;
use core::pin::Pin;

use crate::chain::{ChainSub, Chained};
use crate::delegate::{Delegate, Step};
use crate::kind::{IterResume, Iterable, Plain};
use crate::{Co, Gen, Generator, GeneratorState, Results, Status};

macro_rules! boxed_generator {
    ($(#[$doc:meta])* $name:ident, $boxer:literal, $($bounds:tt)*) => {
        $(#[$doc])*
        #[must_use = "generators are lazy and do nothing unless resumed or iterated"]
        pub struct $name<'a, Y, R = (), Ret = (), K = Plain> {
            inner: Pin<Box<dyn Generator<R, Yield = Y, Return = Ret> $($bounds)* + 'a>>,
            kind: core::marker::PhantomData<fn() -> K>,
        }

        impl<'a, Y, R, Ret> $name<'a, Y, R, Ret> {
            /// Boxes any generator (one allocation).
            ///
            /// ```
            /// use pygen::prelude::*;
            #[doc = concat!("use pygen::", stringify!($name), ";")]
            ///
            /// #[generator(yield = u8)]
            /// fn one() {
            ///     yield_!(1);
            /// }
            ///
            #[doc = concat!("let boxed = ", stringify!($name), "::new(one());")]
            /// assert_eq!(boxed.collect::<Vec<_>>(), [1]);
            /// ```
            pub fn new(generator: impl Generator<R, Yield = Y, Return = Ret> $($bounds)* + 'a) -> Self {
                $name { inner: Box::pin(generator), kind: core::marker::PhantomData }
            }
        }

        impl<'a, Y, R, Ret, K> $name<'a, Y, R, Ret, K> {
            /// The same generator with another marker.
            pub(crate) fn into_kind<K2>(self) -> $name<'a, Y, R, Ret, K2> {
                $name { inner: self.inner, kind: core::marker::PhantomData }
            }

            /// Resumes the generator with `arg`; see [`Gen::resume`].
            ///
            /// # Panics
            ///
            /// As [`Gen::resume`]: if the generator has not started and `arg` is not `()`,
            /// if it has completed, and with the body's own panic.
            ///
            /// ```
            /// use pygen::prelude::*;
            ///
            /// #[generator(yield = u32, resume = u32)]
            /// fn doubler() {
            ///     let mut x = yield_!(0);
            ///     loop {
            ///         x = yield_!(x * 2);
            ///     }
            /// }
            ///
            #[doc = concat!("let mut g = doubler().", $boxer, "();")]
            /// g.start();
            /// assert_eq!(g.resume(21), GeneratorState::Yielded(42));
            /// ```
            #[inline]
            #[track_caller]
            pub fn resume(&mut self, arg: R) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().resume(arg)
            }

            /// Runs a generator that has not started to its first yield; see [`Gen::start`].
            ///
            /// # Panics
            ///
            /// If the generator has already started.
            ///
            /// ```
            /// use pygen::prelude::*;
            ///
            /// #[generator(yield = &'static str, resume = u8)]
            /// fn asks() {
            ///     yield_!("first?");
            /// }
            ///
            #[doc = concat!("let mut g = asks().", $boxer, "();")]
            /// assert_eq!(g.start(), GeneratorState::Yielded("first?"));
            /// ```
            #[inline]
            #[track_caller]
            pub fn start(&mut self) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().start()
            }

            /// `true` once the generator has returned, panicked or been closed.
            ///
            /// ```
            /// use pygen::prelude::*;
            ///
            /// #[generator(yield = u8)]
            /// fn one() {
            ///     yield_!(1);
            /// }
            ///
            #[doc = concat!("let mut g = one().", $boxer, "();")]
            /// g.next();
            /// assert!(!g.is_complete());
            /// g.next();
            /// assert!(g.is_complete());
            /// ```
            #[inline]
            pub fn is_complete(&self) -> bool {
                self.inner.is_complete()
            }

            /// Where the generator is in its life; see [`Gen::status`].
            ///
            /// ```
            /// use pygen::prelude::*;
            /// use pygen::Status;
            ///
            /// #[generator(yield = u8)]
            /// fn one() {
            ///     yield_!(1);
            /// }
            ///
            #[doc = concat!("let mut g = one().", $boxer, "();")]
            /// assert_eq!(g.status(), Status::Created);
            /// g.next();
            /// assert_eq!(g.status(), Status::Suspended);
            /// ```
            #[inline]
            pub fn status(&self) -> Status {
                self.inner.status()
            }

            /// Drops the suspended body now; see [`Gen::close`].
            ///
            /// ```
            /// use pygen::prelude::*;
            ///
            /// #[generator(yield = u8)]
            /// fn forever() {
            ///     loop {
            ///         yield_!(1);
            ///     }
            /// }
            ///
            #[doc = concat!("let mut g = forever().", $boxer, "();")]
            /// g.next();
            /// g.close();
            /// assert_eq!(g.next(), None);
            /// ```
            #[inline]
            pub fn close(&mut self) {
                self.inner.as_mut().close()
            }

            /// Says that the return value may be dropped when iteration ends; see
            /// [`Gen::discard_return`].
            ///
            /// ```
            /// use pygen::prelude::*;
            ///
            /// #[generator(yield = u8)]
            /// fn fails() -> Result<(), String> {
            ///     yield_!(1);
            ///     Err("ignored".into())
            /// }
            ///
            #[doc = concat!("let g = fails().", $boxer, "();")]
            /// assert_eq!(g.discard_return().collect::<Vec<_>>(), [1]);
            /// ```
            #[inline]
            pub fn discard_return(self) -> $name<'a, Y, R, Ret> {
                self.into_kind()
            }
        }

        impl<'a, Y, T, E, K> $name<'a, Y, (), Result<T, E>, K> {
            /// Reads a fallible generator as an iterator of `Result<Y, E>`; see
            /// [`Gen::results`].
            ///
            /// ```
            /// use pygen::prelude::*;
            ///
            /// #[generator(yield = u8)]
            /// fn fails() -> Result<(), String> {
            ///     yield_!(1);
            ///     Err("broken".into())
            /// }
            ///
            #[doc = concat!("let items: Vec<_> = fails().", $boxer, "().results().collect();")]
            /// assert_eq!(items, [Ok(1), Err("broken".to_string())]);
            /// ```
            pub fn results(self) -> Results<Self, T> {
                Results::new(self)
            }
        }

        impl<'a, Y, T, E, Ret, K> $name<'a, Y, Result<T, E>, Ret, K> {
            /// Resumes the generator with `Err(error)`; see [`Gen::throw`].
            ///
            /// ```
            /// use pygen::prelude::*;
            ///
            /// #[generator(yield = u8, resume = Result<(), String>)]
            /// fn careful() -> Result<(), String> {
            ///     loop {
            ///         yield_!(0)?;
            ///     }
            /// }
            ///
            #[doc = concat!("let mut g = careful().", $boxer, "();")]
            /// g.start();
            /// assert_eq!(g.throw("stop".into()), GeneratorState::Complete(Err("stop".into())));
            /// ```
            #[inline]
            #[track_caller]
            pub fn throw(&mut self, error: E) -> GeneratorState<Y, Ret> {
                self.resume(Err(error))
            }
        }

        impl<Y, R, Ret, K> Generator<R> for $name<'_, Y, R, Ret, K> {
            type Yield = Y;
            type Return = Ret;

            #[inline]
            #[track_caller]
            fn resume(mut self: Pin<&mut Self>, arg: R) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().resume(arg)
            }

            #[inline]
            #[track_caller]
            fn start(mut self: Pin<&mut Self>) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().start()
            }

            #[inline]
            fn is_complete(&self) -> bool {
                self.inner.is_complete()
            }

            #[inline]
            fn status(&self) -> Status {
                self.inner.status()
            }

            #[inline]
            fn close(mut self: Pin<&mut Self>) {
                self.inner.as_mut().close()
            }
        }

        impl<Y, R: IterResume, Ret, K: Iterable> Iterator for $name<'_, Y, R, Ret, K> {
            type Item = Y;

            #[inline]
            #[track_caller]
            fn next(&mut self) -> Option<Y> {
                if self.is_complete() {
                    return None;
                }
                self.resume(R::unit()).yielded()
            }
        }

        impl<Y, R: IterResume, Ret, K: Iterable> FusedIterator for $name<'_, Y, R, Ret, K> {}

        impl<Y, R, Ret, K> Step<R> for $name<'_, Y, R, Ret, K> {
            type Yield = Y;
            type Return = Ret;

            #[inline]
            #[track_caller]
            fn step(&mut self, arg: Option<R>) -> GeneratorState<Y, Ret> {
                self.inner.step(arg)
            }

        }

        /// Delegated to by a [`Chained`] future: a recursion of boxed generators delegated to
        /// with `yield_from!` is resumed at its innermost level.
        impl<Y, R, Ret, K> Delegate for $name<'_, Y, R, Ret, K> {
            type Yield = Y;
            type Resume = R;
            type Return = Ret;
            type Future<'co>
                = Chained<'co, Y, R, Self>
            where
                Self: 'co,
                Y: 'co,
                R: 'co;

            #[inline]
            #[track_caller]
            fn delegate<'co>(
                self,
                co: &'co mut Co<Y, R>,
                first: Option<R>,
            ) -> Chained<'co, Y, R, Self> {
                Chained::new(co, self, first, false)
            }

            #[inline]
            #[track_caller]
            fn __delegate_direct<'co>(
                self,
                co: &'co mut Co<Y, R>,
                first: Option<R>,
            ) -> Chained<'co, Y, R, Self> {
                Chained::new(co, self, first, true)
            }
        }

        impl<'a, Y, R, Ret, K> ChainSub<Y, R> for $name<'a, Y, R, Ret, K> {
            type Return = Ret;
            type Target = dyn Generator<R, Yield = Y, Return = Ret> $($bounds)* + 'a;

            #[inline]
            fn inner_nonce(&self) -> u64 {
                self.inner.__delegated_nonce()
            }

            #[inline(always)]
            fn target(&mut self) -> Pin<&mut Self::Target> {
                self.inner.as_mut()
            }
        }

        impl<Y, R, Ret, K> fmt::Debug for $name<'_, Y, R, Ret, K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("status", &self.status())
                    .finish_non_exhaustive()
            }
        }
    };
}

boxed_generator! {
    /// A type-erased, heap-allocated generator that is `Send`: what [`Gen::boxed`] returns.
    /// Like `futures`' `BoxFuture`, it lets generators of different bodies share one type
    /// (collections, trait objects, `match` arms) and makes recursion possible
    /// (`yield_from!(walk(child).boxed())`).
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::BoxGen;
    ///
    /// #[generator(yield = u32)]
    /// fn evens(n: u32) {
    ///     for i in 0..n {
    ///         yield_!(i * 2);
    ///     }
    /// }
    ///
    /// #[generator(yield = u32)]
    /// fn ones(n: u32) {
    ///     for _ in 0..n {
    ///         yield_!(1);
    ///     }
    /// }
    ///
    /// // Two different generator types in one Vec, consumed on another thread.
    /// let all: Vec<BoxGen<'static, u32>> = vec![evens(3).boxed(), ones(2).boxed()];
    /// let sums = std::thread::spawn(move || all.into_iter().map(|g| g.sum::<u32>()).collect::<Vec<_>>());
    /// assert_eq!(sums.join().unwrap(), [6, 2]);
    /// ```
    BoxGen, "boxed", + Send
}

boxed_generator! {
    /// A type-erased, heap-allocated generator, not necessarily `Send`: what
    /// [`Gen::boxed_local`] returns. See [`BoxGen`].
    ///
    /// # Examples
    ///
    /// A recursive generator (a tree walk in Python's `yield from walk(child)` style):
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use std::rc::Rc;
    ///
    /// struct Node {
    ///     value: u32,
    ///     children: Vec<Rc<Node>>,
    /// }
    ///
    /// #[generator(yield = u32)]
    /// fn walk(node: Rc<Node>) {
    ///     yield_!(node.value);
    ///     for child in &node.children {
    ///         yield_from!(walk(child.clone()).boxed_local());
    ///     }
    /// }
    ///
    /// let leaf = |value| Rc::new(Node { value, children: vec![] });
    /// let tree = Rc::new(Node { value: 1, children: vec![leaf(2), leaf(3)] });
    /// assert_eq!(walk(tree).collect::<Vec<_>>(), [1, 2, 3]);
    /// ```
    LocalBoxGen, "boxed_local",
}

impl<Y, R, F: Future, K> Gen<Y, R, F, K> {
    /// Erases the generator's type into a [`BoxGen`] (one allocation), which is `Send`.
    ///
    /// A recursive generator that must be `Send` has to declare it with
    /// `#[generator(yield = Y, send)]`: like a recursive `async fn`, its own type is opaque
    /// inside its body, so the compiler cannot see that it is `Send` without the declaration.
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u64, send)]
    /// fn countdown(n: u64) {
    ///     if n > 0 {
    ///         yield_!(n);
    ///         yield_from!(countdown(n - 1).boxed());
    ///     }
    /// }
    ///
    /// let handle = std::thread::spawn(|| countdown(3).collect::<Vec<_>>());
    /// assert_eq!(handle.join().unwrap(), [3, 2, 1]);
    /// ```
    pub fn boxed<'a>(self) -> BoxGen<'a, Y, R, F::Output, K>
    where
        Self: Send + 'a,
    {
        BoxGen::new(self).into_kind()
    }

    /// Erases the generator's type into a [`LocalBoxGen`] (one allocation), for generators
    /// that are not `Send` or recursion that need not be.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::LocalBoxGen;
    /// use std::rc::Rc;
    ///
    /// #[generator(yield = Rc<str>)]
    /// fn names() {
    ///     yield_!("ada".into());
    /// }
    ///
    /// let g: LocalBoxGen<'static, Rc<str>> = names().boxed_local();
    /// assert_eq!(g.map(|n| n.to_string()).collect::<Vec<_>>(), ["ada"]);
    /// ```
    pub fn boxed_local<'a>(self) -> LocalBoxGen<'a, Y, R, F::Output, K>
    where
        Self: 'a,
    {
        LocalBoxGen::new(self).into_kind()
    }
}
