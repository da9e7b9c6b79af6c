//! Unique identities for generators.
//!
//! A generator and the `Co` handle of its body share a nonce; `raw::with_slot` compares them
//! on every yield, which is what keeps a handle that escaped its generator from writing into
//! another generator's slot (see `raw.rs`, invariant 2). The nonce is typed: a `Nonce<Y, R>` is
//! only ever made by [`Nonce::fresh`] for a generator that yields `Y` and is resumed with `R`,
//! so two nonces of one type name generators of one type, which is what makes lending a slot to
//! a sub-generator (`raw::with_delegate`) a safe function.

use core::fmt;
use core::marker::PhantomData;

#[cfg(target_has_atomic = "64")]
use core::sync::atomic::{AtomicU64, Ordering};
#[cfg(not(target_has_atomic = "64"))]
use portable_atomic::{AtomicU64, Ordering};

/// Nonces have 56 bits: `storage.rs` keeps them in seven bytes.
const LIMIT: u64 = 1 << 56;

static NEXT: AtomicU64 = AtomicU64::new(1);

/// The identity of one generator that yields `Y` and is resumed with `R`.
///
/// Its variance is that of [`Co`](crate::Co), the handle that carries it into the body:
/// contravariant in `Y` (a body may yield a subtype of what the generator declares) and
/// covariant in `R` (it may read a supertype of what it is resumed with).
pub(crate) struct Nonce<Y, R> {
    value: u64,
    _types: PhantomData<fn(Y) -> R>,
}

impl<Y, R> Nonce<Y, R> {
    /// A nonce no other generator has had. A 56-bit space (2.3 years at one generator per
    /// nanosecond, millennia at the rates programs create them); once it is used up, creating a
    /// generator panics rather than reuse a nonce.
    #[inline]
    pub(crate) fn fresh() -> Self {
        // Relaxed is enough: the read-modify-write alone makes every returned value distinct.
        let value = NEXT.fetch_add(1, Ordering::Relaxed);
        if value >= LIMIT {
            exhausted();
        }
        Nonce {
            value,
            _types: PhantomData,
        }
    }

    /// The nonce `value` of a generator of these types, as `storage.rs` keeps it.
    ///
    /// Only `body.rs` calls this, with the bits of the `Nonce<Y, R>` its storage was made with:
    /// the type is the one the nonce had when it was fresh.
    #[inline(always)]
    pub(crate) fn from_storage(value: u64) -> Self {
        Nonce {
            value,
            _types: PhantomData,
        }
    }

    #[inline(always)]
    pub(crate) fn get(&self) -> u64 {
        self.value
    }
}

#[cold]
#[inline(never)]
fn exhausted() -> ! {
    panic!("pygen: 2^56 generators were created in this process, and none more can be told apart")
}

impl<Y, R> Clone for Nonce<Y, R> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}

impl<Y, R> Copy for Nonce<Y, R> {}

impl<Y, R> fmt::Debug for Nonce<Y, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Nonce").field(&self.value).finish()
    }
}
