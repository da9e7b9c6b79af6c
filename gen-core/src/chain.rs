//! Trampolined delegation: a chain of `yield_from!`s of boxed generators (recursion through
//! `.boxed_local()` / `.boxed()`) resumed at its innermost level, in one step whatever its
//! depth.
//!
//! Without it, each resume of a generator that delegates `d` levels deep polls every level on
//! the way down: `O(d)` per item. Here the outermost delegation polled in a resume (the
//! *top*) keeps a [`Registry`] of the chain below it: the innermost delegation whose
//! sub-generator is suspended (`deepest`) and, through each delegation's [`Link`], the next
//! one up (`up`). The top's next poll resumes `deepest`'s sub-generator directly, lending it
//! the slot (as `raw::with_delegate` does for a delegation polled in place). When that
//! sub-generator completes, its return value is kept in its delegation and the top resumes
//! the sub-generator above, whose body then finds the value where it awaits it. Each item
//! costs the same at any depth; each sub-generator's completion costs one step more.
//!
//! **Who joins a chain (a *member*).** A [`Chained`] delegation made by `yield_from!`
//! (`direct`) joins the chain that is running when it is first polled, if it is polled by the
//! body of the chain's current sub-generator itself: the slot's nonce is that body's
//! (`Link::inner`), not the nonce of a generator delegated to in place inside it. Everything
//! between a member and the delegation above it is then code that `yield_from!` generated:
//! skipping it skips nothing but that code. A delegation made through the public API
//! (`Co::yield_from`, `Delegate::delegate`) may be wrapped in a future of the user's (a
//! timeout, `catch_unwind`, tracing's `Instrument`) that must see every poll: it is always a
//! top, of a chain of its own. So is a direct one polled anywhere else.
//!
//! **Where members live.** A member's future lives in the body of the sub-generator of the
//! delegation above it, which is a boxed generator (a [`ChainSub`]): memory of its own on
//! the heap, not part of any body that an active poll borrows.
//!
//! This is one of the three files of pygen with `unsafe` code (with `raw.rs` and
//! `storage.rs`). The invariants, each kept here:
//!
//! - **C1. A registry's path is alive.** Following `up` from a registry's `deepest` reaches
//!   its `top` link; every link on the way is the first field of a live, pinned [`Chained`]
//!   future whose `registry` points at this registry, and whose sub-generator is suspended.
//! - **C2. A link on a path serves the top's types.** A member joins in a poll with the
//!   top's slot, whose nonce the top checked against its own (`Nonce<Y, R>`): the slot has the
//!   top's types. Its sub-generator's first poll checked the slot's nonce against the
//!   member's `outer` nonce, before the member joined: so the member's generator has them too,
//!   and the top may lend the slot to `outer` (`raw::lend`).
//! - **C3. A link leaves the path before it is freed.** A delegation's drop takes it off its
//!   registry's path (a member, with the links below it, which are in its sub-generator) or
//!   clears its own registry (a top), before its sub-generator is dropped. A member whose
//!   sub-generator completes in its own poll leaves; the top takes a completed `deepest` off.
//! - **C4. The slot's chain pointer is valid while it is set.** Only [`raw::ChainScope`]
//!   sets it, here, to the link of a delegation being polled or of the `deepest` being
//!   resumed, for the length of that poll.
//! - **C5. Only suspended bodies are reached through a registry.** A link on a path lives in
//!   a body suspended in a box of its own (see above), which no active poll borrows; the top
//!   reaches it only from its own poll and drop, which have the whole chain (the top owns its
//!   sub-generator, which owns the rest) exclusively. The futures are `!Unpin`, so a
//!   `Pin<&mut>` to one does not assert that no pointer into it exists (as for every
//!   self-referential future).
//!
//! - **C6. A running body is neither freed nor re-entered.** A member is resumed through its
//!   link, not through whatever owns it; code that can reach it outside its generator's body
//!   (pygen's hidden API, with a leaked handle) could drop or poll it from inside the very
//!   body the top is running. `running` names the delegation being run: a member that is it
//!   or above it, dropped, leaks its sub-generator (and the values a poll of it may borrow)
//!   instead of dropping it, and panics; polled, it panics. Its own memory may then be freed
//!   by its owner: no borrow of it is an argument of the sub-generator's poll
//!   (`ChainSub::target` lends the box's contents, `first` is taken before), and it has left
//!   the path, so nothing that runs afterwards refers to it.
//!
//! Tests covering these: `tests/trampoline.rs` (chains rebuilt after a generator driven
//! directly is delegated to, delegations dropped early, panics caught above bypassed levels,
//! wrapped delegations, drop order), and the delegation tests of `tests/drops.rs`,
//! `tests/cpython_yield_from.rs` and `tests/model.rs`.

