//! Where a generator's body (its `async` state machine) lives: in place, or in one box.
//!
//! A generator starts with its body inline, so `pin!(f())` allocates nothing. Turn it
//! through `&mut self` (an owned generator used as an `Iterator`) first moves the body into a
//! box, because a started body must never move again and an owned value may. The body and
//! the box share one union, and the state tag shares a word with the nonce, so a generator is
//! one word larger than its state machine.
//!
//! The tag also records how far the body has got, which is what the drivers need to hand out
//! resume values correctly: whether it has started, and (async generators) whether it is
//! suspended at a yield or awaiting another future.
//!
//! This is one of the two files of pygen with `unsafe` code (the other is `raw.rs`). The
//! invariants:
//!
//! 1. **The tag says which field of `data` is live.** `FRESH` and `INLINE`: `data.inline`;
//!    `BOXED`: `data.boxed`; `EMPTY`: none. Every write of a field updates the tag with it.
//!    The other bits say how far the body has got: `AWAITING` another future, or `DONE`
//!    (completed or panicked: never polled again, dropped with the storage).
//! 2. **A polled inline body is pinned.** It is only polled through `Pin<&mut Storage>`, and
//!    `Storage` is `Unpin` only when the body is, so once polled the body does not move until
//!    it is dropped in place, unless it is `Unpin` and moving it is fine anyway. Hence code
//!    holding `&mut Storage` (or the storage by value) may move an inline body.
//! 3. **A body is dropped exactly once.** The tag becomes `EMPTY` before the body is dropped,
//!    so a destructor that panics cannot lead to a second drop, and a body that panics while
//!    polled is dropped (once) by the [`Entered`] guard.
//! 4. **Shared references never cover the body as immutable.** The inline body sits in an
//!    `UnsafeCell`, and `&Storage` is only used to read `word`: the body's own `&mut` borrows
//!    of its locals stay valid while the generator is inspected through `&Gen`.
//! 5. **The nonce is typed.** The nonce bits of `word` are those of the `Nonce<Y, R>` the
//!    storage was made with, so [`Storage::nonce`] gives back a nonce of the right type
//!    (`raw.rs`, invariant 2).
//!
//! Tests covering these: `tests/drops.rs`, `tests/adversarial.rs`, `tests/semantics.rs` and
//! the model test `tests/model.rs`; `docs/SOUNDNESS.md` maps each invariant to its tests.

use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::ptr;

#[cfg(feature = "alloc")]
use alloc::boxed::Box;

use crate::nonce::Nonce;

/// `data.inline` holds a body that has never been resumed.
const FRESH: u8 = 0;
/// `data.inline` holds a body that has been resumed (in place: it is pinned, see invariant 2).
const INLINE: u8 = 1;
/// `data.boxed` holds the body. A body is boxed right before its first owned resume, so a
/// boxed body has always been resumed.
#[cfg(feature = "alloc")]
const BOXED: u8 = 2;
/// No body: it completed, panicked or was closed.
const EMPTY: u8 = 3;
const LOCATION: u8 = 3;
/// With `INLINE` or `BOXED`: the body is suspended at a future that is not a yield (async
/// generators only), so the next resume must not hand it a resume value.
const AWAITING: u8 = 4;
/// With `INLINE` or `BOXED`: the body completed or panicked, so it must not be polled again;
/// it is kept where it is, and dropped with the storage (or by `clear`). A completed `async`
/// body holds nothing (its locals were dropped when it returned or unwound), so dropping it
/// later changes nothing but when its captured variables are dropped; and leaving it in place
/// keeps its drop glue out of every resume.
const DONE: u8 = 8;

/// The storage's one word besides the body: the tag in its first byte, the nonce in the other
/// seven. Separate bytes, so that a resume that changes the tag (the first one marks the body
/// as started) leaves the nonce's bytes untouched: the optimizer can then keep the nonce
/// constant across a loop of resumes and fold away the checks that compare it.
#[derive(Clone, Copy)]
#[repr(C)]
struct Word {
    tag: u8,
    nonce: [u8; 7],
}

