//! pyperformance's `bm_generators` (SPEC 7, issue 13): a balanced binary tree of 100,000
//! nodes walked in order by a recursive generator (the Python program is
//! `benches/python/tree.py`). Every row visits the same tree and returns the sum of the values
//! (checked against `n (n - 1) / 2` before anything is measured).
//!
//! Rows: `pygen` (recursive `yield_from!(walk(child).boxed_local())`, pinned at the top,
//! folded), `pygen-for` (the same generator owned, read by a `for` loop), `recursive-vec` (a
//! recursive function pushing into a `Vec`, then summed), `hand-stack` (a hand-written
//! in-order iterator with an explicit stack), `gen` (nightly rustc only: `gen` blocks
//! recursing through `Box<dyn Iterator>`), `async-stream` (`stream!` recursing through
//! `Pin<Box<dyn Stream>>`, read through the no-op-waker adapter), `genawaiter-rc`
//! (`rc::Gen` over a boxed producer future, re-yielding the subtrees).
//!
//! Modes: `list`, `check`, `measure W1 W2` (every row walks the tree W1 then W2 times inside
//! `measured_cell`: the difference of the instruction counts is W2 - W1 walks, construction
//! excluded), `time [REPS]` (ns per node, the minimum over REPS walks), `alloc` (heap
//! allocations and bytes per node, by a counting global allocator). `--nodes N` (default
//! 100,000), `--rows a,b`.

#![cfg_attr(pygen_nightly, feature(gen_blocks))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::process::exit;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use async_stream::stream;
use futures::Stream;
use pygen::prelude::*;

#[cfg(pygen_nightly)]
mod nightly;

/// Counts allocations while `COUNTING` is set (the `alloc` mode); otherwise one relaxed load
/// and a branch per allocation, for every row alike.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; the bookkeeping neither
// allocates nor touches the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
            BYTES.fetch_add(layout.size(), Relaxed);
        }
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
            BYTES.fetch_add(new_size, Relaxed);
        }
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A node of the tree (Python's `Tree(left, value, right)`).
pub(crate) struct Tree {
    pub(crate) left: Option<Box<Tree>>,
    pub(crate) value: u64,
    pub(crate) right: Option<Box<Tree>>,
}

/// Python's `tree(input)` over `input = range(lo, hi)`: the middle element at the root, the
/// halves below it.
fn tree(lo: u64, hi: u64) -> Option<Box<Tree>> {
    let n = hi - lo;
    if n == 0 {
        return None;
    }
    let i = lo + n / 2;
    Some(Box::new(Tree {
        left: tree(lo, i),
        value: i,
        right: tree(i + 1, hi),
    }))
}

#[inline(always)]
pub(crate) fn eat(acc: u64, item: u64) -> u64 {
    acc.wrapping_add(black_box(item))
}

// --- the rows ---------------------------------------------------------------------------

/// Python's `Tree.__iter__`.
#[generator(yield = u64)]
fn walk(t: &Tree) {
    if let Some(left) = &t.left {
        yield_from!(walk(left).boxed_local());
    }
    yield_!(t.value);
    if let Some(right) = &t.right {
        yield_from!(walk(right).boxed_local());
    }
}

#[inline(never)]
fn pygen(t: &Tree) -> u64 {
    pin!(walk(t)).fold(0, eat)
}

#[inline(never)]
fn pygen_for(t: &Tree) -> u64 {
    let mut acc = 0;
    for x in walk(t) {
        acc = eat(acc, x);
    }
    acc
}

fn push_in_order(t: &Tree, out: &mut Vec<u64>) {
    if let Some(left) = &t.left {
        push_in_order(left, out);
    }
    out.push(t.value);
    if let Some(right) = &t.right {
        push_in_order(right, out);
    }
}

#[inline(never)]
fn recursive_vec(t: &Tree) -> u64 {
    let mut out = Vec::new();
    push_in_order(t, &mut out);
    out.into_iter().fold(0, eat)
}

/// The in-order walk as a hand-written iterator: the path of nodes whose value is still to
/// come, on an explicit stack.
struct InOrder<'a> {
    stack: Vec<&'a Tree>,
}

impl<'a> InOrder<'a> {
    fn new(t: &'a Tree) -> Self {
        let mut it = InOrder { stack: Vec::new() };
        it.push_left(t);
        it
    }

    #[inline]
    fn push_left(&mut self, mut t: &'a Tree) {
        loop {
            self.stack.push(t);
            match &t.left {
                Some(left) => t = left,
                None => return,
            }
        }
    }
}

impl Iterator for InOrder<'_> {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        let t = self.stack.pop()?;
        if let Some(right) = &t.right {
            self.push_left(right);
        }
        Some(t.value)
    }
}

#[inline(never)]
fn hand_stack(t: &Tree) -> u64 {
    InOrder::new(t).fold(0, eat)
}

fn walk_stream(t: &Tree) -> Pin<Box<dyn Stream<Item = u64> + '_>> {
    Box::pin(stream! {
        if let Some(left) = &t.left {
            for await x in walk_stream(left) {
                yield x;
            }
        }
        yield t.value;
        if let Some(right) = &t.right {
            for await x in walk_stream(right) {
                yield x;
            }
        }
    })
}

/// A `Stream` that never waits, read as an `Iterator` (a no-op waker; as in `shapes`).
struct PollIter<S>(S);

impl<S: Stream + Unpin> Iterator for PollIter<S> {
    type Item = S::Item;

    #[inline]
    fn next(&mut self) -> Option<S::Item> {
        match Pin::new(&mut self.0).poll_next(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(item) => item,
            Poll::Pending => panic!("the stream waited"),
        }
    }
}

