//! The channel between a suspended generator body and the code that resumes it.
//!
//! A generator body is an `async` block. To resume it, a driver puts a [`Slot`] on its own
//! stack (the resume value going in, room for the yielded value coming out) and polls the
//! body with a `Context` whose waker points at that slot. A `yield_` future inside the body
//! finds the slot through `cx.waker()`, moves its value in and returns `Pending`; the driver
//! takes the value out. No `Rc`, no lock, no thread-local, no allocation.
//!
//! This is one of the two files of pygen with `unsafe` code (the other is `storage.rs`).
//! Soundness rests on three invariants, each upheld here and nowhere else:
//!
//! 1. **A waker with [`VTABLE`] points at a live slot.** Only [`Slot::poll`] creates such a
//!    waker. It lives in that call's frame, is lent to the body through a `Context` for one
//!    `poll`, and its data pointer is the `Slot` that outlives the call. `clone` never returns
//!    a waker with `VTABLE` (it returns the executor's waker, or a no-op one), so no copy
//!    outlives the poll. Code outside this module cannot build one: `VTABLE` is private.
//! 2. **A matching nonce means matching types.** Every generator gets a fresh nonce
//!    (`nonce.rs`); the generator and the `Co` handle of its body carry the same one, and
//!    both are created together with the same `Y` and `R`. A body only touches a slot whose
//!    header nonce equals its own, so it reads and writes exactly the types the slot was made
//!    with. (Variance only ever makes the slot's view a supertype of the body's, which is the
//!    direction a caller can rely on: the body may yield a `&'static str` into a
//!    `&'a str` slot, never the reverse.)
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

/// The type-independent prefix of every [`Slot`].
#[repr(C)]
struct Header {
    /// Nonce of the generator whose body is being polled.
    nonce: u64,
    /// The executor's waker while an async generator is polled; null for sync generators.
    outer: *const Waker,
}

/// Everything that crosses between a driver and the body it resumes, for one resume.
#[repr(C)]
pub(crate) struct Slot<'s, Y, R> {
    header: Header,
    values: Values<'s, Y, R>,
}

/// The typed part of a [`Slot`], which a body reaches through [`with_slot`].
pub(crate) struct Values<'s, Y, R> {
    /// The value `yield_!` will evaluate to. The driver fills it; the `yield_` future the body
    /// is suspended at takes it. On the first resume no `yield_` is waiting, and the value is
    /// dropped with the slot.
    pub(crate) resume: Option<R>,
    /// The value the body yielded in this resume.
    yielded: Option<Y>,
    /// The executor's waker, while an async generator is polled.
    outer: PhantomData<&'s Waker>,
}

impl<'s, Y, R> Slot<'s, Y, R> {
    /// A slot for resuming the generator with `nonce`.
    #[inline(always)]
    pub(crate) fn new(nonce: u64, resume: Option<R>) -> Self {
        Slot {
            header: Header {
                nonce,
                outer: ptr::null(),
            },
            values: Values {
                resume,
                yielded: None,
                outer: PhantomData,
            },
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
        // its own (the executor's or a no-op one) and `wake`/`drop` release nothing. The waker
        // is dropped at the end of this call, before `self` can be used again, so `data`
        // stays valid for its whole life (invariant 1).
        let waker = unsafe { Waker::new(data, &VTABLE) };
        let mut cx = Context::from_waker(&waker);
        body.poll(&mut cx)
    }
}

impl<Y, R> Values<'_, Y, R> {
    /// Hands `value` out of the body; the body must then suspend.
    ///
    /// # Panics
    ///
    /// If a value was already handed out in this resume: it would be lost.
    #[inline(always)]
    pub(crate) fn put(&mut self, value: Y) {
        if self.yielded.is_some() {
            crate::panics::yielded_twice();
        }
        self.yielded = Some(value);
    }
}

/// Runs `f` on the slot of the generator that `cx` is resuming, after checking that `cx`
/// comes from a pygen driver and that this driver is resuming the generator `nonce`.
///
/// # Panics
///
/// If `cx` is not a pygen context (a `yield_` future polled by a foreign executor), or
/// belongs to another generator (a `Co` handle that escaped its own generator).
#[inline(always)]
pub(crate) fn with_slot<Y, R, T>(
    cx: &mut Context<'_>,
    nonce: u64,
    f: impl for<'s> FnOnce(&mut Values<'s, Y, R>) -> T,
) -> T {
    let header = header_of(cx);
    // SAFETY: `header_of` returned a pointer to the live header of the slot being polled
    // (invariants 1 and 3); nothing else accesses it during this read (invariant 4).
    if unsafe { (*header).nonce } != nonce {
        crate::panics::wrong_generator();
    }
    // SAFETY: the nonces match, so the slot was made for the generator this handle belongs
    // to, with the same `Y` and `R` (invariant 2). The driver that owns it does not touch it
    // until `poll` returns, no other future uses the slot meanwhile (invariant 4), and the
    // reference does not outlive `f`.
    let slot = unsafe { &mut *ptr::addr_of_mut!((*header.cast::<Slot<'_, Y, R>>()).values) };
    f(slot)
}

/// Runs `f` with the slot's nonce set to `inner`, so that the body of the generator `inner`
/// (a `yield_from!` delegate) yields into the slot of the generator `outer` being resumed.
///
/// # Safety
///
/// The generator with nonce `inner` must have the same yield and resume types as the one with
/// nonce `outer`, so that invariant 2 keeps holding for the slot under its new nonce.
///
/// # Panics
///
/// As [`with_slot`], if `cx` is not resuming the generator `outer`.
#[inline(always)]
pub(crate) unsafe fn with_delegate<T>(
    cx: &mut Context<'_>,
    outer: u64,
    inner: u64,
    f: impl FnOnce(&mut Context<'_>) -> T,
) -> T {
    let header = header_of(cx);
    // SAFETY: `header_of` returned a pointer to the live header of the slot being polled
    // (invariants 1 and 3).
    if unsafe { (*header).nonce } != outer {
        crate::panics::wrong_generator();
    }
    // SAFETY: as above; the caller guarantees the types match (see `# Safety`).
    unsafe { (*header).nonce = inner };
    // Restores the outer nonce however `f` ends: a body may catch a delegate's panic and go
    // on yielding through the same slot.
    let _restore = RestoreNonce { header, outer };
    f(cx)
}

struct RestoreNonce {
    header: *mut Header,
    outer: u64,
}

impl Drop for RestoreNonce {
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
fn header_of(cx: &mut Context<'_>) -> *mut Header {
    let waker = cx.waker();
    if !ptr::eq(waker.vtable(), &VTABLE) {
        crate::panics::outside_generator();
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