impl Word {
    #[inline(always)]
    fn new(nonce: u64, tag: u8) -> Self {
        let bytes = nonce.to_le_bytes();
        debug_assert_eq!(bytes[7], 0, "nonces have 56 bits");
        Word {
            tag,
            nonce: [
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6],
            ],
        }
    }

    #[inline(always)]
    fn nonce(self) -> u64 {
        let n = self.nonce;
        u64::from_le_bytes([n[0], n[1], n[2], n[3], n[4], n[5], n[6], 0])
    }

    /// The nonce of the word at `word`, read in place with one load of all eight bytes (a
    /// copy of the word would be read byte field by byte field).
    ///
    /// # Safety
    ///
    /// `word` must be valid for reads.
    #[inline(always)]
    unsafe fn nonce_at(word: *const Word) -> u64 {
        // SAFETY: `Word` is eight initialized bytes (`repr(C)`, no padding), valid for reads
        // (caller).
        let bits = unsafe { ptr::read_unaligned(word.cast::<u64>()) };
        u64::from_le(bits) >> 8
    }
}

/// How far a body has got; see [`Storage::progress`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Progress {
    /// Never resumed.
    Fresh,
    /// Suspended at a `yield_!`, waiting for a resume value.
    AtYield,
    /// Suspended at another future (async generators).
    Awaiting,
    /// Completed, panicked or closed.
    Complete,
}

pub(crate) struct Storage<Y, R, F> {
    /// The tag and the nonce.
    word: Word,
    data: Data<F>,
    _types: PhantomData<fn(R) -> Y>,
}

union Data<F> {
    /// In an `UnsafeCell`: a shared reference to the generator (`is_complete`, `Debug`) must
    /// not assert that the body is immutable, since the body holds mutable borrows of its own
    /// locals (invariant 4).
    inline: ManuallyDrop<UnsafeCell<F>>,
    #[cfg(feature = "alloc")]
    boxed: ManuallyDrop<Pin<Box<F>>>,
}

impl<Y, R, F> Storage<Y, R, F> {
    #[inline]
    pub(crate) fn new(nonce: Nonce<Y, R>, body: F) -> Self {
        Storage {
            word: Word::new(nonce.get(), FRESH),
            data: Data {
                inline: ManuallyDrop::new(UnsafeCell::new(body)),
            },
            _types: PhantomData,
        }
    }

    #[inline(always)]
    pub(crate) fn progress(&self) -> Progress {
        if self.is_complete() {
            Progress::Complete
        } else {
            progress_of(self.word)
        }
    }

    /// The generator's nonce (invariant 5).
    #[inline(always)]
    pub(crate) fn nonce(&self) -> Nonce<Y, R> {
        Nonce::from_storage(self.word.nonce())
    }

    /// The body completed, panicked or was closed: it must not be resumed again.
    #[inline(always)]
    pub(crate) fn is_complete(&self) -> bool {
        let tag = self.word.tag;
        tag & LOCATION == EMPTY || tag & DONE != 0
    }

