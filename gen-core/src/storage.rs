//! Where a generator's body (its `async` state machine) lives: in place, or in one box.
//!
//! A generator starts with its body inline, so `pin!(f())` allocates nothing. Resuming it
//! through `&mut self` (an owned generator used as an `Iterator`) first moves the body into a
//! box, because a started body must never move again and an owned value may. The body and
//! the box share one union, and the state tag shares a word with the nonce, so a generator is
//! one word larger than its state machine.
//!
//! This is one of the two files of pygen with `unsafe` code (the other is `raw.rs`). The
//! invariants:
//!
//! 1. **The tag says which field of `data` is live.** `INLINE`: `data.inline`; `BOXED`:
//!    `data.boxed`; `EMPTY`: none. Every write of a field updates the tag with it.
//! 2. **A polled inline body is pinned.** It is only polled through `Pin<&mut Storage>`, and
//!    `Storage` is `Unpin` only when the body is, so once polled the body does not move until
//!    it is dropped in place, unless it is `Unpin` and moving it is fine anyway. Hence code
//!    holding `&mut Storage` (or the storage by value) may move an inline body.
//! 3. **A body is dropped exactly once.** The tag becomes `EMPTY` before the body is dropped,
//!    so a destructor that panics cannot lead to a second drop, and a body that panics while
//!    polled is dropped (once) by the guard in `poll_with`.
//! 4. **Shared references never cover the body as immutable.** The inline body sits in an
//!    `UnsafeCell`, and `&Storage` is only used to read `word`: the body's own `&mut` borrows
//!    of its locals stay valid while the generator is inspected through `&Gen`.
//!
//! Tests covering these: `tests/drops.rs`, `tests/adversarial.rs`, `tests/semantics.rs` and
//! the model test `tests/model.rs`; `docs/SOUNDNESS.md` maps each invariant to its tests.

use core::cell::UnsafeCell;
use core::mem::{self, ManuallyDrop};
use core::pin::Pin;

#[cfg(feature = "alloc")]
use alloc::boxed::Box;

use crate::panics;

/// `data.inline` holds the body. (Whether it has been polled is not recorded: that would
/// change the word on every resume and keep the optimizer from seeing it is constant.)
const INLINE: u64 = 0;
/// `data.boxed` holds the body.
#[cfg(feature = "alloc")]
const BOXED: u64 = 2;
/// No body: it completed, panicked or was closed.
const EMPTY: u64 = 3;
const TAG: u64 = 3;
const _: () = assert!(crate::nonce::STEP > TAG);

pub(crate) struct Storage<F> {
    /// The nonce (high bits) and the tag (low bits).
    word: u64,
    data: Data<F>,
}

union Data<F> {
    /// In an `UnsafeCell`: a shared reference to the generator (`is_complete`, `Debug`) must
    /// not assert that the body is immutable, since the body holds mutable borrows of its own
    /// locals (invariant 4).
    inline: ManuallyDrop<UnsafeCell<F>>,
    #[cfg(feature = "alloc")]
    boxed: ManuallyDrop<Pin<Box<F>>>,
}

impl<F> Storage<F> {
    #[inline]
    pub(crate) fn new(nonce: u64, body: F) -> Self {
        debug_assert_eq!(nonce & TAG, 0);
        Storage {
            word: nonce | INLINE,
            data: Data {
                inline: ManuallyDrop::new(UnsafeCell::new(body)),
            },
        }
    }

