//! Generators with resume type `()` are iterators, owned or pinned.

use core::future::Future;
use core::iter::FusedIterator;
use core::pin::Pin;
#[cfg(feature = "alloc")]
use core::pin::pin;

use crate::Gen;

/// An owned generator is an iterator: the first `next()` moves its body into a box (the only
/// allocation of its life), so it can be moved freely between calls.
///
/// Consuming adapters built on `fold` (`for_each`, `sum`, `count`, `last`, `max`, ...) pin
/// the generator where it is and run it without boxing.
#[cfg(feature = "alloc")]
impl<Y, F: Future> Iterator for Gen<Y, (), F> {
    type Item = Y;

    #[inline]
    fn next(&mut self) -> Option<Y> {
        self.resume_owned(Some(()))?.yielded()
    }

    #[inline]
    fn fold<B, G: FnMut(B, Y) -> B>(self, init: B, f: G) -> B {
        pin!(self).fold(init, f)
    }
}

#[cfg(feature = "alloc")]
impl<Y, F: Future> FusedIterator for Gen<Y, (), F> {}

/// A pinned generator is an iterator that never allocates.
impl<Y, F: Future> Iterator for Pin<&mut Gen<Y, (), F>> {
    type Item = Y;

    #[inline]
    fn next(&mut self) -> Option<Y> {
        if self.is_complete() {
            return None;
        }
        self.as_mut().resume_pinned(Some(())).yielded()
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

impl<Y, F: Future> FusedIterator for Pin<&mut Gen<Y, (), F>> {}