#[inline(never)]
fn async_stream_row(t: &Tree) -> u64 {
    PollIter(walk_stream(t)).fold(0, eat)
}

/// genawaiter's `rc` flavour: a recursive producer needs its future boxed (its type would
/// contain itself), so each level is `rc::Gen<u64, (), Pin<Box<dyn Future>>>`, re-yielding
/// the subtrees' generators, read as iterators.
type BoxedProducer<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

fn walk_genawaiter(t: &Tree) -> genawaiter::rc::Gen<u64, (), BoxedProducer<'_>> {
    genawaiter::rc::Gen::new(move |co| {
        Box::pin(async move {
            if let Some(left) = &t.left {
                for x in walk_genawaiter(left) {
                    co.yield_(x).await;
                }
            }
            co.yield_(t.value).await;
            if let Some(right) = &t.right {
                for x in walk_genawaiter(right) {
                    co.yield_(x).await;
                }
            }
        }) as BoxedProducer<'_>
    })
}

#[inline(never)]
fn genawaiter_row(t: &Tree) -> u64 {
    walk_genawaiter(t).into_iter().fold(0, eat)
}

type RowFn = fn(&Tree) -> u64;

fn rows() -> Vec<(&'static str, RowFn)> {
    let mut rows: Vec<(&'static str, RowFn)> = vec![
        ("hand-stack", hand_stack),
        ("recursive-vec", recursive_vec),
        ("pygen", pygen),
        ("pygen-for", pygen_for),
    ];
    #[cfg(pygen_nightly)]
    rows.push(("gen", nightly::gen_row));
    rows.push(("async-stream", async_stream_row));
    rows.push(("genawaiter-rc", genawaiter_row));
    rows
}

/// The one function `scripts/cells.sh` collects instructions in: `walks` walks of the tree.
#[inline(never)]
fn measured_cell(f: RowFn, t: &Tree, walks: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..walks {
        sum = sum.wrapping_add(f(black_box(t)));
    }
    black_box(&sum);
    sum
}

fn main() {
    let mut positional = Vec::new();
    let mut nodes = 100_000u64;
    let mut keep: Option<Vec<String>> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--nodes" => nodes = args.next().and_then(|v| v.parse().ok()).unwrap_or(nodes),
            "--rows" => {
                keep = args
                    .next()
                    .map(|v| v.split(',').map(str::to_owned).collect())
            }
            "--workloads" | "--consumers" => {
                args.next();
            }
            "--bench" => {}
            _ => positional.push(a),
        }
    }
    #[cfg(not(pygen_nightly))]
    eprintln!("SKIPPED gen: nightly `gen` blocks need a nightly rustc");
    let rows: Vec<_> = rows()
        .into_iter()
        .filter(|(id, _)| keep.as_ref().is_none_or(|k| k.iter().any(|x| x == id)))
        .collect();
    let root = tree(0, nodes).expect("at least one node");
    let want = (0..nodes).fold(0u64, u64::wrapping_add);
    let check = |id: &str, f: RowFn| {
        for n in [1, 2, 3, 10, 1000] {
            let small = tree(0, n).unwrap();
            let (got, want) = (f(&small), n * (n - 1) / 2);
            if got != want {
                eprintln!("error: {id} on a tree of {n} nodes: checksum {got}, expected {want}");
                exit(1);
            }
        }
        let got = f(&root);
        if got != want {
            eprintln!("error: {id} on the tree of {nodes} nodes: checksum {got}, expected {want}");
            exit(1);
        }
    };
    let number = |i: usize, d: u64| positional.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    match positional.first().map(String::as_str) {
        Some("list") => rows.iter().for_each(|(id, _)| println!("{id} tree walk")),
        Some("check") | None => {
            rows.iter().for_each(|&(id, f)| check(id, f));
            println!("checked {} rows on a tree of {nodes} nodes", rows.len());
        }
        Some("measure") => {
            let (w1, w2) = (number(1, 1).max(1), number(2, 2));
            for &(id, f) in &rows {
                check(id, f);
                for walks in [w1, w2] {
                    let got = measured_cell(f, &root, walks);
                    if got != want.wrapping_mul(walks) {
                        eprintln!("error: {id}: {got} after {walks} walks");
                        exit(1);
                    }
                    println!("{id} tree walk {} {got}", walks * nodes);
                }
            }
        }
        Some("time") => {
            let reps = number(1, 20);
            for &(id, f) in &rows {
                check(id, f);
                let best = (0..reps)
                    .map(|_| {
                        let t = Instant::now();
                        black_box(measured_cell(f, &root, 1));
                        t.elapsed().as_nanos() as f64
                    })
                    .fold(f64::INFINITY, f64::min);
                println!("{id} {:.2}", best / nodes as f64);
            }
        }
        Some("alloc") => {
            for &(id, f) in &rows {
                check(id, f);
                COUNTING.store(true, Relaxed);
                let (a, b) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
                black_box(f(&root));
                let (a, b) = (ALLOCATIONS.load(Relaxed) - a, BYTES.load(Relaxed) - b);
                COUNTING.store(false, Relaxed);
                println!(
                    "{id} {:.4} {:.2}",
                    a as f64 / nodes as f64,
                    b as f64 / nodes as f64
                );
            }
        }
        Some(other) => {
            eprintln!(
                "usage: tree [list | check | measure W1 W2 | time [REPS] | alloc] [--nodes N] [--rows a,b] (got {other:?})"
            );
            exit(2);
        }
    }
}
