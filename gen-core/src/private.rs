//! Not public API: what macro expansions name. Anything here may change in any release.

pub use crate::delegate::{
    GeneratorKind, IteratorKind, UnitResume, ViaGenerator, ViaIterator, YieldFrom,
};
pub use crate::{Co, Gen};
pub use core::future::Future;
pub use gen_macros::gen_block_impl;

use core::marker::PhantomData;

use crate::nonce;

/// A yield handle and the seal that turns a body using it into a generator: for
/// `gen_block!`, whose body must be an `async` block written in the caller's scope (not inside
/// a closure) so that it can borrow from that scope.
#[inline]
pub fn new_co<Y, R>() -> (Co<Y, R>, Seal<Y, R>) {
    let nonce = nonce::fresh();
    (
        Co::new(nonce),
        Seal {
            nonce,
            types: PhantomData,
        },
    )
}

/// See [`new_co`].
#[derive(Debug)]
pub struct Seal<Y, R> {
    nonce: u64,
    types: PhantomData<fn(R) -> Y>,
}

impl<Y, R> Seal<Y, R> {
    /// The generator whose body is `body`. (A body that yields through another handle than
    /// the one made with this seal panics at that yield: the nonces differ.)
    #[inline]
    pub fn seal<F: Future>(self, body: F) -> Gen<Y, R, F> {
        Gen::from_parts(self.nonce, body)
    }
}

/// Gives the body's tail expression the declared return type, so that `?` and `return`
/// inside the generated `async` block infer it.
#[inline(always)]
pub fn ret<T>(value: T) -> T {
    value
}