    /// No body any more: it completed, panicked or was closed.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.word & TAG == EMPTY
    }

    /// The body is inline. Through `&mut Storage` or by value, that also means it has never
    /// been polled, or is `Unpin` (invariant 2).
    #[inline]
    pub(crate) fn is_inline(&self) -> bool {
        self.word & TAG == INLINE
    }

    /// Calls `f` with the nonce and the pinned body, wherever it lives. If `f` panics, the
    /// body is dropped and the storage left empty.
    ///
    /// # Panics
    ///
    /// If the storage is empty.
    #[inline(always)]
    pub(crate) fn poll_with<T>(self: Pin<&mut Self>, f: impl FnOnce(u64, Pin<&mut F>) -> T) -> T {
        // SAFETY: we never move out of `*this` while it is pinned (invariant 2); the raw
        // pointer lets the unwind guard and the body share the borrow.
        let this: *mut Self = unsafe { self.get_unchecked_mut() };
        // SAFETY: `this` comes from a live `&mut Self`.
        let word = unsafe { (*this).word };
        let nonce = word & !TAG;
        match word & TAG {
            INLINE => {
                // SAFETY: the tag says `data.inline` is live (invariant 1). Pinning it is
                // structural: it is only ever used pinned from now on (invariant 2).
                let body = unsafe { Pin::new_unchecked((*(*this).data.inline).get_mut()) };
                let guard = EmptyOnUnwind(this);
                let out = f(nonce, body);
                mem::forget(guard);
                out
            }
            #[cfg(feature = "alloc")]
            BOXED => {
                // SAFETY: the tag says `data.boxed` is live (invariant 1).
                let body = unsafe { (*(*this).data.boxed).as_mut() };
                let guard = EmptyOnUnwind(this);
                // Out of line: keeps the inline case free of pointer merges, so the optimizer
                // can keep a pinned generator's state in registers.
                let out = call_cold(f, nonce, body);
                mem::forget(guard);
                out
            }
            _ => panics::resumed_after_completion(),
        }
    }

    /// As [`poll_with`](Self::poll_with) for an owned generator: the body is moved into a box
    /// first if it is inline, because `self` may move between calls. `None` if the storage is
    /// empty. (One test of the tag on the path taken after the first call.)
    #[cfg(feature = "alloc")]
    #[inline(always)]
    pub(crate) fn poll_boxed_with<T>(
        &mut self,
        f: impl FnOnce(u64, Pin<&mut F>) -> T,
    ) -> Option<T> {
        if self.word & TAG != BOXED {
            if self.word & TAG == EMPTY {
                return None;
            }
            self.move_to_box();
        }
        let this: *mut Self = self;
        // SAFETY: the tag is `BOXED` (checked, or set by `move_to_box`), so `data.boxed` is
        // live (invariant 1).
        let body = unsafe { (*(*this).data.boxed).as_mut() };
        let guard = EmptyOnUnwind(this);
        // SAFETY: `this` comes from a live `&mut Self`.
        let out = f(unsafe { (*this).word } & !TAG, body);
        mem::forget(guard);
        Some(out)
    }

    /// Moves an inline body into a box.
    ///
    /// # Panics
    ///
    /// If the storage is empty.
    #[cfg(feature = "alloc")]
    #[cold]
    #[inline(never)]
    fn move_to_box(&mut self) {
        let nonce = self.word & !TAG;
        match self.word & TAG {
            INLINE => {
                self.word = nonce | EMPTY;
                // SAFETY: the tag said `data.inline` was live; it is now marked empty, so the
                // value is owned by `body` alone. Moving it is fine even if it had been
                // polled: we hold `&mut self`, so `Storage` (and thus the body) is `Unpin`
                // or was never pinned (invariant 2).
                let body = unsafe { ManuallyDrop::take(&mut self.data.inline) }.into_inner();
                self.data.boxed = ManuallyDrop::new(Box::pin(body));
                self.word = nonce | BOXED;
            }
            _ => panics::resumed_after_completion(),
        }
    }

    /// Takes the body out of the storage, wherever it lives, with its nonce, leaving the
    /// storage empty; `None` if it was empty.
    #[inline]
    pub(crate) fn take_body(&mut self) -> Option<(u64, Taken<F>)> {
        let word = self.word;
        let nonce = word & !TAG;
        let taken = match word & TAG {
            INLINE => {
                self.word = nonce | EMPTY;
                // SAFETY: the tag said `data.inline` was live; it is now marked empty, so the
                // value is owned by the caller alone (invariants 1 and 3). Moving it is fine:
                // we hold `&mut self`, so it was never pinned or is `Unpin` (invariant 2).
                let body = unsafe { ManuallyDrop::take(&mut self.data.inline) }.into_inner();
                Taken::Inline { body }
            }
            #[cfg(feature = "alloc")]
            BOXED => {
                self.word = nonce | EMPTY;
                // SAFETY: as above, for `data.boxed`; moving the box does not move the body.
                let body = unsafe { ManuallyDrop::take(&mut self.data.boxed) };
                Taken::Boxed { body }
            }
            _ => return None,
        };
        Some((nonce, taken))
    }

    /// Drops the body in place, if any, and leaves the storage empty.
    #[inline]
    pub(crate) fn clear_unpinned(&mut self) {
        // SAFETY: `self` is valid; dropping in place needs no pinning guarantee.
        unsafe { drop_body(self) }
    }

    /// Drops the body in place, if any, and leaves the storage empty.
    #[inline]
    pub(crate) fn clear(self: Pin<&mut Self>) {
        // SAFETY: dropping in place is allowed for pinned data; nothing is moved.
        unsafe { drop_body(self.get_unchecked_mut()) }
    }
}

