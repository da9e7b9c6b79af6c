//! Type-erased generators, for recursion, trait objects and collections of generators.

use alloc::boxed::Box;
use core::fmt;
use core::future::Future;
use core::iter::FusedIterator;
use core::pin::Pin;

use crate::delegate::{Delegate, Resuming, Step};
use crate::{Co, Gen, Generator, GeneratorState, Results};

macro_rules! boxed_generator {
    ($(#[$doc:meta])* $name:ident, $($bounds:tt)*) => {
        $(#[$doc])*
        #[must_use = "generators are lazy and do nothing unless resumed or iterated"]
        pub struct $name<'a, Y, R = (), Ret = ()> {
            inner: Pin<Box<dyn Generator<R, Yield = Y, Return = Ret> $($bounds)* + 'a>>,
        }

        impl<'a, Y, R, Ret> $name<'a, Y, R, Ret> {
            /// Boxes any generator (one allocation).
            pub fn new(generator: impl Generator<R, Yield = Y, Return = Ret> $($bounds)* + 'a) -> Self {
                $name { inner: Box::pin(generator) }
            }

            /// Resumes the generator with `arg`; see [`Gen::resume`].
            ///
            /// # Panics
            ///
            /// If the generator has completed, and with the body's own panic.
            #[inline]
            pub fn resume(&mut self, arg: R) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().resume(arg)
            }

            /// Runs a generator that has not started to its first yield; see [`Gen::start`].
            ///
            /// # Panics
            ///
            /// If the generator has already started.
            #[inline]
            pub fn start(&mut self) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().start()
            }

            /// `true` once the generator has returned, panicked or been closed.
            #[inline]
            pub fn is_complete(&self) -> bool {
                self.inner.is_complete()
            }

            /// Drops the suspended body now; see [`Gen::close`].
            #[inline]
            pub fn close(&mut self) {
                self.inner.as_mut().close()
            }
        }

        impl<'a, Y, T, E> $name<'a, Y, (), Result<T, E>> {
            /// Reads a fallible generator as an iterator of `Result<Y, E>`; see
            /// [`Gen::results`].
            pub fn results(self) -> Results<Self, T> {
                Results::new(self)
            }
        }

        impl<Y, R, Ret> Generator<R> for $name<'_, Y, R, Ret> {
            type Yield = Y;
            type Return = Ret;

            #[inline]
            fn resume(mut self: Pin<&mut Self>, arg: R) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().resume(arg)
            }

            #[inline]
            fn start(mut self: Pin<&mut Self>) -> GeneratorState<Y, Ret> {
                self.inner.as_mut().start()
            }

            #[inline]
            fn is_complete(&self) -> bool {
                self.inner.is_complete()
            }

            #[inline]
            fn close(mut self: Pin<&mut Self>) {
                self.inner.as_mut().close()
            }
        }

        impl<Y, Ret> Iterator for $name<'_, Y, (), Ret> {
            type Item = Y;

            #[inline]
            fn next(&mut self) -> Option<Y> {
                if self.is_complete() {
                    return None;
                }
                self.resume(()).yielded()
            }
        }

        impl<Y, Ret> FusedIterator for $name<'_, Y, (), Ret> {}

        impl<Y, R, Ret> Step<R> for $name<'_, Y, R, Ret> {
            type Yield = Y;
            type Return = Ret;

            #[inline]
            fn step(&mut self, arg: Option<R>) -> GeneratorState<Y, Ret> {
                self.inner.step(arg)
            }
        }

        impl<Y, R, Ret> Delegate for $name<'_, Y, R, Ret> {
            type Yield = Y;
            type Resume = R;
            type Return = Ret;
            type Future<'co>
                = Resuming<'co, Self, R>
            where
                Self: 'co,
                Y: 'co,
                R: 'co;

            fn delegate<'co>(
                self,
                co: &'co mut Co<Y, R>,
                first: Option<R>,
            ) -> Resuming<'co, Self, R> {
                Resuming::new(co, self, first)
            }
        }

        impl<Y, R, Ret> fmt::Debug for $name<'_, Y, R, Ret> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("complete", &self.is_complete())
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
    BoxGen, + Send
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
    LocalBoxGen,
}

impl<Y, R, F: Future> Gen<Y, R, F> {
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
    pub fn boxed<'a>(self) -> BoxGen<'a, Y, R, F::Output>
    where
        Self: Send + 'a,
    {
        BoxGen::new(self)
    }

    /// Erases the generator's type into a [`LocalBoxGen`] (one allocation), for generators
    /// that are not `Send` or recursion that need not be.
    pub fn boxed_local<'a>(self) -> LocalBoxGen<'a, Y, R, F::Output>
    where
        Self: 'a,
    {
        LocalBoxGen::new(self)
    }
}
