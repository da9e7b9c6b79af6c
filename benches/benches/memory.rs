//! Memory per generator: heap allocations and bytes (a counting global allocator), and the
//! size of the generator value itself (`size_of_val`), for pygen and every peer.
//!
//! ```sh
//! cargo bench -p pygen-benches --bench memory                      # prints a Markdown table
//! cargo bench -p pygen-benches --bench memory -- --json out.json   # and writes JSON
//! ```
//!
//! Stacks that stackful peers map with `mmap` are not seen by the allocator; the table notes
//! their size.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::mem::{size_of, size_of_val};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[path = "common/mod.rs"]
mod common;

use common::{Workload, row};

/// Counts every allocation (and reallocation) and the bytes requested.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; the bookkeeping is two
// relaxed atomic additions, which neither allocate nor touch the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes that `f` asks for.
fn heap_of(f: impl FnOnce()) -> (usize, usize) {
    let (a, b) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
    f();
    (ALLOCATIONS.load(Relaxed) - a, BYTES.load(Relaxed) - b)
}

/// One row of the table.
struct Line {
    id: &'static str,
    /// `size_of_val` of the generator of `count`, as the consumer holds it.
    value: usize,
    /// Heap allocations and bytes per generator, from the `spawn` workload.
    allocs_per_gen: f64,
    bytes_per_gen: f64,
    /// Heap allocations per item, from two runs of `count` (the difference cancels the
    /// per-generator cost).
    allocs_per_item: f64,
    note: &'static str,
}

const SPAWN_GENERATORS: u64 = 1_000;

fn measure(id: &'static str, value: usize, note: &'static str) -> Line {
    let row = row(id).expect("a row of common::ROWS");
    let spawn = row.get(Workload::Spawn).expect("every row has spawn");
    let count = row.get(Workload::Count).expect("every row has count");
    // Warm up once: thread-locals, lazily initialized runtime state.
    black_box(spawn(black_box(10)));
    let (allocs, bytes) = heap_of(|| {
        black_box(spawn(black_box(SPAWN_GENERATORS)));
    });
    let (a1, _) = heap_of(|| {
        black_box(count(black_box(1_000)));
    });
    let (a2, _) = heap_of(|| {
        black_box(count(black_box(11_000)));
    });
    Line {
        id,
        value,
        allocs_per_gen: allocs as f64 / SPAWN_GENERATORS as f64,
        bytes_per_gen: bytes as f64 / SPAWN_GENERATORS as f64,
        allocs_per_item: (a2 as f64 - a1 as f64) / 10_000.0,
        note,
    }
}

/// `size_of_val` of the `count` generator of each row, as its consumer holds it.
fn lines() -> Vec<Line> {
    use common::*;
    let n = black_box(10);

    let hand = size_of::<hand::Count>();
    let from_fn = size_of_val(&from_fn_row::counter(n));
    let pygen = size_of_val(&pygen_pinned::counter(n));
    let genawaiter_rc = size_of_val(&genawaiter::rc::Gen::new(|co| {
        genawaiter_rc_row::counter(co, n)
    }));
    let genawaiter_stack = {
        genawaiter::stack::let_gen_using!(g, |co| genawaiter_stack_row::counter(co, n));
        // The generator is a reference to its `Shelf` (state machine + airlock).
        shelf_size(g) + size_of_val(g)
    };
    let next_gen = {
        use next_gen::prelude::*;
        use next_gen_row::counter;
        mk_gen!(let g = counter(n));
        let size = size_of_val(&*g) + size_of_val(&g);
        // next-gen aborts if a generator that never ran is dropped: run it to the end.
        for x in g {
            black_box(x);
        }
        size
    };
    let fauxgen = size_of_val(&fauxgen_row::counter(n));
    let async_stream = size_of_val(&async_stream_row::counter(n));
    let generator = size_of_val(&generator_row::counter(n));
    let corosensei = size_of_val(&corosensei_row::counter(n));

    vec![
        measure("hand", hand, "the struct"),
        measure("from_fn", from_fn, "the closure"),
        measure("pygen-pinned", pygen, "state machine + 1 word, in place"),
        measure(
            "pygen-owned",
            pygen,
            "same value; the state machine moves to the heap at the first `next()`",
        ),
        measure(
            "genawaiter-stack",
            genawaiter_stack,
            "`Shelf` (state machine + airlock) + a reference",
        ),
        measure(
            "genawaiter-rc",
            genawaiter_rc,
            "`Rc` airlock + boxed state machine",
        ),
        measure(
            "next-gen",
            next_gen,
            "`mk_gen!` stack slot + a pinned reference",
        ),
        measure("fauxgen", fauxgen, "pinned in place"),
        measure("async-stream", async_stream, "pinned in place"),
        measure(
            "generator",
            generator,
            "a pointer; plus a 32 KiB stack from `mmap` per generator",
        ),
        measure(
            "corosensei",
            corosensei,
            "plus a 1 MiB stack from `mmap` per coroutine (not counted)",
        ),
    ]
}

