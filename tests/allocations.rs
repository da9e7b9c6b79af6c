//! Memory: a generator allocates nothing pinned, at most once owned, never per item, and a
//! pipeline of generators runs in constant memory however long it is (SPEC 4).

use pygen::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::pin::pin;

/// Counts allocations and live bytes of the current thread (tests run on several threads).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the bookkeeping touches only const-initialized
// thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        LIVE.with(|live| {
            live.set(live.get() + layout.size());
            PEAK.with(|peak| peak.set(peak.get().max(live.get())));
        });
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.with(|live| live.set(live.get().saturating_sub(layout.size())));
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` on this thread, and the peak of live bytes above the start.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let out = f();
    let allocations = ALLOCATIONS.with(Cell::get) - before;
    let peak = PEAK.with(Cell::get) - base;
    (out, allocations, peak)
}

#[generator(yield = u64)]
fn numbers(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
fn squares(source: impl Iterator<Item = u64>) {
    for x in source {
        yield_!(x * x);
    }
}

#[generator(yield = u64)]
fn odd_only(source: impl Iterator<Item = u64>) {
    for x in source {
        if x % 2 == 1 {
            yield_!(x);
        }
    }
}

#[test]
fn pinned_generators_allocate_nothing() {
    let (sum, allocations, _) = measure(|| {
        let g = pin!(numbers(1000));
        g.sum::<u64>()
    });
    assert_eq!(sum, 499_500);
    assert_eq!(allocations, 0);

    let (sum, allocations, _) = measure(|| {
        let mut g = pin!(numbers(1000));
        let mut sum = 0;
        while let GeneratorState::Yielded(x) = g.as_mut().resume(()) {
            sum += x;
        }
        sum
    });
    assert_eq!(sum, 499_500);
    assert_eq!(allocations, 0);
}

#[test]
fn creating_a_generator_allocates_nothing() {
    let (g, allocations, _) = measure(|| numbers(10));
    assert_eq!(allocations, 0);
    drop(g);
}

#[test]
fn owned_generators_allocate_once_not_per_item() {
    for n in [1, 10, 100_000] {
        let (count, allocations, _) = measure(|| {
            let mut count = 0;
            for _ in numbers(n) {
                count += 1;
            }
            count
        });
        assert_eq!(count, n);
        assert_eq!(allocations, 1, "{n} items");
    }
}

#[test]
fn folding_an_owned_generator_does_not_box_it() {
    let ((count, sum), allocations, _) =
        measure(|| (numbers(1000).count(), numbers(1000).sum::<u64>()));
    assert_eq!((count, sum), (1000, 499_500));
    assert_eq!(allocations, 0);
}

#[test]
fn a_ten_million_item_pipeline_runs_in_constant_memory() {
    let run = |n: u64| {
        measure(|| {
            let mut total = 0u64;
            for x in odd_only(squares(numbers(n))) {
                total = total.wrapping_add(x);
            }
            total
        })
    };
    let (small_total, small_allocations, small_peak) = run(1_000);
    let (big_total, big_allocations, big_peak) = run(10_000_000);
    assert_eq!(
        small_total,
        (0..1_000u64).map(|x| x * x).filter(|x| x % 2 == 1).sum()
    );
    assert_eq!(
        big_total,
        (0..10_000_000u64)
            .map(|x| x * x)
            .filter(|x| x % 2 == 1)
            .fold(0, u64::wrapping_add)
    );
    // One box per generator in the chain, whatever the length.
    assert_eq!(small_allocations, 3);
    assert_eq!(big_allocations, 3);
    assert_eq!(
        small_peak, big_peak,
        "peak heap use does not grow with the number of items"
    );
    assert!(
        big_peak < 1024,
        "three small state machines, got {big_peak} bytes"
    );
}

#[generator(yield = u64, boxed_local)]
fn boxed_numbers(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
async fn async_numbers(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

/// Iterates `g` with `next()` (a `for` loop; not `fold`, which would let an owned generator
/// run unboxed).
fn by_next(g: impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0;
    for x in g {
        sum += x;
    }
    sum
}

/// What each way of storing a generator allocates (the table of `gen-core/doc/storing.md`):
/// every boxed form boxes once and is then resumed in that box, with no second allocation
/// and none per item; a `Box<dyn Iterator>` holds an owned generator, which boxes its body too.
#[test]
fn storing_a_generator_allocates_what_the_docs_say() {
    let (g, boxing, _) = measure(|| numbers(100).boxed_local());
    let (sum, iterating, _) = measure(|| by_next(g));
    assert_eq!((sum, boxing, iterating), (4950, 1, 0), ".boxed_local()");

    let (g, boxing, _) = measure(|| numbers(100).boxed());
    let (sum, iterating, _) = measure(|| by_next(g));
    assert_eq!((sum, boxing, iterating), (4950, 1, 0), ".boxed()");

    let (g, boxing, _) = measure(|| boxed_numbers(100));
    let (sum, iterating, _) = measure(|| by_next(g));
    assert_eq!(
        (sum, boxing, iterating),
        (4950, 1, 0),
        "#[generator(.., boxed_local)]"
    );

    let (mut g, boxing, _) = measure(|| Box::pin(numbers(100)));
    let (sum, iterating, _) = measure(|| by_next(g.as_mut()));
    assert_eq!((sum, boxing, iterating), (4950, 1, 0), "Box::pin");

    // An owned generator behind `impl Iterator` or in a generic field: one box, at its
    // first `next()`; pinned by the caller, none.
    let (sum, allocations, _) = measure(|| by_next(numbers(100)));
    assert_eq!((sum, allocations), (4950, 1), "owned");
    let (sum, allocations, _) = measure(|| by_next(pin!(numbers(100))));
    assert_eq!((sum, allocations), (4950, 0), "pinned");

    // `Box<dyn Iterator>` of an owned generator: the `Box`, then the body's own box.
    let (g, boxing, _) = measure(|| Box::new(numbers(100)) as Box<dyn Iterator<Item = u64>>);
    let (sum, iterating, _) = measure(|| by_next(g));
    assert_eq!((sum, boxing, iterating), (4950, 1, 1), "Box<dyn Iterator>");

    // An async generator boxed as a stream: one allocation, polled in that box.
    use futures::StreamExt;
    futures::executor::block_on(async {}); // its first use on a thread allocates
    let (mut stream, boxing, _) = measure(|| async_numbers(100).boxed_local());
    let (sum, iterating, _) = measure(|| {
        futures::executor::block_on(async {
            let mut sum = 0;
            while let Some(x) = stream.next().await {
                sum += x;
            }
            sum
        })
    });
    assert_eq!(
        (sum, boxing, iterating),
        (4950, 1, 0),
        "StreamExt::boxed_local"
    );
}
