//! Unique identities for generators.
//!
//! A generator and the `Co` handle of its body share a nonce; `raw::with_slot` compares them
//! on every yield, which is what keeps a handle that escaped its generator from writing into
//! another generator's slot (see `raw.rs`, invariant 2).

#[cfg(target_has_atomic = "64")]
use core::sync::atomic::{AtomicU64, Ordering};
#[cfg(not(target_has_atomic = "64"))]
use portable_atomic::{AtomicU64, Ordering};

/// Nonces are multiples of `STEP`: `storage.rs` keeps its state tag in the low bits.
pub(crate) const STEP: u64 = 4;

static NEXT: AtomicU64 = AtomicU64::new(STEP);

/// A nonce no other generator has had. A 62-bit space: at one generator per nanosecond it
/// would take 146 years to wrap.
#[inline]
pub(crate) fn fresh() -> u64 {
    // Relaxed is enough: the read-modify-write alone makes every returned value distinct.
    // The mask changes nothing at run time, but tells the optimizer that the low bits are
    // zero, so it can see through `storage.rs`'s tag and drop redundant checks.
    NEXT.fetch_add(STEP, Ordering::Relaxed) & !(STEP - 1)
}