use core::cell::Cell;
use core::future::Future;
use core::marker::{PhantomData, PhantomPinned};
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::ptr;
use core::task::{Context, Poll};

use crate::nonce::Nonce;
use crate::{Co, Generator, panics, raw};

pub(crate) use sealed::ChainSub;

mod sealed {
    use super::*;

    /// A sub-generator that a [`Chained`] delegation can resume directly: a boxed generator.
    /// Sealed: it cannot be named outside the crate.
    pub trait ChainSub<Y, R>: Unpin {
        /// What the sub-generator returns.
        type Return;

        /// The generator in the box.
        type Target: Generator<R, Yield = Y, Return = Self::Return> + ?Sized;

        /// The nonce its body is polled under when its `Generator::__poll_delegated` polls it
        /// in place (0, which no generator has, if it is resumed some other way).
        fn inner_nonce(&self) -> u64;

        /// The generator in its box, pinned: what a delegation resumes, with
        /// `Generator::__poll_delegated`. A borrow of the box's contents, so that no borrow
        /// of the delegation itself is an argument of the call that polls the sub-generator's
        /// body: the delegation may be freed from inside that poll (C6).
        fn target(&mut self) -> Pin<&mut Self::Target>;
    }
}

/// Resumes the sub-generator of the delegation whose link this is.
///
/// # Safety
///
/// The link must be on a registry's path (C1), and the slot behind the context lent to the
/// link's `outer` nonce.
type PollLink = unsafe fn(*mut Link, &mut Context<'_>) -> Poll<()>;

/// A delegation's place in a chain: the first field of every [`Chained`] (`#[repr(C)]`), so
/// that a pointer to it, made from a pointer to the whole future, leads back to the future.
pub(crate) struct Link {
    /// The delegation above: the top's link, or a member's.
    up: Cell<*mut Link>,
    /// The registry whose path this link is on (null: none). A top's own link points at its
    /// own registry, so that members can find it through the slot's chain pointer.
    registry: Cell<*const Registry>,
    /// The nonce of the body this delegation is in.
    outer: Cell<u64>,
    /// The nonce of its sub-generator's body.
    inner: Cell<u64>,
    poll: PollLink,
}

// SAFETY: the pointers lead to other delegations of the same chain, and to its top's
// registry, which the top owns with its sub-generator: the whole chain moves between threads
// together, and is only reached through a `&mut` to its top (C5).
unsafe impl Send for Link {}

/// The path below a top delegation.
pub(crate) struct Registry {
    /// The innermost member whose sub-generator is suspended; the top's own link if none.
    deepest: Cell<*mut Link>,
    /// The top's link: where the path ends. Compared, never dereferenced.
    top: Cell<*mut Link>,
    /// While the top runs the chain: the delegation whose sub-generator is being polled (the
    /// top's own link, `deepest`, or a member in its first poll); null otherwise. A
    /// delegation that is it or above it contains a body that is running (C6).
    running: Cell<*mut Link>,
}

// SAFETY: as for `Link`.
unsafe impl Send for Registry {}

impl Registry {
    /// Takes every link off the path: its top is being dropped, or unwinding (C3).
    fn retire(&self) {
        self.running.set(ptr::null_mut());
        let top = self.top.get();
        let mut link = self.deepest.replace(top);
        while !link.is_null() && link != top {
            // SAFETY: C1.
            let member = unsafe { &*link };
            member.registry.set(ptr::null());
            link = member.up.get();
        }
    }
}

/// Whether the top of `link`'s chain is running a body that `link`'s sub-generator contains:
/// `link` is the delegation being run, or one above it (C6).
///
/// # Safety
///
/// As [`leave`].
unsafe fn busy(link: *mut Link) -> bool {
    // SAFETY: `link` is alive.
    let registry = unsafe { &*link }.registry.get();
    if registry.is_null() {
        return false;
    }
    // SAFETY: a registry a link points at is alive (C3).
    let registry = unsafe { &*registry };
    let top = registry.top.get();
    let mut at = registry.running.get();
    while !at.is_null() && at != top {
        if at == link {
            return true;
        }
        // SAFETY: the running delegation and those above it are alive: each contains the next
        // one's body, which is running or suspended.
        at = unsafe { &*at }.up.get();
    }
    false
}

/// Takes `link` off its registry's path, if it is on one, with the links below it: a member
/// whose sub-generator completed, or that is being dropped (C3).
///
/// # Safety
///
/// `link` must be alive; a registry it points at must be alive (the top owning it outlives
/// its members, and clears their pointers before it goes, C3).
unsafe fn leave(link: *mut Link) {
    // SAFETY: `link` is alive.
    let member = unsafe { &*link };
    let registry = member.registry.replace(ptr::null());
    if registry.is_null() {
        return;
    }
    // SAFETY: see `# Safety`.
    let registry = unsafe { &*registry };
    let top = registry.top.get();
    let mut below = registry.deepest.get();
    while below != link {
        if below.is_null() || below == top {
            // Not on the path: it had not suspended yet.
            return;
        }
        // SAFETY: C1.
        below = unsafe { &*below }.up.get();
    }
    // The links below, in the sub-generator it owns, go with it.
    let mut below = registry.deepest.get();
    while below != link {
        // SAFETY: C1.
        let next = unsafe { &*below };
        next.registry.set(ptr::null());
        below = next.up.get();
    }
    registry.deepest.set(member.up.get());
}

/// Takes a member whose sub-generator completed in its own poll off the path, without a walk:
/// the members below it, in that sub-generator, have completed or been dropped, so it is the
/// deepest if it is on the path at all.
fn unlink_completed(link: *mut Link, registry: &Registry) {
    // SAFETY: `link` is the member being polled, alive.
    let member = unsafe { &*link };
    if registry.deepest.get() == link {
        registry.deepest.set(member.up.get());
    }
    member.registry.set(ptr::null());
}

/// See `Chained::poll_member`.
struct LeaveOnUnwind<'r> {
    link: *mut Link,
    registry: &'r Registry,
}