// SAFETY: a shared `&Storage` only reads `word` (invariant 4): the body is reached through
// `&mut` or `Pin<&mut>` alone. Requiring `F: Sync` keeps generators exactly as `Sync` as the
// body, like the future of an `async fn` (the `UnsafeCell` alone would make them never `Sync`).
unsafe impl<F: Sync> Sync for Storage<F> {}

impl<F> Drop for Storage<F> {
    fn drop(&mut self) {
        // SAFETY: `self` is valid and about to be freed: nothing uses the body afterwards.
        unsafe { drop_body(self) }
    }
}

/// Drops the body in place and marks the storage empty (first, see invariant 3).
///
/// # Safety
///
/// `this` must be valid for reads and writes, and nothing may use the body afterwards.
unsafe fn drop_body<F>(this: *mut Storage<F>) {
    // SAFETY: `this` is valid (caller).
    let word = unsafe { (*this).word };
    // SAFETY: as above.
    unsafe { (*this).word = (word & !TAG) | EMPTY };
    match word & TAG {
        // SAFETY: the tag said `data.inline` was live (invariant 1); it is marked empty
        // already, so it cannot be dropped again (invariant 3).
        INLINE => unsafe { ManuallyDrop::drop(&mut (*this).data.inline) },
        #[cfg(feature = "alloc")]
        // SAFETY: as above, for `data.boxed`.
        BOXED => unsafe { ManuallyDrop::drop(&mut (*this).data.boxed) },
        _ => {}
    }
}

/// Drops the body if the code polling it unwinds: a generator whose body panicked is
/// finished (its live locals were already dropped by the unwinding itself).
struct EmptyOnUnwind<F>(*mut Storage<F>);

impl<F> Drop for EmptyOnUnwind<F> {
    fn drop(&mut self) {
        // SAFETY: the guard is only alive inside `poll_with`/`poll_boxed_with`, where `self.0`
        // is valid; the borrow of the body ended with the unwinding call.
        unsafe { drop_body(self.0) }
    }
}

#[cfg(feature = "alloc")]
#[cold]
#[inline(never)]
fn call_cold<T, F>(f: impl FnOnce(u64, Pin<&mut F>) -> T, nonce: u64, body: Pin<&mut F>) -> T {
    f(nonce, body)
}

pin_project_lite::pin_project! {
    /// A body taken out of its storage by [`Storage::take_body`], still pinned if it was.
    #[project = TakenProj]
    #[derive(Debug)]
    pub(crate) enum Taken<F> {
        Inline { #[pin] body: F },
        Boxed { body: PinnedBox<F> },
    }
}

#[cfg(feature = "alloc")]
type PinnedBox<F> = Pin<Box<F>>;
/// Without `alloc` a body is never boxed; this keeps `Taken`'s shape.
#[cfg(not(feature = "alloc"))]
type PinnedBox<F> = (core::convert::Infallible, core::marker::PhantomData<F>);

impl<F> Taken<F> {
    #[inline]
    pub(crate) fn as_pin_mut(self: Pin<&mut Self>) -> Pin<&mut F> {
        match self.project() {
            TakenProj::Inline { body } => body,
            #[cfg(feature = "alloc")]
            TakenProj::Boxed { body } => body.as_mut(),
            #[cfg(not(feature = "alloc"))]
            TakenProj::Boxed { body } => match body.0 {},
        }
    }
}
