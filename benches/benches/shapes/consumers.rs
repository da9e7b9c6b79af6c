//! The consumers: generic functions the way a library writes them (`fn total(it: impl
//! Iterator<Item = u64>) -> u64`), each `#[inline(never)]` because each is where a library
//! boundary would be. Every row hands its generator to every one of them, so the same
//! generator type is consumed from a dozen places in one binary and LLVM decides at each one
//! whether the resume path is inlined.
//!
//! Every consumer returns a checksum of what it read; `shapes.rs` compares it with the
//! hand-written iterator's before measuring anything.

use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll};

use futures::{Stream, StreamExt};

/// One way of consuming a generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Consumer {
    /// `it.fold(0, eat)`: internal iteration (`sum`, `for_each`, `count` are built on it).
    Fold,
    /// `for x in it { acc = eat(acc, x) }`: external iteration, one `next()` per item.
    For,
    /// `it.take(k).fold(..)`, `k` half the items: a prefix; the generator is dropped unfinished.
    Take,
    /// `it.filter(..).map(..).fold(..)`: an adapter chain.
    FilterMap,
    /// `while let Some(x) = it.next()` on `&mut I`: a hand-driven loop (a parser's loop).
    Next,
    /// Two `next()` calls per turn of the loop (a tokenizer reading pairs): two call sites.
    Pairs,
    /// `it.collect::<Vec<_>>()`, then the sum of the vector.
    Collect,
    /// `a.zip(b)` of two generators of the same function: two resumes per turn.
    Zip,
    /// `for x in a.chain(b)`.
    Chain,
    /// `it.max()`.
    Max,
    /// `it.by_ref().take(k).fold(..)`, then the rest of `it`: a header, then a body.
    ByRef,
    /// `next()` behind an `#[inline(never)]` function, in a loop: the out-of-line resume cost.
    NextOutOfLine,
    /// `send`: a loop sending one value per turn.
    SendLoop,
    /// `send`: `(0..n).map(|i| send(..)).fold(..)`.
    SendMap,
    /// `send`: the answers collected into a `Vec`, then summed.
    SendCollect,
    /// `send`: two sends per turn of the loop (two call sites).
    SendPairs,
    /// `send`: two generators fed in turn.
    SendTwo,
    /// `send`: each send through an `#[inline(never)]` function.
    SendOutOfLine,
}

impl Consumer {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Consumer::Fold => "fold",
            Consumer::For => "for",
            Consumer::Take => "take",
            Consumer::FilterMap => "filter_map",
            Consumer::Next => "next",
            Consumer::Pairs => "pairs",
            Consumer::Collect => "collect",
            Consumer::Zip => "zip",
            Consumer::Chain => "chain",
            Consumer::Max => "max",
            Consumer::ByRef => "by_ref",
            Consumer::NextOutOfLine => "next_ool",
            Consumer::SendLoop => "loop",
            Consumer::SendMap => "map",
            Consumer::SendCollect => "collect",
            Consumer::SendPairs => "pairs",
            Consumer::SendTwo => "two",
            Consumer::SendOutOfLine => "send_ool",
        }
    }

    /// How many items the consumer reads from generators of `items` items each, given the
    /// `take` count `k`.
    pub(crate) fn items(self, items: u64, k: u64) -> u64 {
        match self {
            Consumer::Take => k,
            Consumer::Zip | Consumer::Chain | Consumer::SendTwo => 2 * items,
            _ => items,
        }
    }
}

/// The consumer's per-item work, the same for every row (as in the isolated benchmarks).
#[inline(always)]
pub(crate) fn eat(acc: u64, item: u64) -> u64 {
    acc.wrapping_add(black_box(item))
}

#[inline(always)]
fn eat_f64(acc: f64, item: f64) -> f64 {
    acc + black_box(item)
}

/// The value sent in at step `i` of `send` (the isolated benchmark's).
#[inline(always)]
fn send_value(i: u64) -> f64 {
    (i % 1024) as f64
}

#[inline(always)]
fn keep(x: &u64) -> bool {
    x % 3 != 1
}

#[inline(always)]
fn scramble(x: u64) -> u64 {
    x ^ (x >> 3)
}

// --- iterators -----------------------------------------------------------------------

#[inline(never)]
pub(crate) fn fold<I: Iterator<Item = u64>>(it: I) -> u64 {
    it.fold(0, eat)
}