impl Drop for LeaveOnUnwind<'_> {
    fn drop(&mut self) {
        // Restores `running` to the delegation above, which the unwinding goes through next
        // (unless a drop already moved it above this one, C6).
        if self.registry.running.get() == self.link {
            // SAFETY: `link` is the member being polled, alive until the unwinding leaves its
            // poll.
            let up = unsafe { &*self.link }.up.get();
            self.registry.running.set(up);
        }
        unlink_completed(self.link, self.registry);
    }
}

/// What a delegation was when last polled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Unpolled,
    /// The top of a chain of its own.
    Top,
    /// A member of the chain of the delegation above.
    Member,
}

/// The future of a delegation to a boxed generator ([`BoxGen`](crate::BoxGen),
/// [`LocalBoxGen`](crate::LocalBoxGen)): evaluates to its return value.
///
/// Made by `yield_from!`, it resumes a recursion of boxed generators at its innermost level:
/// each item costs the same whatever the depth of the recursion. Made by
/// [`Co::yield_from`], which may be wrapped in a future of your own, it is polled at every
/// resume, like any future, and the recursion below it is resumed at its innermost level.
///
/// ```
/// use pygen::delegate::Chained;
/// use pygen::prelude::*;
/// use pygen::{Co, Gen, LocalBoxGen};
///
/// #[generator(yield = u32)]
/// fn countdown(n: u32) -> u32 {
///     if n > 0 {
///         yield_!(n);
///         yield_from!(countdown(n - 1).boxed_local()) + 1 // O(1) per item at any depth
///     } else {
///         0
///     }
/// }
///
/// let g = Gen::new(|mut co: Co<u32>| async move {
///     let sub: LocalBoxGen<'_, u32, (), u32> = countdown(3).boxed_local();
///     let delegation: Chained<'_, u32, (), _> = co.yield_from(sub);
///     assert_eq!(delegation.await, 3);
/// });
/// assert_eq!(g.collect::<Vec<_>>(), [3, 2, 1]);
/// ```
#[repr(C)]
#[must_use = "a delegation does nothing unless it is `.await`ed"]
pub struct Chained<'co, Y, R, S: ChainSub<Y, R>> {
    /// First: see [`Link`].
    link: Link,
    /// The path below, while this is a top.
    registry: Registry,
    role: Role,
    /// Made by `yield_from!`: may join a chain.
    direct: bool,
    outer: Nonce<Y, R>,
    /// Dropped by `Drop::drop` itself, which does not touch it at all when it must leak it
    /// (C6).
    owned: ManuallyDrop<Owned<R, S::Return, S>>,
    /// The chain points at the link and the registry.
    _pinned: PhantomPinned,
    co: PhantomData<&'co mut Co<Y, R>>,
}