/// The size of the `Shelf` a genawaiter stack generator lives in.
fn shelf_size<Y, R, F: Future>(_: &genawaiter::stack::Gen<'_, Y, R, F>) -> usize {
    size_of::<genawaiter::stack::Shelf<Y, R, F>>()
}

/// next-gen's boxed form (`mk_gen!(let g = box f())`), which its documentation also shows.
fn next_gen_boxed() -> (usize, usize) {
    use common::next_gen_row::counter;
    use next_gen::prelude::*;
    heap_of(|| {
        mk_gen!(let g = box counter(black_box(10)));
        for x in g {
            black_box(x);
        }
    })
}

/// A pygen generator's size against its state machine's (SPEC 7: at most one word more).
struct GenCoreSize {
    name: &'static str,
    generator: usize,
    body: usize,
}

fn body_size<Y, R, F: Future>(_: &pygen::Gen<Y, R, F>) -> usize {
    size_of::<F>()
}

fn pygen_sizes() -> Vec<GenCoreSize> {
    use common::pygen_pinned as g;
    macro_rules! size {
        ($name:literal, $value:expr) => {{
            let value = $value;
            GenCoreSize {
                name: $name,
                generator: size_of_val(&value),
                body: body_size(&value),
            }
        }};
    }
    vec![
        size!("count", g::counter(1)),
        size!("fib", g::fibonacci()),
        size!("nested", g::nested(1)),
        size!("spawn (eight)", g::eight(1)),
        size!("send (averager)", g::averager()),
        size!("leaf of delegate", g::leaf(1)),
        size!("delegate, 1 level", g::delegate1(1)),
        size!("delegate, 2 levels", g::delegate2(1)),
        size!("delegate, 3 levels", g::delegate3(1)),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json_path = args
        .iter()
        .position(|a| a == "--json")
        .and_then(|i| args.get(i + 1));

    // Pinned pygen: nothing at all, whatever is done with the generator.
    let (pinned_allocs, _) = heap_of(|| {
        let mut g = pin!(common::pygen_pinned::counter(black_box(100)));
        for x in g.as_mut() {
            black_box(x);
        }
    });
    assert_eq!(pinned_allocs, 0, "a pinned pygen generator allocated");

    let lines = lines();
    let sizes = pygen_sizes();
    let (nb_allocs, nb_bytes) = next_gen_boxed();

    println!("## Heap and size per generator\n");
    println!(
        "| implementation | `size_of_val` of the generator | heap allocations per generator \
         | heap bytes per generator | heap allocations per item | note |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    for l in &lines {
        println!(
            "| {} | {} B | {} | {} B | {} | {} |",
            l.id, l.value, l.allocs_per_gen, l.bytes_per_gen, l.allocs_per_item, l.note
        );
    }
    println!(
        "\nnext-gen boxed (`mk_gen!(let g = box f())`): {nb_allocs} allocation(s), {nb_bytes} B \
         per generator.\n"
    );
    println!("## pygen: generator size against its state machine (SPEC 7: at most +8 B)\n");
    println!("| generator | `size_of` state machine | `size_of` Gen | overhead | target met |");
    println!("|---|---:|---:|---:|---|");
    for s in &sizes {
        let overhead = s.generator as i64 - s.body as i64;
        println!(
            "| {} | {} B | {} B | {overhead} B | {} |",
            s.name,
            s.body,
            s.generator,
            if overhead <= 8 { "yes" } else { "no" }
        );
    }

    if let Some(path) = json_path {
        let mut out = String::from("{\n  \"rows\": [\n");
        for (i, l) in lines.iter().enumerate() {
            out += &format!(
                "    {{\"id\": \"{}\", \"size\": {}, \"allocs_per_gen\": {}, \"bytes_per_gen\": {}, \
                 \"allocs_per_item\": {}, \"note\": \"{}\"}}{}\n",
                l.id,
                l.value,
                l.allocs_per_gen,
                l.bytes_per_gen,
                l.allocs_per_item,
                l.note.replace('"', "'"),
                if i + 1 < lines.len() { "," } else { "" }
            );
        }
        out += &format!(
            "  ],\n  \"next_gen_boxed\": {{\"allocs\": {nb_allocs}, \"bytes\": {nb_bytes}}},\n  \
             \"pygen_sizes\": [\n"
        );
        for (i, s) in sizes.iter().enumerate() {
            out += &format!(
                "    {{\"name\": \"{}\", \"body\": {}, \"generator\": {}}}{}\n",
                s.name,
                s.body,
                s.generator,
                if i + 1 < sizes.len() { "," } else { "" }
            );
        }
        out += "  ]\n}\n";
        std::fs::write(path, out).expect("cannot write the JSON file");
    }
}
