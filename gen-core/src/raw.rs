//! The channel between a suspended generator body and the code that resumes it.
//!
//! A generator body is an `async` block. To resume it, a driver puts a [`Slot`] on its own
//! stack (the resume value going in, room for the yielded value coming out) and polls the
//! body with a `Context` whose waker points at that slot. A `yield_` future inside the body
//! finds the slot through `cx.waker()`, takes the resume value or moves its own value in; the
//! driver takes the value out. No `Rc`, no lock, no thread-local, no allocation.
//!
//! This is one of the two files of pygen with `unsafe` code (the other is `storage.rs`).
//! Soundness rests on four invariants, each upheld here and nowhere else:
//!
//! 1. **A waker with [`VTABLE`] points at a live slot.** Only [`Slot::poll`] creates such a
//!    waker. It lives in that call's frame, is lent to the body through a `Context` for one
//!    `poll`, and its data pointer is the `Slot` that outlives the call. `clone` never returns
//!    a waker with `VTABLE` (it returns the executor's waker, or a no-op one), so no copy
//!    outlives the poll. Code outside this module cannot build one: `VTABLE` is private.
//! 2. **A matching nonce means matching types.** Every generator gets a fresh
//!    [`Nonce<Y, R>`](crate::nonce::Nonce), and only a generator of those types, and the `Co`
//!    handle of its body, ever hold it. A body only touches a slot whose header nonce equals
//!    its own, so it reads and writes exactly the types the slot was made with. (Variance only
//!    ever makes the slot's view a supertype of the body's, which is the direction a caller can
//!    rely on: the body may yield a `&'static str` into a `&'a str` slot, never the reverse.)
//! 3. **Headers are read before types are trusted.** [`Slot`] is `#[repr(C)]` with the
//!    type-independent [`Header`] first, so reading the nonce through a pointer of unknown
//!    `Y`/`R` is valid for any slot.
//! 4. **One user of a slot at a time.** Every future that touches a slot (`Yield`,
//!    `YieldAll`, the delegations) borrows its generator's one `Co` mutably for as long as it
//!    exists, so no two exist at once. A body may lend `&Waker` (which is `Sync`) to a scoped
//!    thread and poll that one future there, but then its own thread cannot touch the slot,
//!    and the driver does not until the body's poll returns, after the scope has joined. So
//!    no two threads access a slot at once. The waker functions, which any thread may call,
//!    only read `outer`, which is never written after the slot is made.
//!
//! Tests covering these: `tests/soundness.rs` and `tests/adversarial.rs` (leaked handles,
//! foreign executors, handles used in generators of other types, wakers cloned by the body),
//! `tests/send_sync.rs` (a waker lent to another thread); `docs/SOUNDNESS.md` maps each
//! invariant to its tests.

use core::future::Future;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::ptr;
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use crate::nonce::Nonce;
use crate::panics;

/// A delegation of a chain (`chain.rs`), which only exists with boxed generators.
#[cfg(feature = "alloc")]
type ChainLink = crate::chain::Link;
#[cfg(not(feature = "alloc"))]
type ChainLink = ();

/// The type-independent prefix of every [`Slot`].
#[repr(C)]
struct Header {
    /// Nonce of the generator whose body is being polled.
    nonce: u64,
    /// The executor's waker while an async generator is polled; null for sync generators.
    outer: *const Waker,
    /// The delegation of a chain (`chain.rs`) whose sub-generator is being polled; null when
    /// no chain is being run.
    chain: *mut ChainLink,
}

/// Everything that crosses between a driver and the body it resumes, for one resume.
#[repr(C)]
pub(crate) struct Slot<'s, Y, R> {
    header: Header,
    values: Values<Y, R>,
    /// The executor's waker, while an async generator is polled.
    outer: PhantomData<&'s Waker>,
}

/// The typed part of a [`Slot`], which a body reaches through a [`SlotRef`].
struct Values<Y, R> {
    /// The value the `yield_!` the body is suspended at evaluates to, which that `yield_`
    /// future takes. (A body that has not started has no such `yield_!`: a value that carries
    /// nothing may be left here, and is dropped with the slot.)
    resume: Option<R>,
    /// The value the body yielded in this resume.
    yielded: Option<Y>,
}

impl<'s, Y, R> Slot<'s, Y, R> {
    /// A slot for resuming the generator `nonce` with `resume` (`None`: it has not started,
    /// or is not suspended at a yield).
    #[inline(always)]
    pub(crate) fn new(nonce: Nonce<Y, R>, resume: Option<R>) -> Self {
        Slot {
            header: Header {
                nonce: nonce.get(),
                outer: ptr::null(),
                chain: ptr::null_mut(),
            },
            values: Values {
                resume,
                yielded: None,
            },
            outer: PhantomData,
        }
    }