/// What a [`Chained`] delegation owns besides its link and registry.
struct Owned<R, Ret, S> {
    /// The value for a sub-generator suspended at a yield, handed over at the first poll
    /// (`Some`, taken then).
    first: Option<Option<R>>,
    /// The sub-generator's return value, kept when the top resumed it to completion, until
    /// the body above polls this delegation again.
    output: Option<Ret>,
    /// `None` once dropped, when a poll of the chain unwound.
    sub: Option<S>,
}

impl<'co, Y, R, S: ChainSub<Y, R>> Chained<'co, Y, R, S> {
    /// A delegation from the generator `co` belongs to, to `sub`; see [`Chained`].
    #[inline]
    pub(crate) fn new(co: &'co mut Co<Y, R>, sub: S, first: Option<R>, direct: bool) -> Self {
        Chained {
            link: Link {
                up: Cell::new(ptr::null_mut()),
                registry: Cell::new(ptr::null()),
                outer: Cell::new(0),
                inner: Cell::new(0),
                poll: Self::poll_link,
            },
            registry: Registry {
                deepest: Cell::new(ptr::null_mut()),
                top: Cell::new(ptr::null_mut()),
                running: Cell::new(ptr::null_mut()),
            },
            role: Role::Unpolled,
            direct,
            outer: co.nonce(),
            owned: ManuallyDrop::new(Owned {
                first: Some(first),
                output: None,
                sub: Some(sub),
            }),
            _pinned: PhantomPinned,
            co: PhantomData,
        }
    }

    /// Resumes the sub-generator once, keeping its return value.
    #[inline(always)]
    #[track_caller]
    fn resume_sub(&mut self, cx: &mut Context<'_>) -> Poll<S::Return> {
        // Taken now, not borrowed by the poll (C6); it is taken at the poll's start anyway.
        let first = self.owned.first.take();
        match &mut self.owned.sub {
            Some(sub) => sub.target().__poll_delegated(cx, self.outer, first),
            None => panics::delegated_to_complete(),
        }
    }