#[inline(never)]
pub(crate) fn for_loop<I: Iterator<Item = u64>>(it: I) -> u64 {
    let mut acc = 0;
    for x in it {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
pub(crate) fn take<I: Iterator<Item = u64>>(it: I, k: u64) -> u64 {
    it.take(k as usize).fold(0, eat)
}

#[inline(never)]
pub(crate) fn filter_map<I: Iterator<Item = u64>>(it: I) -> u64 {
    it.filter(keep).map(scramble).fold(0, eat)
}

#[inline(never)]
#[allow(
    clippy::while_let_on_iterator,
    reason = "the shape measured: a hand-driven loop"
)]
pub(crate) fn next_loop<I: Iterator<Item = u64>>(it: &mut I) -> u64 {
    let mut acc = 0;
    while let Some(x) = it.next() {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
pub(crate) fn pairs<I: Iterator<Item = u64>>(mut it: I) -> u64 {
    let mut acc = 0;
    while let Some(a) = it.next() {
        acc = eat(acc, a);
        let Some(b) = it.next() else { break };
        acc = eat(acc, b.rotate_left(1));
    }
    acc
}

#[inline(never)]
pub(crate) fn collect<I: Iterator<Item = u64>>(it: I) -> u64 {
    let v: Vec<u64> = it.collect();
    v.iter().fold(v.len() as u64, |a, &x| a.wrapping_add(x))
}

#[inline(never)]
pub(crate) fn zip<A: Iterator<Item = u64>, B: Iterator<Item = u64>>(a: A, b: B) -> u64 {
    a.zip(b)
        .fold(0, |acc, (x, y)| eat(acc, x.wrapping_add(y.rotate_left(7))))
}

#[inline(never)]
pub(crate) fn chain<A: Iterator<Item = u64>, B: Iterator<Item = u64>>(a: A, b: B) -> u64 {
    let mut acc = 0;
    for x in a.chain(b) {
        acc = eat(acc, x);
    }
    acc
}

#[inline(never)]
pub(crate) fn max<I: Iterator<Item = u64>>(it: I) -> u64 {
    it.max().unwrap_or(u64::MAX)
}

#[inline(never)]
pub(crate) fn by_ref<I: Iterator<Item = u64>>(mut it: I, k: u64) -> u64 {
    let head = it.by_ref().take(k as usize).fold(0, eat);
    it.fold(head.rotate_left(1), eat)
}

/// `next()` as a function call the optimizer may not inline.
#[inline(never)]
fn next_of<I: Iterator>(it: &mut I) -> Option<I::Item> {
    it.next()
}

#[inline(never)]
pub(crate) fn next_out_of_line<I: Iterator<Item = u64>>(mut it: I) -> u64 {
    let mut acc = 0;
    while let Some(x) = next_of(&mut it) {
        acc = eat(acc, x);
    }
    acc
}

// --- send: a function that takes the value in and hands the answer back --------------

#[inline(never)]
pub(crate) fn send_loop<S: FnMut(f64) -> f64>(mut send: S, n: u64) -> u64 {
    let mut acc = 0.0;
    for i in 0..n {
        acc = eat_f64(acc, send(send_value(i)));
    }
    acc.to_bits()
}

#[inline(never)]
pub(crate) fn send_map<S: FnMut(f64) -> f64>(mut send: S, n: u64) -> u64 {
    (0..n)
        .map(|i| send(send_value(i)))
        .fold(0.0, eat_f64)
        .to_bits()
}

#[inline(never)]
pub(crate) fn send_collect<S: FnMut(f64) -> f64>(mut send: S, n: u64) -> u64 {
    let v: Vec<f64> = (0..n).map(|i| send(send_value(i))).collect();
    v.iter().sum::<f64>().to_bits()
}

#[inline(never)]
pub(crate) fn send_pairs<S: FnMut(f64) -> f64>(mut send: S, n: u64) -> u64 {
    let mut acc = 0.0;
    let mut i = 0;
    while i + 1 < n {
        acc = eat_f64(acc, send(send_value(i)));
        acc = eat_f64(acc, 2.0 * send(send_value(i + 1)));
        i += 2;
    }
    if i < n {
        acc = eat_f64(acc, send(send_value(i)));
    }
    acc.to_bits()
}

#[inline(never)]
pub(crate) fn send_two<A: FnMut(f64) -> f64, B: FnMut(f64) -> f64>(
    mut a: A,
    mut b: B,
    n: u64,
) -> u64 {
    let mut acc = 0.0;
    for i in 0..n {
        acc = eat_f64(acc, a(send_value(i)));
        acc = eat_f64(acc, 0.5 * b(send_value(i + 7)));
    }
    acc.to_bits()
}

#[inline(never)]
fn send_of<S: FnMut(f64) -> f64>(send: &mut S, v: f64) -> f64 {
    send(v)
}

#[inline(never)]
pub(crate) fn send_out_of_line<S: FnMut(f64) -> f64>(mut send: S, n: u64) -> u64 {
    let mut acc = 0.0;
    for i in 0..n {
        acc = eat_f64(acc, send_of(&mut send, send_value(i)));
    }
    acc.to_bits()
}

// --- streams: the same shapes under an executor --------------------------------------
//
// Each takes the stream by value and pins it itself where it needs to, the way generic
// library code over `S: Stream` does; `block_on` is `futures::executor::block_on`.

fn block_on<F: Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
}

#[inline(never)]
pub(crate) fn s_fold<S: Stream<Item = u64>>(s: S) -> u64 {
    block_on(s.fold(0, |acc, x| std::future::ready(eat(acc, x))))
}

#[inline(never)]
pub(crate) fn s_for<S: Stream<Item = u64>>(s: S) -> u64 {
    block_on(async {
        let mut s = pin!(s);
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}

#[inline(never)]
pub(crate) fn s_take<S: Stream<Item = u64>>(s: S, k: u64) -> u64 {
    block_on(
        s.take(k as usize)
            .fold(0, |acc, x| std::future::ready(eat(acc, x))),
    )
}

#[inline(never)]
pub(crate) fn s_filter_map<S: Stream<Item = u64>>(s: S) -> u64 {
    block_on(
        s.filter(|x| std::future::ready(keep(x)))
            .map(scramble)
            .fold(0, |acc, x| std::future::ready(eat(acc, x))),
    )
}

#[inline(never)]
pub(crate) fn s_pairs<S: Stream<Item = u64>>(s: S) -> u64 {
    block_on(async {
        let mut s = pin!(s);
        let mut acc = 0;
        while let Some(a) = s.next().await {
            acc = eat(acc, a);
            let Some(b) = s.next().await else { break };
            acc = eat(acc, b.rotate_left(1));
        }
        acc
    })
}

#[inline(never)]
pub(crate) fn s_collect<S: Stream<Item = u64>>(s: S) -> u64 {
    let v: Vec<u64> = block_on(s.collect());
    v.iter().fold(v.len() as u64, |a, &x| a.wrapping_add(x))
}

#[inline(never)]
pub(crate) fn s_zip<A: Stream<Item = u64>, B: Stream<Item = u64>>(a: A, b: B) -> u64 {
    block_on(a.zip(b).fold(0, |acc, (x, y)| {
        std::future::ready(eat(acc, x.wrapping_add(y.rotate_left(7))))
    }))
}

#[inline(never)]
pub(crate) fn s_chain<A: Stream<Item = u64>, B: Stream<Item = u64>>(a: A, b: B) -> u64 {
    block_on(async {
        let mut s = pin!(a.chain(b));
        let mut acc = 0;
        while let Some(x) = s.next().await {
            acc = eat(acc, x);
        }
        acc
    })
}

#[inline(never)]
pub(crate) fn s_by_ref<S: Stream<Item = u64>>(s: S, k: u64) -> u64 {
    block_on(async {
        let mut s = pin!(s);
        let head = s
            .by_ref()
            .take(k as usize)
            .fold(0, |acc, x| std::future::ready(eat(acc, x)))
            .await;
        s.fold(head.rotate_left(1), |acc, x| {
            std::future::ready(eat(acc, x))
        })
        .await
    })
}

/// `poll_next` as a function call the optimizer may not inline.
#[inline(never)]
fn poll_next_of<S: Stream + Unpin>(s: &mut S, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
    s.poll_next_unpin(cx)
}

#[inline(never)]
pub(crate) fn s_next_out_of_line<S: Stream<Item = u64>>(s: S) -> u64 {
    block_on(async {
        let mut s = pin!(s);
        let mut acc = 0;
        while let Some(x) = std::future::poll_fn(|cx| poll_next_of(&mut s, cx)).await {
            acc = eat(acc, x);
        }
        acc
    })
}