    /// Lets futures the body awaits register the executor's `waker` (async generators): our
    /// waker forwards `wake` and clones to it.
    #[inline(always)]
    pub(crate) fn with_outer_waker(mut self, waker: &'s Waker) -> Self {
        self.header.outer = waker;
        self
    }

    /// The resume value, if the body did not take it.
    #[inline(always)]
    pub(crate) fn take_resume(&mut self) -> Option<R> {
        self.values.resume.take()
    }

    /// The value handed out in this resume, if any.
    #[inline(always)]
    pub(crate) fn take_yielded(&mut self) -> Option<Y> {
        self.values.yielded.take()
    }

    /// Polls `body` once with a context that leads to this slot.
    #[inline(always)]
    pub(crate) fn poll<F: Future + ?Sized>(&mut self, body: Pin<&mut F>) -> Poll<F::Output> {
        let data = ptr::from_mut(self).cast::<()>().cast_const();
        // SAFETY: `VTABLE`'s functions keep `RawWaker`'s contract: `clone` returns a waker of
        // its own (the executor's or a no-op one) and `wake`/`drop` release nothing, so this
        // waker owns nothing and need not be dropped. It lives until the end of this call,
        // before `self` can be used again, so `data` stays valid for its whole life
        // (invariant 1).
        let waker = ManuallyDrop::new(unsafe { Waker::new(data, &VTABLE) });
        let mut cx = Context::from_waker(&waker);
        body.poll(&mut cx)
    }
}

/// The slot of the generator that a context is resuming, found through the context's waker
/// (checked to be ours). Borrows the context, so it cannot outlive the poll it was lent for.
pub(crate) struct SlotRef<'cx> {
    header: *mut Header,
    _cx: PhantomData<&'cx mut ()>,
}

/// The slot of the generator that `cx` is resuming.
///
/// # Panics
///
/// If `cx` is not a pygen context: a `yield_` future polled by a foreign executor.
#[inline(always)]
#[track_caller]
pub(crate) fn slot<'cx>(cx: &'cx mut Context<'_>) -> SlotRef<'cx> {
    SlotRef {
        header: header_of(cx),
        _cx: PhantomData,
    }
}

