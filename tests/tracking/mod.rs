//! Exact drop accounting for the reliability tests (`adversarial.rs`, `drops.rs`,
//! `send_sync.rs`, `model.rs`).
//!
//! A [`Tracker`] hands out [`Tracked`] values, each with a fresh id, and a global registry
//! counts how many times each one is dropped. [`Tracker::assert_exact`] then checks that every
//! value created was dropped exactly once: nothing leaked, nothing dropped twice. Values are
//! plain ids (no `Rc`, no `Arc`), so they are `Send + Sync + 'static` and fit any generator,
//! and a double drop only bumps a counter instead of corrupting the bookkeeping.
#![allow(
    dead_code,
    reason = "each test file uses a different part of this module"
)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Per tracker, per value id: how many times the value was dropped.
static REGISTRY: Mutex<Option<HashMap<u64, HashMap<u64, u32>>>> = Mutex::new(None);

fn registry() -> MutexGuard<'static, Option<HashMap<u64, HashMap<u64, u32>>>> {
    // A test that failed while holding the lock must not hide the results of the others.
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A family of tracked values, usually one per test. `Copy`, so it moves into any body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tracker(u64);

impl Tracker {
    pub(crate) fn new() -> Self {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        registry()
            .get_or_insert_with(HashMap::new)
            .insert(id, HashMap::new());
        Tracker(id)
    }

    /// A new value, alive until dropped.
    pub(crate) fn make(self) -> Tracked {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let mut registry = registry();
        let values = registry
            .as_mut()
            .and_then(|all| all.get_mut(&self.0))
            .expect("tracker already checked with `assert_exact`");
        values.insert(id, 0);
        Tracked {
            id,
            tracker: self.0,
        }
    }

    /// How many values this tracker made.
    pub(crate) fn created(self) -> usize {
        self.with(|values| values.len())
    }

    /// How many values are alive (made and not dropped yet).
    pub(crate) fn live(self) -> usize {
        self.with(|values| values.values().filter(|&&n| n == 0).count())
    }

    /// Whether the value with `id` has been dropped (at least once).
    pub(crate) fn is_dropped(self, id: u64) -> bool {
        self.with(|values| values.get(&id).is_some_and(|&n| n > 0))
    }

    /// Checks that `created` values were made and that every one of them was dropped exactly
    /// once, then forgets them. Panics with the ids of the leaked and twice-dropped values.
    #[track_caller]
    pub(crate) fn assert_exact(self, created: usize) {
        let values = registry()
            .as_mut()
            .and_then(|all| all.remove(&self.0))
            .expect("tracker already checked");
        let mut leaked: Vec<u64> = values
            .iter()
            .filter(|&(_, &n)| n == 0)
            .map(|(&id, _)| id)
            .collect();
        let mut twice: Vec<(u64, u32)> = values
            .iter()
            .filter(|&(_, &n)| n > 1)
            .map(|(&id, &n)| (id, n))
            .collect();
        leaked.sort_unstable();
        twice.sort_unstable();
        assert!(
            leaked.is_empty() && twice.is_empty(),
            "of {} values, leaked (never dropped): {leaked:?}, dropped more than once (id, times): {twice:?}",
            values.len()
        );
        assert_eq!(values.len(), created, "number of tracked values created");
    }

    /// Checks that none of the values was dropped twice and that exactly `leaked` of them are
    /// still alive (for tests that leak on purpose with `mem::forget`), then forgets them.
    #[track_caller]
    pub(crate) fn assert_leaked(self, created: usize, leaked: usize) {
        let values = registry()
            .as_mut()
            .and_then(|all| all.remove(&self.0))
            .expect("tracker already checked");
        let twice = values.values().filter(|&&n| n > 1).count();
        let alive = values.values().filter(|&&n| n == 0).count();
        assert_eq!(twice, 0, "values dropped more than once");
        assert_eq!(
            (values.len(), alive),
            (created, leaked),
            "(created, still alive)"
        );
    }

    fn with<T>(self, f: impl FnOnce(&HashMap<u64, u32>) -> T) -> T {
        let registry = registry();
        f(registry
            .as_ref()
            .and_then(|all| all.get(&self.0))
            .expect("tracker already checked"))
    }
}

/// A value whose drops are counted by its [`Tracker`]. Compared by identity: two `Tracked`
/// are equal only if they are the same value (moved around, never copied).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Tracked {
    id: u64,
    tracker: u64,
}

impl Tracked {
    pub(crate) fn id(&self) -> u64 {
        self.id
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let mut registry = registry();
        let count = registry
            .as_mut()
            .and_then(|all| all.get_mut(&self.tracker))
            .and_then(|values| values.get_mut(&self.id));
        // A value of a tracker that was already checked is simply ignored: that test failed
        // or leaked on purpose, and its assertion already reported it.
        if let Some(count) = count {
            *count += 1;
        }
    }
}

/// A local whose destructor panics: Python's `finally: raise`.
#[derive(Debug)]
pub(crate) struct PanicOnDrop(pub(crate) &'static str);

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        // Never during an unwinding (that would abort the test binary).
        if !std::thread::panicking() {
            panic!("{}", self.0);
        }
    }
}

/// The message of a caught panic.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// Runs `f`, which must panic, and returns the panic message.
#[track_caller]
pub(crate) fn expect_panic<T>(f: impl FnOnce() -> T) -> String {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => panic_message(&*payload),
    }
}

/// Resumes the generator `g` with the value of `arg`, or starts it if it has not started, as
/// Python does with `next(g)` before `g.send(v)` (a value sent to a fresh generator is
/// refused: nothing would receive it). `arg` is evaluated only when it is sent, so that a
/// test counting values counts only those that reach the generator. `g` is an expression
/// naming the generator (`g`, `g.as_mut()`); `pygen::Generator` must be in scope for
/// pinned ones.
#[allow(
    unused_macros,
    reason = "each test file uses a different part of this module"
)]
macro_rules! step {
    ($g:expr, $arg:expr) => {
        if $g.status() == pygen::Status::Created {
            $g.start()
        } else {
            $g.resume($arg)
        }
    };
}
#[allow(
    unused_imports,
    reason = "each test file uses a different part of this module"
)]
pub(crate) use step;