    /// Enters the body to resume it in place: `AtYield` for an inline body suspended at a
    /// yield (what every resume but the first of a synchronous generator finds), `InPlace` for
    /// another inline body, `Boxed` for a boxed one, `Empty` if there is none.
    #[inline(always)]
    pub(crate) fn enter(self: Pin<&mut Self>) -> Entered<'_, Y, R, F> {
        // SAFETY: we never move out of `*this` while it is pinned (invariant 2); the raw
        // pointer lets the unwind guard and the body share the borrow.
        let this: *mut Self = unsafe { self.get_unchecked_mut() };
        // SAFETY: `this` comes from a live `&mut Self`.
        let word = unsafe { (*this).word };
        // The common case first, with one comparison: a body suspended at a yield, in place.
        if word.tag == INLINE {
            return Entered::AtYield(Turn::new(this, word.tag, Progress::AtYield));
        }
        if word.tag & DONE != 0 {
            return Entered::Empty;
        }
        match word.tag & LOCATION {
            EMPTY => Entered::Empty,
            #[cfg(feature = "alloc")]
            BOXED => Entered::Boxed(Turn::new(this, word.tag, progress_of(word))),
            _ => Entered::InPlace(Turn::new(this, word.tag, progress_of(word))),
        }
    }

    /// The common case of [`enter_owned`](Self::enter_owned), with one comparison: a boxed body
    /// suspended at a yield. `None` for any other state.
    #[cfg(feature = "alloc")]
    #[inline(always)]
    pub(crate) fn enter_boxed_at_yield(&mut self) -> Option<Turn<'_, Y, R, F, true>> {
        let word = self.word;
        if word.tag == BOXED {
            Some(Turn::new(self, word.tag, Progress::AtYield).owned())
        } else {
            None
        }
    }

    /// As [`enter`](Self::enter) for an owned generator: the body is moved into a box first
    /// if it is inline, because `self` may move between resumes. `None` if there is no body.
    #[cfg(feature = "alloc")]
    #[inline(always)]
    pub(crate) fn enter_owned(&mut self) -> Option<Turn<'_, Y, R, F, true>> {
        let before = self.word;
        if self.is_complete() {
            return None;
        }
        if before.tag & LOCATION != BOXED {
            self.move_to_box();
        }
        let tag = self.word.tag;
        Some(Turn::new(self, tag, progress_of(before)).owned())
    }

    /// Moves an inline body into a box (a fresh one, or one that is `Unpin`: invariant 2).
    #[cfg(feature = "alloc")]
    #[cold]
    #[inline(never)]
    fn move_to_box(&mut self) {
        let tag = self.word.tag;
        debug_assert!(matches!(tag & LOCATION, FRESH | INLINE));
        self.word.tag = EMPTY;
        // SAFETY: the tag said `data.inline` was live; it is now marked empty, so the value is
        // owned by `body` alone. Moving it is fine even if it had been polled: we hold
        // `&mut self`, so `Storage` (and thus the body) is `Unpin` or was never pinned
        // (invariant 2).
        let body = unsafe { ManuallyDrop::take(&mut self.data.inline) }.into_inner();
        self.data.boxed = ManuallyDrop::new(Box::pin(body));
        self.word.tag = (tag & !LOCATION) | BOXED;
    }

    /// Takes the body out of the storage, wherever it lives, leaving the storage empty; `None`
    /// if it was empty. The `Taken` body keeps the nonce and the progress it had.
    #[inline]
    pub(crate) fn take(&mut self) -> Option<Taken<Y, R, F>> {
        let word = self.word;
        if self.is_complete() {
            // A completed body stays, to be dropped with the storage.
            return None;
        }
        let location = match word.tag & LOCATION {
            FRESH | INLINE => {
                self.word.tag = EMPTY;
                // SAFETY: the tag said `data.inline` was live; it is now marked empty, so the
                // value is owned by the caller alone (invariants 1 and 3). Moving it is fine:
                // we hold `&mut self`, so it was never pinned or is `Unpin` (invariant 2).
                let body = unsafe { ManuallyDrop::take(&mut self.data.inline) }.into_inner();
                TakenBody::Inline { body }
            }
            #[cfg(feature = "alloc")]
            BOXED => {
                self.word.tag = EMPTY;
                // SAFETY: as above, for `data.boxed`; moving the box does not move the body.
                let body = unsafe { ManuallyDrop::take(&mut self.data.boxed) };
                TakenBody::Boxed { body }
            }
            _ => return None,
        };
        Some(Taken {
            word,
            body: location,
            _types: PhantomData,
        })
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
unsafe impl<Y, R, F: Sync> Sync for Storage<Y, R, F> {}

impl<Y, R, F> Drop for Storage<Y, R, F> {
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
unsafe fn drop_body<Y, R, F>(this: *mut Storage<Y, R, F>) {
    // SAFETY: `this` is valid (caller).
    let tag = unsafe { (*this).word.tag };
    // SAFETY: as above.
    unsafe { (*this).word.tag = EMPTY };
    match tag & LOCATION {
        // SAFETY: the tag said `data.inline` was live (invariant 1); it is marked empty
        // already, so it cannot be dropped again (invariant 3).
        FRESH | INLINE => unsafe { ManuallyDrop::drop(&mut (*this).data.inline) },
        #[cfg(feature = "alloc")]
        // SAFETY: as above, for `data.boxed`.
        BOXED => unsafe { ManuallyDrop::drop(&mut (*this).data.boxed) },
        _ => {}
    }
}

/// How far a body that is not `EMPTY` has got, from its storage's word.
#[inline(always)]
fn progress_of(word: Word) -> Progress {
    if word.tag & LOCATION == FRESH {
        Progress::Fresh
    } else if word.tag & AWAITING != 0 {
        Progress::Awaiting
    } else {
        Progress::AtYield
    }
}

/// A body entered by [`Storage::enter`].
pub(crate) enum Entered<'a, Y, R, F> {
    /// Inline, in the pinned storage, and suspended at a yield.
    AtYield(Turn<'a, Y, R, F, false>),
    /// Inline, in the pinned storage, fresh or (async) awaiting another future.
    InPlace(Turn<'a, Y, R, F, false>),
    /// In its box.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    Boxed(Turn<'a, Y, R, F, true>),
    /// No body.
    Empty,
}

/// A body entered to be resumed, inline or (`IN_BOX`) in its box: what its storage says
/// about it. Nothing has changed yet; [`run`](Turn::run) starts the resume.
pub(crate) struct Turn<'a, Y, R, F, const IN_BOX: bool> {
    storage: *mut Storage<Y, R, F>,
    /// The storage's tag.
    tag: u8,
    /// How far the body has got (never `Complete`).
    progress: Progress,
    /// Entered through `&mut Storage` (an owned generator) rather than pinned.
    owned: bool,
    _borrow: PhantomData<&'a mut Storage<Y, R, F>>,
}

impl<'a, Y, R, F, const IN_BOX: bool> Turn<'a, Y, R, F, IN_BOX> {
    #[inline(always)]
    fn new(storage: *mut Storage<Y, R, F>, tag: u8, progress: Progress) -> Self {
        Turn {
            storage,
            tag,
            progress,
            owned: false,
            _borrow: PhantomData,
        }
    }

    #[cfg(feature = "alloc")]
    #[inline(always)]
    fn owned(mut self) -> Self {
        self.owned = true;
        self
    }

    /// How far the body has got (never `Complete`).
    #[inline(always)]
    pub(crate) fn progress(&self) -> Progress {
        self.progress
    }

    /// Starts the resume: a fresh inline body is marked as resumed (`INLINE`; a boxed one is
    /// `BOXED` already), and the guard is armed.
    #[inline(always)]
    pub(crate) fn run(self) -> Running<'a, Y, R, F, IN_BOX> {
        let mut tag = self.tag;
        if !IN_BOX && self.progress == Progress::Fresh {
            tag = (tag & !LOCATION) | INLINE;
            // SAFETY: `storage` is valid for `'a`; the live field stays the same, only the
            // progress changes (invariant 1). The nonce's bytes are not written.
            unsafe { (*self.storage).word.tag = tag };
        }
        // SAFETY: `storage` is valid for `'a`.
        let word = unsafe { ptr::addr_of!((*self.storage).word) };
        // A pinned generator may live in the function that resumes it in a loop: the optimizer
        // keeps its storage's fields in registers there if each is read as a field (the seven
        // nonce bytes as bytes). An owned generator's body is in a box anyway: one load of the
        // whole word is cheaper.
        let nonce = if self.owned {
            // SAFETY: `word` is valid for reads.
            unsafe { Word::nonce_at(word) }
        } else {
            // SAFETY: as above.
            unsafe { *word }.nonce()
        };
        Running {
            storage: self.storage,
            tag,
            nonce,
            progress: self.progress,
            _borrow: PhantomData,
        }
    }
}

/// A body being resumed, and a guard that drops it and leaves the storage empty if the resume
/// unwinds (a generator whose body panicked is finished; the unwinding itself already dropped
/// its live locals).
///
/// It holds a raw pointer to the storage and makes the `Pin<&mut F>` on demand, so that no
/// reference to the body is alive when the guard drops it.
pub(crate) struct Running<'a, Y, R, F, const IN_BOX: bool> {
    storage: *mut Storage<Y, R, F>,
    /// The storage's tag while the body runs.
    tag: u8,
    /// The generator's nonce (invariant 5).
    nonce: u64,
    /// How far the body had got when the resume started.
    progress: Progress,
    _borrow: PhantomData<&'a mut Storage<Y, R, F>>,
}