impl SlotRef<'_> {
    /// The typed values of the slot, after checking that it belongs to the generator `nonce`.
    ///
    /// # Panics
    ///
    /// If the slot belongs to another generator (a `Co` handle that escaped its own).
    #[inline(always)]
    #[track_caller]
    fn values<Y, R>(&mut self, nonce: Nonce<Y, R>) -> &mut Values<Y, R> {
        // SAFETY: `header` points at the live header of the slot being polled (invariants 1
        // and 3); nothing else accesses it during this read (invariant 4).
        if unsafe { (*self.header).nonce } != nonce.get() {
            panics::wrong_generator();
        }
        // SAFETY: the nonces match, so the slot was made for the generator this handle
        // belongs to, with the same `Y` and `R` (invariant 2). The driver that owns it does not
        // touch it until `poll` returns, which is after this borrow of the context ends; no
        // other future uses the slot meanwhile (invariant 4).
        unsafe { &mut *ptr::addr_of_mut!((*self.header.cast::<Slot<'_, Y, R>>()).values) }
    }

    /// Takes the resume value the driver handed over, if any.
    ///
    /// # Panics
    ///
    /// As [`values`](Self::values).
    #[inline(always)]
    #[track_caller]
    pub(crate) fn take_resume<Y, R>(&mut self, nonce: Nonce<Y, R>) -> Option<R> {
        self.values(nonce).resume.take()
    }

    /// The resume value the driver handed over, which a `yield_` future resumed at takes.
    ///
    /// # Panics
    ///
    /// As [`values`](Self::values), and if there is none: the future was polled again within
    /// the resume it suspended in.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn take_handed<Y, R>(&mut self, nonce: Nonce<Y, R>) -> R {
        // One branch to one cold call for both misuses keeps a body's `yield_!` small, which
        // decides whether the body is inlined into the loop that resumes it (a body polled by
        // a delegation somewhere else as well is inlined only when it is small).
        if let Some(values) = self.typed::<Y, R>(nonce) {
            // SAFETY: `typed` checked the nonce, so the values have these types (invariant
            // 2), and nothing else uses them meanwhile (invariant 4).
            if let Some(resume) = unsafe { (*values).resume.take() } {
                return resume;
            }
        }
        panics::take_refused(self.typed::<Y, R>(nonce).is_none())
    }

    /// The typed values of the slot if it belongs to the generator `nonce`; `None` if not.
    #[inline(always)]
    fn typed<Y, R>(&mut self, nonce: Nonce<Y, R>) -> Option<*mut Values<Y, R>> {
        // SAFETY: `header` points at the live header of the slot being polled (invariants 1
        // and 3); nothing else accesses it during this read (invariant 4).
        if unsafe { (*self.header).nonce } != nonce.get() {
            return None;
        }
        // SAFETY: the nonces match, so the slot was made for the generator this handle belongs
        // to, with the same `Y` and `R` (invariant 2); no reference is made.
        Some(unsafe { ptr::addr_of_mut!((*self.header.cast::<Slot<'_, Y, R>>()).values) })
    }

    /// Hands `resume` to the sub-generator a delegation is about to poll, which waits at a
    /// `yield_!` for it.
    ///
    /// # Panics
    ///
    /// As [`values`](Self::values).
    #[inline(always)]
    #[track_caller]
    pub(crate) fn hand<Y, R>(&mut self, nonce: Nonce<Y, R>, resume: R) {
        self.values(nonce).resume = Some(resume);
    }

    /// Hands `value` out of the body; the body must then suspend.
    ///
    /// # Panics
    ///
    /// As [`values`](Self::values), and if a value was already handed out in this resume: it
    /// would be lost.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn put<Y, R>(&mut self, nonce: Nonce<Y, R>, value: Y) {
        let values = self.values(nonce);
        if values.yielded.is_some() {
            panics::yielded_twice();
        }
        values.yielded = Some(value);
    }

    /// A value was handed out in this resume.
    ///
    /// # Panics
    ///
    /// As [`values`](Self::values).
    #[inline(always)]
    #[track_caller]
    pub(crate) fn has_yielded<Y, R>(&mut self, nonce: Nonce<Y, R>) -> bool {
        self.values(nonce).yielded.is_some()
    }
}

/// Runs `f` with the slot's nonce set to `inner`, so that the body of the generator `inner`
/// (a `yield_from!` delegate) yields into the slot of the generator `outer` being resumed.
/// Both nonces have the same type, so both generators yield and are resumed with the same
/// types, and the slot keeps invariant 2 under its new nonce.
///
/// # Panics
///
/// If `cx` is not a pygen context, or is not resuming the generator `outer`.
#[inline(always)]
#[track_caller]
pub(crate) fn with_delegate<Y, R, T>(
    cx: &mut Context<'_>,
    outer: Nonce<Y, R>,
    inner: Nonce<Y, R>,
    f: impl FnOnce(&mut Context<'_>) -> T,
) -> T {
    let header = header_of(cx);
    // SAFETY: `header_of` returned a pointer to the live header of the slot being polled
    // (invariants 1 and 3).
    if unsafe { (*header).nonce } != outer.get() {
        panics::wrong_generator();
    }
    // SAFETY: as above; `inner` names a generator of the same types as `outer` (invariant 2).
    unsafe { (*header).nonce = inner.get() };
    // Restores the outer nonce however `f` ends: a body may catch a delegate's panic and go
    // on yielding through the same slot.
    let _restore = RestoreNonce {
        header,
        outer: outer.get(),
    };
    f(cx)
}

struct RestoreNonce {
    header: *mut Header,
    outer: u64,
}

/// Enters a poll of a delegation of a chain (`chain.rs`): the returned scope reads the slot
/// behind `cx` (its nonce, its chain pointer on entry), sets its chain pointer and lends it
/// to other generators for the rest of the poll, and restores both when dropped, however the
/// poll ends.
///
/// # Panics
///
/// If `cx` is not a pygen context.
#[cfg(feature = "alloc")]
#[inline(always)]
#[track_caller]
pub(crate) fn chain_scope<'w>(cx: &mut Context<'w>) -> ChainScope<'w> {
    let header = header_of(cx);
    // SAFETY: `header_of` returned a pointer to the live header of the slot being polled
    // (invariants 1 and 3); nothing else accesses it meanwhile (invariant 4).
    let (saved, nonce) = unsafe { ((*header).chain, (*header).nonce) };
    ChainScope {
        header,
        saved,
        nonce,
        _waker: PhantomData,
    }
}

/// See [`chain_scope`]. Tied to the waker's lifetime `'w`, so it cannot outlive the `poll`
/// of the slot it points at (invariant 1).
#[cfg(feature = "alloc")]
pub(crate) struct ChainScope<'w> {
    header: *mut Header,
    /// The chain pointer on entry, restored on drop.
    saved: *mut ChainLink,
    /// The slot's nonce on entry: the nonce of the body polling the delegation.
    nonce: u64,
    _waker: PhantomData<&'w Waker>,
}

#[cfg(feature = "alloc")]
impl ChainScope<'_> {
    /// The slot's chain pointer on entry.
    #[inline(always)]
    pub(crate) fn entered_at(&self) -> *mut ChainLink {
        self.saved
    }

    /// The slot's nonce on entry. Type-independent.
    #[inline(always)]
    pub(crate) fn nonce(&self) -> u64 {
        self.nonce
    }

    /// Panics unless the slot belongs to the generator `nonce` (so that it has its types).
    #[inline(always)]
    #[track_caller]
    pub(crate) fn check<Y, R>(&self, nonce: Nonce<Y, R>) {
        if self.nonce != nonce.get() {
            panics::wrong_generator();
        }
    }

    /// Sets the slot's chain pointer to `link` until the scope ends.
    ///
    /// # Safety
    ///
    /// `link` must stay valid until the scope ends (`chain.rs`, invariant C4): whoever reads
    /// the pointer meanwhile dereferences it.
    #[inline(always)]
    pub(crate) unsafe fn set(&self, link: *mut ChainLink) {
        // SAFETY: the header is live while `'w` is (invariant 1); the delegation holding the
        // scope is the slot's one user (invariant 4).
        unsafe { (*self.header).chain = link };
    }

    /// Lends the slot to the body of the generator `inner` until the returned guard is
    /// dropped, which gives the slot its nonce on entry back, however the poll ends: for the
    /// top of a chain, which resumes the innermost delegation's sub-generator directly.
    ///
    /// # Safety
    ///
    /// `inner` must be the nonce of a generator with the yield and resume types of the slot,
    /// so that invariant 2 keeps holding under the new nonce (`chain.rs`, invariant C2).
    #[inline(always)]
    pub(crate) unsafe fn lend(&self, inner: u64) -> Lent<'_> {
        // SAFETY: as in `set`; the caller keeps invariant 2.
        unsafe { (*self.header).nonce = inner };
        Lent {
            _restore: RestoreNonce {
                header: self.header,
                outer: self.nonce,
            },
            _scope: PhantomData,
        }
    }
}