    /// [`PollLink`] for this type.
    ///
    /// # Safety
    ///
    /// As [`PollLink`].
    #[track_caller]
    unsafe fn poll_link(link: *mut Link, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: a link on a path is the first field of a live, pinned `Chained` (C1) of
        // this type (`poll` is this function), and was made from a pointer to the whole
        // future (`link_ptr`). Its body is suspended, so nothing else borrows it (C5).
        let this = unsafe { &mut *link.cast::<Self>() };
        match this.resume_sub(cx) {
            Poll::Ready(output) => {
                this.owned.output = Some(output);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }

    /// The link, with the provenance of the whole future (see `poll_link`).
    #[inline(always)]
    fn link_ptr(this: *mut Self) -> *mut Link {
        // SAFETY: `this` points at a live `Chained`; no reference is made.
        unsafe { ptr::addr_of_mut!((*this).link) }
    }

    /// Polls as the top of a chain of its own: resumes the chain at `deepest` until a
    /// sub-generator suspends, or its own sub-generator completes.
    #[inline]
    #[track_caller]
    fn poll_top(
        this: *mut Self,
        cx: &mut Context<'_>,
        scope: &raw::ChainScope<'_>,
    ) -> Poll<S::Return> {
        let link = Self::link_ptr(this);
        // SAFETY: `this` is the pinned future being polled; no other reference to it is used
        // while this one is.
        let me = unsafe { &mut *this };
        me.role = Role::Top;
        // The slot has this generator's types (C2), which every member will share.
        scope.check(me.outer);
        if me.registry.top.get().is_null() {
            me.registry.top.set(link);
            me.registry.deepest.set(link);
            if let Some(sub) = &me.owned.sub {
                me.link.inner.set(sub.inner_nonce());
            }
        }
        // Also after a time as a member, which pointed it elsewhere.
        me.link.registry.set(&me.registry);
        // Drops the whole chain during the unwinding if a resume of a level below panics: the
        // bypassed levels' locals drop while the panic unwinds, as they would if each level
        // were polled in turn.
        let unwinding = DropChainOnUnwind { chained: this };
        loop {
            let deepest = me.registry.deepest.get();
            if deepest == link {
                // SAFETY: this future is alive and pinned for the whole poll (C4).
                unsafe { scope.set(link) };
                me.registry.running.set(link);
                let polled = me.resume_sub(cx);
                me.registry.running.set(ptr::null_mut());
                core::mem::forget(unwinding);
                return polled;
            }
            // SAFETY: C4: `deepest` is on the path, alive (C1) for the whole poll.
            unsafe { scope.set(deepest) };
            me.registry.running.set(deepest);
            let polled = {
                // SAFETY: C1.
                let outer = unsafe { &*deepest }.outer.get();
                // SAFETY: C2: `deepest` is on the path, so its generator has the slot's types.
                let _lent = unsafe { scope.lend(outer) };
                // SAFETY: `deepest` is on the path, the slot lent to its `outer` nonce.
                unsafe { ((*deepest).poll)(deepest, cx) }
            };
            if polled.is_pending() {
                me.registry.running.set(ptr::null_mut());
                core::mem::forget(unwinding);
                return Poll::Pending;
            }
            // Its sub-generator completed: its return value waits in it for the body above,
            // which is resumed next.
            // SAFETY: C1.
            let done = unsafe { &*deepest };
            done.registry.set(ptr::null());
            me.registry.deepest.set(done.up.get());
        }
    }

    /// Polls as a member of the chain whose current delegation is the one the scope entered
    /// at: resumes the sub-generator in place, and becomes the chain's `deepest` if it
    /// suspends with none deeper.
    #[inline]
    #[track_caller]
    fn poll_member(
        this: *mut Self,
        cx: &mut Context<'_>,
        scope: &raw::ChainScope<'_>,
        registry: *const Registry,
    ) -> Poll<S::Return> {
        let link = Self::link_ptr(this);
        // SAFETY: as in `poll_top`.
        let me = unsafe { &mut *this };
        me.role = Role::Member;
        me.link.up.set(scope.entered_at());
        me.link.outer.set(scope.nonce());
        if let Some(sub) = &me.owned.sub {
            me.link.inner.set(sub.inner_nonce());
        }
        // On the path during its sub-generator's poll (so that a member joining below, which
        // then leaves, gives `deepest` back to it), and after it if it suspends.
        me.link.registry.set(registry);
        // SAFETY: the registry of the chain being run is alive during its poll (C1, C4).
        let registry = unsafe { &*registry };
        let before = registry.deepest.get();
        // SAFETY: this future is alive and pinned for the whole poll (C4).
        unsafe { scope.set(link) };
        let running = registry.running.replace(link);
        // If the poll unwinds, the delegation is not on the path (C3): it may outlive the
        // chain (in a future of the user's that caught the panic).
        let unwinding = LeaveOnUnwind { link, registry };
        let polled = me.resume_sub(cx);
        core::mem::forget(unwinding);
        registry.running.set(running);
        match polled {
            Poll::Pending => {
                if registry.deepest.get() == before {
                    registry.deepest.set(link);
                }
            }
            Poll::Ready(_) => unlink_completed(link, registry),
        }
        polled
    }
}

impl<Y, R, S: ChainSub<Y, R>> Future for Chained<'_, Y, R, S> {
    type Output = S::Return;

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<S::Return> {
        // SAFETY: nothing is moved out of the future; the chain's pointers into it are why it
        // is pinned.
        let this: *mut Self = unsafe { self.get_unchecked_mut() };
        // SAFETY: `this` is the pinned future being polled.
        let me = unsafe { &mut *this };
        if let Some(output) = me.owned.output.take() {
            return Poll::Ready(output);
        }
        if me.role == Role::Member {
            let link = Self::link_ptr(this);
            // SAFETY: this link is alive, and so is a registry it is on (C1, C3).
            if unsafe { busy(link) } {
                // Polled from inside the body it runs, by code that reached it outside its
                // generator's body (only through pygen's hidden API, with a leaked handle).
                panics::delegation_reentered();
            }
            // Polled again by the body above before its sub-generator completed: only when the
            // chain was taken apart. It joins again below.
            // SAFETY: as above.
            unsafe { leave(link) };
        }
        let scope = raw::chain_scope(cx);
        let parent = scope.entered_at();
        // A top with members below stays their top.
        let own_chain_empty = me.registry.deepest.get() == me.registry.top.get();
        if me.direct && own_chain_empty && !parent.is_null() {
            // SAFETY: the slot's chain pointer is valid while it is set (C4).
            let parent_link = unsafe { &*parent };
            let registry = parent_link.registry.get();
            // Polled by the current sub-generator's own body (not by one delegated to in
            // place inside it, nor by a top of its own).
            if !registry.is_null() && scope.nonce() == parent_link.inner.get() {
                return Self::poll_member(this, cx, &scope, registry);
            }
        }
        Self::poll_top(this, cx, &scope)
    }
}

/// See `Chained::poll_top`.
struct DropChainOnUnwind<'co, Y, R, S: ChainSub<Y, R>> {
    chained: *mut Chained<'co, Y, R, S>,
}