impl<Y, R, F, const IN_BOX: bool> Running<'_, Y, R, F, IN_BOX> {
    /// The generator's nonce (invariant 5).
    #[inline(always)]
    pub(crate) fn nonce(&self) -> Nonce<Y, R> {
        Nonce::from_storage(self.nonce)
    }

    /// The body, pinned where it lives.
    #[inline(always)]
    pub(crate) fn body(&mut self) -> Pin<&mut F> {
        #[cfg(feature = "alloc")]
        if IN_BOX {
            // SAFETY: a `Running<.., true>` is only made for a storage whose tag is `BOXED`,
            // which stays so while it lives (invariant 1), and `&mut self` borrows it.
            return unsafe { (*(*self.storage).data.boxed).as_mut() };
        }
        // SAFETY: a `Running<.., false>` is only made for a storage whose tag is `INLINE`
        // (invariant 1), which stays so while it lives. Pinning the body is structural: it is
        // only ever used pinned from now on (invariant 2).
        unsafe { Pin::new_unchecked((*(*self.storage).data.inline).get_mut()) }
    }

    /// Ends the resume: the body is suspended again, at a yield, or (`awaiting`) at another
    /// future.
    #[inline(always)]
    pub(crate) fn suspend(self, awaiting: bool) {
        let this = ManuallyDrop::new(self);
        // Only async generators ever await another future: for sync ones this is constant and
        // the word is not written.
        if (this.progress == Progress::Awaiting) != awaiting {
            let tag = (this.tag & !AWAITING) | (u8::from(awaiting) * AWAITING);
            // A copy of the pointer: writing through `ManuallyDrop`'s field would borrow it.
            let storage = this.storage;
            // SAFETY: no reference to the body is alive (`body` borrows `self`, consumed
            // here) and `storage` is valid for the lifetime `'a` it was entered for; only the
            // progress bit changes, the live field stays the same (invariant 1).
            unsafe { (*storage).word.tag = tag };
        }
    }

    /// Ends the resume: the body completed. It is marked `DONE`, and dropped with the
    /// storage.
    #[inline(always)]
    pub(crate) fn complete(self) {
        let this = ManuallyDrop::new(self);
        let storage = this.storage;
        // SAFETY: `storage` is valid for `'a`; the live field stays the same (invariant 1).
        unsafe { (*storage).word.tag = this.tag | DONE };
    }
}

