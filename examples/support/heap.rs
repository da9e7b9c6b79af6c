//! A counting global allocator shared by the examples that report memory: it forwards to the
//! system allocator and keeps, per thread, the heap bytes live now and the most ever live.
//!
//! Per thread, not per process, so that the test suite (which runs its tests on several
//! threads at once) measures each example alone; the examples do their measured work on the
//! main thread. Memory that C libraries allocate with `malloc` directly (SQLite's page cache)
//! is not seen here: `database` asks SQLite for its own numbers.
//!
//! Each example declares this module at its root; `tests/examples.rs` of each examples package,
//! which includes the examples as modules, declares it once at its own root, since a program
//! has one allocator.

// Not every example uses every helper.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

#[global_allocator]
static COUNTING: Counting = Counting;

thread_local! {
    // `const` initialized and without destructors: safe to touch from inside the allocator,
    // which must not allocate, at any point of a thread's life.
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn grew(bytes: usize) {
    let live = LIVE.get() + bytes;
    LIVE.set(live);
    PEAK.set(PEAK.get().max(live));
}

fn shrank(bytes: usize) {
    LIVE.set(LIVE.get().saturating_sub(bytes));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// bookkeeping only touches the thread-locals above, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as this method's.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as this method's.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        // SAFETY: same contract as this method's.
        unsafe { System.dealloc(ptr, layout) }
    }

    // Forwarded rather than left to the default (alloc, copy, free), which would make a
    // growing `Vec` or `String` slower than it is without counting.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as this method's.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        new
    }
}

/// Runs `f` and returns its result with the most heap bytes this thread held during it,
/// above what it held when `f` started.
pub(crate) fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let outer_peak = PEAK.get();
    let base = LIVE.get();
    PEAK.set(base);
    let result = f();
    let peak = PEAK.get();
    // A measurement nested in another must not hide its peak from the outer one.
    PEAK.set(outer_peak.max(peak));
    (result, peak - base)
}

/// `bytes` for a person: `48 B`, `781.3 KiB`, `762.9 MiB`.
pub(crate) fn human(bytes: usize) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}