/// See [`ChainScope::lend`].
#[cfg(feature = "alloc")]
#[must_use = "the slot is lent until this guard is dropped"]
pub(crate) struct Lent<'s> {
    _restore: RestoreNonce,
    _scope: PhantomData<&'s ()>,
}

#[cfg(feature = "alloc")]
impl Drop for ChainScope<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: as in `set`.
        unsafe { (*self.header).chain = self.saved };
    }
}

impl Drop for RestoreNonce {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: the guard lives inside `with_delegate`, within the `poll` whose slot this
        // is, so the header is live (invariant 1), and the delegation calling it is the
        // slot's one user (invariant 4).
        unsafe { (*self.header).nonce = self.outer };
    }
}

/// The header of the slot behind `cx`, after checking that `cx` is the context a pygen
/// driver polls with.
#[inline(always)]
#[track_caller]
fn header_of(cx: &mut Context<'_>) -> *mut Header {
    let waker = cx.waker();
    if !ptr::eq(waker.vtable(), &VTABLE) {
        panics::outside_generator();
    }
    // The pointer was made from `&mut Slot` in `Slot::poll`, so writing through it is allowed.
    waker.data().cast::<Header>().cast_mut()
}

/// The vtable of the wakers [`Slot::poll`] hands to bodies. A `static`, not a `const`, so
/// that its address is unique and comparing against it identifies our wakers.
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake_by_ref, wake_by_ref, drop_waker);

/// Clones into the executor's waker (async generators), or a no-op waker (sync generators,
/// where nothing may wait for a wake-up), never into another waker of ours.
unsafe fn clone(data: *const ()) -> RawWaker {
    // SAFETY: `clone` is only reachable through a waker made by `Slot::poll`, which is alive
    // during this call, so `data` points at a live header (invariant 1).
    let outer = unsafe { (*data.cast::<Header>()).outer };
    let waker = if outer.is_null() {
        Waker::noop().clone()
    } else {
        // SAFETY: a non-null `outer` is the executor's waker lent to `Slot::with_outer_waker`
        // for at least as long as the slot lives.
        unsafe { (*outer).clone() }
    };
    // Hand over ownership of the clone as raw parts; whoever drops the RawWaker releases it.
    let waker = ManuallyDrop::new(waker);
    RawWaker::new(waker.data(), waker.vtable())
}

unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: as in `clone`.
    let outer = unsafe { (*data.cast::<Header>()).outer };
    if !outer.is_null() {
        // SAFETY: as in `clone`.
        unsafe { (*outer).wake_by_ref() };
    }
}

/// Our wakers own nothing.
unsafe fn drop_waker(_: *const ()) {}