impl<Y, R, S: ChainSub<Y, R>> Drop for DropChainOnUnwind<'_, Y, R, S> {
    fn drop(&mut self) {
        // SAFETY: only reached while a `poll_top` of this live future unwinds, when nothing
        // borrows it any more.
        let top = unsafe { &mut *self.chained };
        top.registry.retire();
        top.owned.sub = None;
    }
}

impl<Y, R, S: ChainSub<Y, R>> Drop for Chained<'_, Y, R, S> {
    fn drop(&mut self) {
        match self.role {
            // Before the sub-generator, and the members in it, are dropped (C3).
            Role::Top => self.registry.retire(),
            Role::Member => {
                let link = ptr::addr_of_mut!(self.link);
                let registry = self.link.registry.get();
                // SAFETY: this link is alive, and so is a registry it is on (C3).
                let busy = unsafe { busy(link) };
                // SAFETY: as above.
                unsafe { leave(link) };
                if busy {
                    // The delegation above, alive, is where the run continues (unwinding).
                    // SAFETY: a busy link's registry is not null, and alive (C3).
                    unsafe { &*registry }.running.set(self.link.up.get());
                    // Dropped from inside a body its sub-generator contains, which is running
                    // (by code that reached it outside its generator's body: only through
                    // pygen's hidden API, with a leaked handle). Freeing that body under its
                    // own feet would be a use after free: it is leaked instead, with the rest
                    // of `owned`, which is not touched at all (C6).
                    #[cfg(feature = "std")]
                    if std::thread::panicking() {
                        return;
                    }
                    panics::delegation_dropped_while_running();
                }
            }
            Role::Unpolled => {}
        }
        // SAFETY: dropped once, here, and `drop` is the last use of `self`.
        unsafe { ManuallyDrop::drop(&mut self.owned) };
    }
}

impl<Y, R, S: ChainSub<Y, R>> core::fmt::Debug for Chained<'_, Y, R, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Chained").finish_non_exhaustive()
    }
}
