//! Generators resumed with `()` whose return value may be dropped are iterators, owned or
//! pinned.

use core::future::Future;
use core::iter::FusedIterator;
use core::pin::Pin;
#[cfg(feature = "alloc")]
use core::pin::pin;

use crate::Gen;
use crate::kind::{IterResume, Iterable};

/// An owned generator is an iterator: the first `next()` moves its body into a box (the only
/// allocation of its life), so it can be moved freely between calls.
///
/// Consuming adapters built on `fold` (`for_each`, `sum`, `count`, `last`, `max`, ...) pin
/// the generator where it is and run it without boxing.
#[cfg(feature = "alloc")]
impl<Y, R: IterResume, F: Future, K: Iterable> Iterator for Gen<Y, R, F, K> {
    type Item = Y;

    #[inline]
    #[track_caller]
    fn next(&mut self) -> Option<Y> {
        self.body_mut().resume_owned(Some(R::unit()))?.yielded()
    }

    #[inline]
    fn fold<B, G: FnMut(B, Y) -> B>(self, init: B, f: G) -> B {
        pin!(self).fold(init, f)
    }
}

#[cfg(feature = "alloc")]
impl<Y, R: IterResume, F: Future, K: Iterable> FusedIterator for Gen<Y, R, F, K> {}

/// A pinned generator is an iterator that never allocates.
impl<Y, R: IterResume, F: Future, K: Iterable> Iterator for Pin<&mut Gen<Y, R, F, K>> {
    type Item = Y;

    #[inline]
    #[track_caller]
    fn next(&mut self) -> Option<Y> {
        self.as_mut()
            .body_pinned()
            .resume(Some(R::unit()))?
            .yielded()
    }

    /// Runs the generator to its end in place, without boxing it.
    #[inline]
    fn fold<B, G: FnMut(B, Y) -> B>(self, init: B, mut f: G) -> B {
        let mut acc = init;
        for item in self {
            acc = f(acc, item);
        }
        acc
    }
}

impl<Y, R: IterResume, F: Future, K: Iterable> FusedIterator for Pin<&mut Gen<Y, R, F, K>> {}