impl<Y, R, F, const IN_BOX: bool> Drop for Running<'_, Y, R, F, IN_BOX> {
    /// Only reached when the resume unwinds (`suspend` and `complete` consume the guard): the
    /// generator is finished. Its body, whose live locals the unwinding dropped, is marked
    /// `DONE`, and dropped with the storage.
    fn drop(&mut self) {
        // SAFETY: `storage` is valid for the lifetime the storage was entered for; the live
        // field stays the same (invariant 1).
        unsafe { (*self.storage).word.tag = self.tag | DONE };
    }
}

/// A body taken out of its storage by [`Storage::take`], with its nonce and progress: what a
/// delegation by value polls.
pub(crate) struct Taken<Y, R, F> {
    word: Word,
    body: TakenBody<F>,
    _types: PhantomData<fn(R) -> Y>,
}

pin_project_lite::pin_project! {
    #[project = TakenBodyProj]
    enum TakenBody<F> {
        Inline { #[pin] body: F },
        Boxed { body: PinnedBox<F> },
    }
}

#[cfg(feature = "alloc")]
type PinnedBox<F> = Pin<Box<F>>;
/// Without `alloc` a body is never boxed; this keeps `TakenBody`'s shape.
#[cfg(not(feature = "alloc"))]
type PinnedBox<F> = (core::convert::Infallible, PhantomData<F>);

impl<Y, R, F> Taken<Y, R, F> {
    /// The nonce of the generator the body was taken from (invariant 5).
    #[inline(always)]
    pub(crate) fn nonce(&self) -> Nonce<Y, R> {
        Nonce::from_storage(self.word.nonce())
    }

    /// How far the body had got when it was taken.
    #[inline(always)]
    pub(crate) fn progress(&self) -> Progress {
        progress_of(self.word)
    }

    #[inline(always)]
    pub(crate) fn body(self: Pin<&mut Self>) -> Pin<&mut F> {
        // SAFETY: `body` is structurally pinned (projected below) and the other fields are
        // plain data that is never pinned.
        let body = unsafe { self.map_unchecked_mut(|taken| &mut taken.body) };
        match body.project() {
            TakenBodyProj::Inline { body } => body,
            #[cfg(feature = "alloc")]
            TakenBodyProj::Boxed { body } => body.as_mut(),
            #[cfg(not(feature = "alloc"))]
            TakenBodyProj::Boxed { body } => match body.0 {},
        }
    }
}

impl<Y, R, F> core::fmt::Debug for Taken<Y, R, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Taken").finish_non_exhaustive()
    }
}
