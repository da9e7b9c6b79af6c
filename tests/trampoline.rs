//! Trampolined delegation (`gen-core/src/chain.rs`): a recursion of `yield_from!`s of boxed
//! generators is resumed at its innermost level by the outermost delegation. These tests check
//! that nothing observable changes: the same items, return values and resume values as a
//! level-by-level delegation would give, at any depth and through every kind of delegation in
//! between (by value, pinned, foreign generators); the same drops, in the same order, exactly
//! once, on completion, `close()`, drop and panics; wrappers around a delegation still see
//! every poll; chains survive being driven directly, delegated to, taken apart and moved to
//! another thread. Misuse of the hidden `Delegate::__delegate_direct` must stay memory-safe.

mod tracking;
mod yield_now;

use futures::{FutureExt, StreamExt};
use proptest::prelude::*;
use proptest::test_runner::Config;
use pygen::delegate::{Delegate, FromGenerator};
use pygen::prelude::*;
use pygen::{BoxGen, LocalBoxGen, Status};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tracking::{Tracked, Tracker, expect_panic};
use yield_now::YieldNow;

// ---------------------------------------------------------------------------------------
// Shared helpers.
// ---------------------------------------------------------------------------------------

/// The depths every parity test runs at: the number of boxed delegations between the
/// generator driven and the innermost one. Miri, about a thousand times slower, goes less
/// deep.
const DEPTHS: [u32; 6] = if cfg!(miri) {
    [1, 2, 3, 5, 10, 20]
} else {
    [1, 2, 3, 10, 100, 1000]
};

/// `full`, or `miri` under Miri (about a thousand times slower).
fn lighter<T>(full: Vec<T>, miri: Vec<T>) -> Vec<T> {
    if cfg!(miri) { miri } else { full }
}

/// Runs `f` on a thread with a big stack: the first descent of a chain is a nested poll per
/// level, and dropping a chain recurses as deep (a few KiB per level in a debug build, more
/// under AddressSanitizer); 1000 levels do not fit the 2 MiB of a test thread. The stack is
/// only reserved address space.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("deep chain".into())
        .stack_size(1 << 30)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
}

/// The item a level yields: `level`'s `k`-th yield. Unique per level and position.
fn item(level: u32, k: u32) -> u64 {
    u64::from(level) * 10 + u64::from(k)
}

/// What [`chain`] yields and returns, level by level, written as a plain recursion.
fn chain_reference(level: u32, out: &mut Vec<u64>) -> u64 {
    out.push(item(level, 1));
    let below = if level > 0 {
        chain_reference(level - 1, out)
    } else {
        out.extend([item(0, 3), item(0, 4), item(0, 5)]);
        0
    };
    out.push(item(level, 2));
    below + u64::from(level)
}

fn chain_expected(depth: u32) -> (Vec<u64>, u64) {
    let mut items = Vec::new();
    let ret = chain_reference(depth, &mut items);
    (items, ret)
}

/// A recursion of `depth` boxed delegations: each level yields before and after its child,
/// the innermost one yields three items in a row, and each returns its child's return value
/// plus its own level (so the top returns `depth * (depth + 1) / 2`).
#[generator(yield = u64)]
fn chain(level: u32) -> u64 {
    yield_!(item(level, 1));
    let below = if level > 0 {
        yield_from!(chain(level - 1).boxed_local())
    } else {
        for k in 3..6 {
            yield_!(item(0, k));
        }
        0
    };
    yield_!(item(level, 2));
    below + u64::from(level)
}

/// [`chain`], `Send`, through `.boxed()`.
#[generator(yield = u64, send)]
fn chain_send(level: u32) -> u64 {
    yield_!(item(level, 1));
    let below = if level > 0 {
        yield_from!(chain_send(level - 1).boxed())
    } else {
        for k in 3..6 {
            yield_!(item(0, k));
        }
        0
    };
    yield_!(item(level, 2));
    below + u64::from(level)
}

/// [`chain`], boxed by the attribute: the fn returns a `LocalBoxGen`, and the recursive call
/// is delegated to as it is.
#[generator(yield = u64, boxed_local)]
fn chain_attr(level: u32) -> u64 {
    yield_!(item(level, 1));
    let below = if level > 0 {
        yield_from!(chain_attr(level - 1))
    } else {
        for k in 3..6 {
            yield_!(item(0, k));
        }
        0
    };
    yield_!(item(level, 2));
    below + u64::from(level)
}

/// Drives `g` to its end with `resume(())`, collecting the items and the return value.
fn run_to_end<G: Generator<Yield = u64, Return = u64> + Unpin>(mut g: G) -> (Vec<u64>, u64) {
    let mut items = Vec::new();
    loop {
        match Pin::new(&mut g).resume(()) {
            GeneratorState::Yielded(value) => items.push(value),
            GeneratorState::Complete(ret) => return (items, ret),
        }
    }
}

/// Drives a pinned generator to its end with `resume(())`.
fn run_pinned<G: Generator<Yield = u64, Return = u64>>(mut g: Pin<&mut G>) -> (Vec<u64>, u64) {
    let mut items = Vec::new();
    loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(value) => items.push(value),
            GeneratorState::Complete(ret) => return (items, ret),
        }
    }
}

// ---------------------------------------------------------------------------------------
// 1. Parity: the same items and return values at every depth.
// ---------------------------------------------------------------------------------------

#[test]
fn local_boxed_chains_yield_and_return_as_the_reference_at_every_depth() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let expected = chain_expected(depth);
            assert_eq!(expected.1, u64::from(depth) * u64::from(depth + 1) / 2);
            // The top driven pinned, owned, and itself boxed.
            assert_eq!(
                run_pinned(pin!(chain(depth))),
                expected,
                "pinned, depth {depth}"
            );
            assert_eq!(
                run_to_end(chain(depth).boxed_local()),
                expected,
                "boxed_local, depth {depth}"
            );
            // As an iterator: the items only; `sum` and `last` run it in place, unboxed.
            assert_eq!(
                chain(depth).collect::<Vec<_>>(),
                expected.0,
                "iterated, depth {depth}"
            );
            assert_eq!(chain(depth).sum::<u64>(), expected.0.iter().sum::<u64>());
            assert_eq!(chain(depth).last(), expected.0.last().copied());
        }
    });
}

#[test]
fn send_boxed_chains_yield_and_return_as_the_reference_at_every_depth() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let expected = chain_expected(depth);
            assert_eq!(
                run_pinned(pin!(chain_send(depth))),
                expected,
                "depth {depth}"
            );
            assert_eq!(
                run_to_end(chain_send(depth).boxed()),
                expected,
                "depth {depth}"
            );
            let boxed: BoxGen<'_, u64, (), u64> = BoxGen::new(chain_send(depth));
            assert_eq!(run_to_end(boxed), expected, "BoxGen::new, depth {depth}");
        }
    });
}

#[test]
fn chains_boxed_by_the_attribute_yield_and_return_as_the_reference() {
    on_big_stack(|| {
        for depth in DEPTHS {
            assert_eq!(
                run_to_end(chain_attr(depth)),
                chain_expected(depth),
                "depth {depth}"
            );
        }
    });
}

/// Each level returns the moment its child does, without yielding in between: the top
/// resumes one level after another in the same step, a thousand of them.
#[generator(yield = u64)]
fn returns_at_once(level: u32) -> u64 {
    if level == 0 {
        yield_!(7);
        return 1;
    }
    let below = yield_from!(returns_at_once(level - 1).boxed_local());
    below * 3 % 1_000_003 + u64::from(level)
}

#[test]
fn return_values_cascade_through_every_level_in_one_step() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let mut g = returns_at_once(depth);
            assert_eq!(g.resume(()), GeneratorState::Yielded(7));
            let expected = (1..=depth).fold(1u64, |below, level| {
                below * 3 % 1_000_003 + u64::from(level)
            });
            assert_eq!(
                g.resume(()),
                GeneratorState::Complete(expected),
                "depth {depth}"
            );
            assert!(g.is_complete());
        }
    });
}

/// A binary tree, for in-order walks (pyperformance's `bm_generators`).
#[derive(Clone, Debug)]
enum Tree {
    Leaf,
    Node(Box<Tree>, u32, Box<Tree>),
}

impl Tree {
    fn node(left: Tree, value: u32, right: Tree) -> Tree {
        Tree::Node(Box::new(left), value, Box::new(right))
    }

    fn is_node(&self) -> bool {
        matches!(self, Tree::Node(..))
    }
}

/// The in-order values and the number of nodes, as a plain recursion.
fn in_order_reference(tree: &Tree, out: &mut Vec<u32>) -> usize {
    match tree {
        Tree::Leaf => 0,
        Tree::Node(left, value, right) => {
            let a = in_order_reference(left, out);
            out.push(*value);
            a + 1 + in_order_reference(right, out)
        }
    }
}

/// In-order walk that delegates to every child, empty ones included (which return at
/// once); returns the number of nodes.
#[generator(yield = u32)]
fn in_order(tree: &Tree) -> usize {
    match tree {
        Tree::Leaf => 0,
        Tree::Node(left, value, right) => {
            let a = yield_from!(in_order(left).boxed_local());
            yield_!(*value);
            let b = yield_from!(in_order(right).boxed_local());
            a + 1 + b
        }
    }
}

/// In-order walk in `bm_generators`' style: `if self.left: yield from self.left`.
#[generator(yield = u32, send)]
fn in_order_guarded(tree: &Tree) -> usize {
    let mut count = 0;
    if let Tree::Node(left, value, right) = tree {
        if left.is_node() {
            count += yield_from!(in_order_guarded(left).boxed());
        }
        yield_!(*value);
        count += 1;
        if right.is_node() {
            count += yield_from!(in_order_guarded(right).boxed());
        }
    }
    count
}

fn collect_walk<G: Generator<Yield = u32, Return = usize>>(
    mut g: Pin<&mut G>,
) -> (Vec<u32>, usize) {
    let mut items = Vec::new();
    loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(value) => items.push(value),
            GeneratorState::Complete(count) => return (items, count),
        }
    }
}

/// Random trees, bushy and thin: a random subtree at the end of a spine of up to 200 nodes,
/// each hanging left or right of its parent (a degenerate tree is a deep chain).
fn arb_tree() -> impl Strategy<Value = Tree> {
    let bushy = Just(Tree::Leaf).prop_recursive(24, 200, 2, |inner| {
        (inner.clone(), any::<u32>(), inner).prop_map(|(l, v, r)| Tree::node(l, v, r))
    });
    (
        prop::collection::vec((any::<bool>(), any::<u32>()), 0..200),
        bushy,
    )
        .prop_map(|(spine, end)| {
            spine.into_iter().fold(end, |below, (left, value)| {
                if left {
                    Tree::node(below, value, Tree::Leaf)
                } else {
                    Tree::node(Tree::Leaf, value, below)
                }
            })
        })
}

fn tree_cases() -> u32 {
    std::env::var("PYGEN_TRAMPOLINE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if cfg!(miri) { 4 } else { 256 })
}

proptest! {
    #![proptest_config(Config { failure_persistence: None, ..Config::with_cases(tree_cases()) })]

    #[test]
    fn tree_walks_visit_random_trees_in_order(tree in arb_tree()) {
        let mut expected = Vec::new();
        let count = in_order_reference(&tree, &mut expected);
        prop_assert_eq!(collect_walk(pin!(in_order(&tree))), (expected.clone(), count));
        prop_assert_eq!(collect_walk(pin!(in_order_guarded(&tree))), (expected.clone(), count));
        // Boxed at the top too, and iterated.
        prop_assert_eq!(in_order(&tree).boxed_local().collect::<Vec<_>>(), expected);
    }
}

#[test]
fn a_tree_walk_of_a_complete_tree_visits_every_node_in_order() {
    fn complete(next: &mut u32, depth: u32) -> Tree {
        if depth == 0 {
            return Tree::Leaf;
        }
        let left = complete(next, depth - 1);
        let value = *next;
        *next += 1;
        Tree::node(left, value, complete(next, depth - 1))
    }
    let mut next = 0;
    let depth = if cfg!(miri) { 6 } else { 12 };
    let tree = complete(&mut next, depth); // in-order = 0, 1, 2, ...
    let (items, count) = collect_walk(pin!(in_order(&tree)));
    let nodes = (1 << depth) - 1;
    assert_eq!(count, nodes as usize);
    assert!(items.iter().copied().eq(0..nodes));
}

// ---------------------------------------------------------------------------------------
// 2. Resume values: each value sent at the top reaches the `yield_!` that produced the item
//    it answers, exactly once, in order, however deep that `yield_!` is.
// ---------------------------------------------------------------------------------------

/// `(item, value received for it)`, in the order the yields received them.
type SendLog = Arc<Mutex<Vec<(u32, u32)>>>;

fn note(log: &SendLog, item: u32, got: u32) -> u32 {
    log.lock().unwrap().push((item, got));
    got
}

/// A boxed recursion resumed with `u32`s: every yield logs the value it receives; each level
/// returns the sum of the values its subtree received.
#[generator(yield = u32, resume = u32)]
fn echo(level: u32, log: SendLog) -> u32 {
    let mut sum = note(&log, level * 10 + 1, yield_!(level * 10 + 1));
    if level > 0 {
        sum += yield_from!(echo(level - 1, log.clone()).boxed_local());
    } else {
        sum += note(&log, 3, yield_!(3));
    }
    sum + note(&log, level * 10 + 2, yield_!(level * 10 + 2))
}

/// [`echo`], `Send`, through `.boxed()`.
#[generator(yield = u32, resume = u32, send)]
fn echo_send(level: u32, log: SendLog) -> u32 {
    let mut sum = note(&log, level * 10 + 1, yield_!(level * 10 + 1));
    if level > 0 {
        sum += yield_from!(echo_send(level - 1, log.clone()).boxed());
    } else {
        sum += note(&log, 3, yield_!(3));
    }
    sum + note(&log, level * 10 + 2, yield_!(level * 10 + 2))
}

fn echo_items(depth: u32) -> Vec<u32> {
    let down = (0..=depth).rev().map(|level| level * 10 + 1);
    let up = (0..=depth).map(|level| level * 10 + 2);
    down.chain([3]).chain(up).collect()
}

/// The value a driver sends after its `n`-th item (0-based): distinct, not in order of size.
fn value_for(n: usize) -> u32 {
    (n as u32).wrapping_mul(2_654_435_761) % 1_000_003
}

/// What came out of a generator driven by [`drive_sends`].
#[derive(Debug, PartialEq)]
struct Sent {
    items: Vec<u32>,
    sent: Vec<u32>,
    ret: u32,
}

/// Drives `g` from its start to its end (`start()`, then `resume(value_for(n))` after the
/// `n`-th item), skipping the first `skip` values of [`value_for`].
fn drive_sends<G: Generator<u32, Yield = u32, Return = u32>>(
    mut g: Pin<&mut G>,
    skip: usize,
) -> Sent {
    let mut out = Sent {
        items: Vec::new(),
        sent: Vec::new(),
        ret: 0,
    };
    let mut state = g.as_mut().start();
    loop {
        match state {
            GeneratorState::Yielded(value) => {
                out.items.push(value);
                let v = value_for(skip + out.sent.len());
                out.sent.push(v);
                state = g.as_mut().resume(v);
            }
            GeneratorState::Complete(ret) => {
                out.ret = ret;
                return out;
            }
        }
    }
}

fn pairs(items: &[u32], sent: &[u32]) -> Vec<(u32, u32)> {
    items.iter().copied().zip(sent.iter().copied()).collect()
}

#[test]
fn values_sent_at_the_top_reach_the_innermost_level_once_and_in_order() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let log = SendLog::default();
            let out = drive_sends(pin!(echo(depth, log.clone())), 0);
            assert_eq!(out.items, echo_items(depth), "depth {depth}");
            assert_eq!(out.sent.len(), out.items.len());
            // Each value went to the yield of the item it answered, once, in order.
            assert_eq!(
                *log.lock().unwrap(),
                pairs(&out.items, &out.sent),
                "depth {depth}"
            );
            // Every level summed what it received: the top returns the sum of all of them.
            assert_eq!(out.ret, out.sent.iter().sum::<u32>(), "depth {depth}");
        }
    });
}

#[test]
fn values_sent_through_a_send_chain_reach_the_innermost_level_once_and_in_order() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let log = SendLog::default();
            let mut g = echo_send(depth, log.clone()).boxed();
            let out = drive_sends(Pin::new(&mut g), 0);
            assert_eq!(out.items, echo_items(depth), "depth {depth}");
            assert_eq!(
                *log.lock().unwrap(),
                pairs(&out.items, &out.sent),
                "depth {depth}"
            );
            assert_eq!(out.ret, out.sent.iter().sum::<u32>(), "depth {depth}");
        }
    });
}

/// A boxed recursion started and resumed a few times by hand, then delegated to with
/// `co.yield_from_started`: the value the outer body hands it is the one its pending `yield_!`
/// receives, and the rest of the values go on reaching the right yields.
#[test]
fn a_started_chain_delegated_to_with_yield_from_started_receives_every_value_once() {
    for (depth, steps) in [(3, 1), (3, 4), (10, 6), (10, 13), (10, 20)] {
        let log = SendLog::default();
        let mut sub = echo(depth, log.clone()).boxed_local();
        // Driven directly: its own chain runs `steps` items deep into the recursion.
        let mut direct = Sent {
            items: Vec::new(),
            sent: Vec::new(),
            ret: 0,
        };
        let mut state = sub.start();
        for n in 0..steps {
            let GeneratorState::Yielded(value) = state else {
                panic!("completed early")
            };
            direct.items.push(value);
            if n + 1 < steps {
                direct.sent.push(value_for(n));
                state = sub.resume(value_for(n));
            }
        }
        assert_eq!(sub.status(), Status::Suspended);
        // The outer generator yields a question of its own first, and hands the answer on.
        let outer = Gen::new(move |mut co: Co<u32, u32>| async move {
            let first = co.yield_(999).await;
            let ret = co.yield_from_started(sub, first).await;
            let last = co.yield_(1000).await;
            (ret, last)
        });
        let mut outer = pin!(outer);
        assert_eq!(outer.as_mut().start(), GeneratorState::Yielded(999));
        let mut items = Vec::new();
        let mut sent = vec![value_for(steps - 1)];
        let mut state = outer.as_mut().resume(value_for(steps - 1));
        let ret = loop {
            match state {
                GeneratorState::Yielded(value) => {
                    items.push(value);
                    let v = value_for(steps + sent.len());
                    sent.push(v);
                    state = outer.as_mut().resume(v);
                }
                GeneratorState::Complete(ret) => break ret,
            }
        };
        assert_eq!(items.pop(), Some(1000), "the outer body's last yield");
        let all_items: Vec<u32> = direct.items.iter().chain(&items).copied().collect();
        assert_eq!(all_items, echo_items(depth), "depth {depth}, {steps} steps");
        // Values: those sent directly, the one the outer body received for its 999 (handed
        // to the item pending when the delegation began), then the rest.
        let all_sent: Vec<u32> = direct.sent.iter().chain(&sent).copied().collect();
        assert_eq!(
            *log.lock().unwrap(),
            pairs(&all_items, &all_sent),
            "depth {depth}, {steps} steps"
        );
        let sub_sum: u32 = all_sent[..all_items.len()].iter().sum();
        assert_eq!(ret, (sub_sum, *sent.last().unwrap()));
    }
}

/// Python's `yield from` of a started generator resumes it with `None` first: `yield_from!`
/// does that with `()`. A started boxed recursion then goes on from where it was.
#[test]
fn a_started_chain_delegated_to_with_yield_from_goes_on_where_it_was() {
    for (depth, taken) in lighter(
        vec![(1, 1), (3, 2), (10, 5), (10, 11), (10, 19), (100, 150)],
        vec![(1, 1), (10, 11)],
    ) {
        let (expected, expected_ret) = chain_expected(depth);
        let mut sub = chain(depth).boxed_local();
        let first: Vec<u64> = sub.by_ref().take(taken).collect();
        let mut outer = gen_block!({
            let ret = yield_from!(sub);
            yield_!(ret + 1_000_000);
        });
        let rest: Vec<u64> = outer.by_ref().collect();
        let all: Vec<u64> = first.iter().chain(&rest).copied().collect();
        let mut reference = expected.clone();
        reference.push(expected_ret + 1_000_000);
        assert_eq!(all, reference, "depth {depth}, {taken} taken");
    }
}

/// With a resume type that is not `()`, `yield_from!` has no value to give a started
/// generator: the delegation panics (as documented), here while it joins a chain three
/// levels deep, and everything the generators hold is dropped once.
#[test]
fn yield_from_of_a_started_chain_with_values_to_send_panics_and_drops_everything_once() {
    #[generator(yield = Tracked, resume = u32)]
    fn levels(
        level: u32,
        t: Tracker,
        started: Rc<RefCell<Option<LocalBoxGen<'static, Tracked, u32, u32>>>>,
    ) -> u32 {
        let _local = t.make();
        yield_!(t.make());
        if level > 0 {
            yield_from!(levels(level - 1, t, started).boxed_local())
        } else {
            let sub = started.borrow_mut().take().unwrap();
            yield_from!(sub)
        }
    }
    #[generator(yield = Tracked, resume = u32)]
    fn leaf(t: Tracker) -> u32 {
        let _local = t.make();
        yield_!(t.make());
        yield_!(t.make());
        1
    }
    let t = Tracker::new();
    let mut sub = leaf(t).boxed_local();
    drop(sub.start());
    let started = Rc::new(RefCell::new(Some(sub)));
    let mut g = pin!(levels(3, t, started));
    drop(g.as_mut().start());
    for _ in 0..3 {
        drop(g.as_mut().resume(0));
    }
    let message = expect_panic(|| g.as_mut().resume(0));
    assert!(message.contains("started"), "{message}");
    assert!(g.is_complete());
    // leaf: local + 1 yield; 4 levels: local + 1 yield each.
    t.assert_exact(2 + 4 * 2);
}

// ---------------------------------------------------------------------------------------
// 3. Mixed chains: boxed -> by value -> boxed -> pinned -> boxed -> foreign -> boxed.
// ---------------------------------------------------------------------------------------

/// A generator of another crate: forwards to the generator it wraps. pygen cannot poll its
/// body in place, so it is resumed by a re-yield loop, and the delegations inside it start
/// chains of their own.
struct Foreign<G>(G);

impl<G: Generator<u32> + Unpin> Generator<u32> for Foreign<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(mut self: Pin<&mut Self>, arg: u32) -> GeneratorState<G::Yield, G::Return> {
        Pin::new(&mut self.0).resume(arg)
    }

    fn start(mut self: Pin<&mut Self>) -> GeneratorState<G::Yield, G::Return> {
        Pin::new(&mut self.0).start()
    }

    fn is_complete(&self) -> bool {
        self.0.is_complete()
    }

    fn status(&self) -> Status {
        self.0.status()
    }

    fn close(mut self: Pin<&mut Self>) {
        Pin::new(&mut self.0).close()
    }
}

/// How the foreign level of [`mixed`] is delegated to.
#[derive(Clone, Copy, Debug)]
enum ForeignVia {
    /// `yield_from!(LocalBoxGen::new(Foreign(..)))`: a boxed generator that is not pygen's.
    Boxed,
    /// `yield_from!(FromGenerator::new(Foreign(..)))`.
    FromGenerator,
}

/// The items level `n` of [`mixed`] yields: before and after its sub-generator.
fn mixed_item(n: u32, k: u32) -> u32 {
    10_000 + n * 100 + k
}

/// Level 1 (boxed) of a chain through every kind of delegation, down to an [`echo`]
/// recursion of `depth` levels. Every level logs the values it receives and returns their
/// sum plus its sub-generator's.
#[generator(yield = u32, resume = u32)]
fn mixed1(log: SendLog, depth: u32, via: ForeignVia) -> u32 {
    let before = note(&log, mixed_item(1, 1), yield_!(mixed_item(1, 1)));
    let below = yield_from!(mixed2(log.clone(), depth, via)); // by value: inline
    before + below + note(&log, mixed_item(1, 2), yield_!(mixed_item(1, 2)))
}

#[generator(yield = u32, resume = u32)]
fn mixed2(log: SendLog, depth: u32, via: ForeignVia) -> u32 {
    let before = note(&log, mixed_item(2, 1), yield_!(mixed_item(2, 1)));
    // A boxed delegation in a generator delegated to in place: the top of a chain of its own.
    let below = yield_from!(mixed3(log.clone(), depth, via).boxed_local());
    before + below + note(&log, mixed_item(2, 2), yield_!(mixed_item(2, 2)))
}

#[generator(yield = u32, resume = u32)]
fn mixed3(log: SendLog, depth: u32, via: ForeignVia) -> u32 {
    let before = note(&log, mixed_item(3, 1), yield_!(mixed_item(3, 1)));
    let mut pinned = pin!(mixed4(log.clone(), depth, via));
    let below = yield_from!(pinned.as_mut()); // pinned: in place
    assert!(pinned.is_complete());
    before + below + note(&log, mixed_item(3, 2), yield_!(mixed_item(3, 2)))
}

#[generator(yield = u32, resume = u32)]
fn mixed4(log: SendLog, depth: u32, via: ForeignVia) -> u32 {
    let before = note(&log, mixed_item(4, 1), yield_!(mixed_item(4, 1)));
    let below = yield_from!(mixed5(log.clone(), depth, via).boxed_local());
    before + below + note(&log, mixed_item(4, 2), yield_!(mixed_item(4, 2)))
}

#[generator(yield = u32, resume = u32)]
fn mixed5(log: SendLog, depth: u32, via: ForeignVia) -> u32 {
    let before = note(&log, mixed_item(5, 1), yield_!(mixed_item(5, 1)));
    let foreign = Foreign(mixed6(log.clone(), depth).boxed_local());
    let below = match via {
        ForeignVia::Boxed => yield_from!(LocalBoxGen::new(foreign)),
        ForeignVia::FromGenerator => yield_from!(FromGenerator::new(foreign)),
    };
    before + below + note(&log, mixed_item(5, 2), yield_!(mixed_item(5, 2)))
}

/// Resumed by the foreign generator with a slot of its own: its delegation is a new top.
#[generator(yield = u32, resume = u32)]
fn mixed6(log: SendLog, depth: u32) -> u32 {
    let before = note(&log, mixed_item(6, 1), yield_!(mixed_item(6, 1)));
    let below = yield_from!(echo(depth, log.clone()).boxed_local());
    before + below + note(&log, mixed_item(6, 2), yield_!(mixed_item(6, 2)))
}

fn mixed_items(depth: u32) -> Vec<u32> {
    let down = (1..=6).map(|n| mixed_item(n, 1));
    let up = (1..=6).rev().map(|n| mixed_item(n, 2));
    down.chain(echo_items(depth)).chain(up).collect()
}

#[test]
fn a_mixed_chain_yields_returns_and_receives_every_value_once() {
    on_big_stack(|| {
        for via in [ForeignVia::Boxed, ForeignVia::FromGenerator] {
            for depth in lighter(vec![0, 1, 3, 100], vec![0, 3]) {
                let log = SendLog::default();
                // The top, itself boxed and delegated to from a boxed recursion: the chain
                // starts three boxed levels above it.
                let top = mixed1(log.clone(), depth, via).boxed_local();
                let mut g = wrap_in(3, top);
                let out = drive_sends(Pin::new(&mut g), 0);
                let mut expected = mixed_items(depth);
                expected.splice(0..0, [wrap_item(3), wrap_item(2), wrap_item(1)]);
                expected.extend([wrap_item(1), wrap_item(2), wrap_item(3)]);
                assert_eq!(out.items, expected, "{via:?}, depth {depth}");
                // Every value went to the yield of the item it answered (the wrapping levels
                // log nothing, and their values are not counted).
                let logged = log.lock().unwrap().clone();
                let inner: Vec<(u32, u32)> = pairs(&out.items, &out.sent)
                    .into_iter()
                    .filter(|&(item, _)| item < 1_000_000)
                    .collect();
                assert_eq!(logged, inner, "{via:?}, depth {depth}");
                let inner_sum: u32 = inner.iter().map(|&(_, v)| v).sum();
                assert_eq!(out.ret, inner_sum, "{via:?}, depth {depth}");
            }
        }
    });
}

fn wrap_item(level: u32) -> u32 {
    1_000_000 + level
}

/// `levels` boxed levels around `inner`, each yielding one item before and after it (and
/// ignoring the values those receive): a chain of members above `inner`.
fn wrap_in(
    levels: u32,
    inner: LocalBoxGen<'static, u32, u32, u32>,
) -> LocalBoxGen<'static, u32, u32, u32> {
    #[generator(yield = u32, resume = u32)]
    fn wrapper(level: u32, inner: LocalBoxGen<'static, u32, u32, u32>) -> u32 {
        yield_!(wrap_item(level));
        let ret = if level > 1 {
            yield_from!(wrapper(level - 1, inner).boxed_local())
        } else {
            yield_from!(inner)
        };
        yield_!(wrap_item(level));
        ret
    }
    wrapper(levels, inner).boxed_local()
}

// ---------------------------------------------------------------------------------------
// 4. Drops: innermost level first, every value exactly once.
// ---------------------------------------------------------------------------------------

/// Level numbers in the order their guards dropped, and whether a panic was unwinding then.
type DropLog = Rc<RefCell<Vec<(u32, bool)>>>;

/// Logs its level when dropped: a Python `finally:` in each level.
struct Guard(u32, DropLog);

impl Drop for Guard {
    fn drop(&mut self) {
        self.1.borrow_mut().push((self.0, std::thread::panicking()));
    }
}

/// A boxed recursion of tracked values: each level holds a guard, a local, the last value it
/// was resumed with, and yields a tracked value before and after its child; the innermost
/// level yields `leaf_items` values and panics if `panic_at_leaf`. Returns a tracked value
/// (each level drops its child's and makes its own).
#[generator(yield = Tracked, resume = Tracked)]
fn tracked(
    level: u32,
    t: Tracker,
    drops: DropLog,
    leaf_items: u32,
    panic_at_leaf: bool,
) -> Tracked {
    let _guard = Guard(level, drops.clone());
    let _local = t.make();
    let mut _held = yield_!(t.make());
    if level > 0 {
        let below = yield_from!(
            tracked(level - 1, t, drops.clone(), leaf_items, panic_at_leaf).boxed_local()
        );
        drop(below);
    } else {
        for _ in 0..leaf_items {
            _held = yield_!(t.make());
        }
        if panic_at_leaf {
            panic!("the innermost level failed");
        }
    }
    _held = yield_!(t.make());
    t.make()
}

/// Levels `0..=depth`, innermost first: the order in which a chain's levels must drop.
fn innermost_first(levels: std::ops::RangeInclusive<u32>, panicking: bool) -> Vec<(u32, bool)> {
    levels.map(|level| (level, panicking)).collect()
}

/// Steps a [`tracked`] chain `steps` times (start, then resumes with fresh tracked values),
/// returning how many values the test made.
fn step_tracked<G: Generator<Tracked, Yield = Tracked, Return = Tracked>>(
    mut g: Pin<&mut G>,
    t: Tracker,
    steps: usize,
) {
    for n in 0..steps {
        let state = if n == 0 {
            g.as_mut().start()
        } else {
            g.as_mut().resume(t.make())
        };
        assert!(matches!(state, GeneratorState::Yielded(_)), "step {n}");
    }
}

#[test]
fn closing_a_deep_chain_at_its_innermost_level_drops_innermost_first_and_everything_once() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let t = Tracker::new();
            let drops = DropLog::default();
            let mut g = tracked(depth, t, drops.clone(), 3, false).boxed_local();
            // Down to the innermost level, and two of its items.
            step_tracked(Pin::new(&mut g), t, depth as usize + 3);
            assert!(drops.borrow().is_empty());
            // Every level holds its local and the value it was resumed with (the top's was
            // the start: none), the innermost one its last resume value too.
            g.close();
            assert!(g.is_complete());
            assert_eq!(
                *drops.borrow(),
                innermost_first(0..=depth, false),
                "depth {depth}"
            );
            assert_eq!(g.status(), Status::Complete);
            t.assert_exact(t.created());
        }
    });
}

#[test]
fn dropping_a_chain_half_way_back_up_drops_the_rest_innermost_first_and_everything_once() {
    on_big_stack(|| {
        for depth in lighter(vec![2, 3, 10, 100], vec![2, 10]) {
            for back_up in [1, depth / 2, depth] {
                let t = Tracker::new();
                let drops = DropLog::default();
                let mut g = Box::pin(tracked(depth, t, drops.clone(), 1, false));
                // Down (depth + 1 items), the leaf's item and its last one, then `back_up`
                // levels completed (each level above yields its last item).
                step_tracked(g.as_mut(), t, depth as usize + 3 + back_up as usize);
                let completed = innermost_first(0..=back_up - 1, false);
                assert_eq!(
                    *drops.borrow(),
                    completed,
                    "depth {depth}, back up {back_up}"
                );
                drop(g);
                assert_eq!(
                    *drops.borrow(),
                    innermost_first(0..=depth, false),
                    "depth {depth}, back up {back_up}"
                );
                t.assert_exact(t.created());
            }
        }
    });
}

#[test]
fn every_value_of_a_chain_run_to_completion_is_dropped_once() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let t = Tracker::new();
            let drops = DropLog::default();
            let mut g = pin!(tracked(depth, t, drops.clone(), 2, false));
            let mut state = g.as_mut().start();
            let mut yielded = 0;
            let ret = loop {
                match state {
                    GeneratorState::Yielded(value) => {
                        yielded += 1;
                        drop(value);
                        state = g.as_mut().resume(t.make());
                    }
                    GeneratorState::Complete(ret) => break ret,
                }
            };
            drop(ret);
            let levels = depth as usize + 1;
            assert_eq!(yielded, 2 * levels + 2);
            // Per level: local, 2 yields, return value; the leaf's 2 yields; one resume
            // value per item.
            t.assert_exact(4 * levels + 2 + yielded);
            assert_eq!(*drops.borrow(), innermost_first(0..=depth, false));
        }
    });
}

// ---------------------------------------------------------------------------------------
// 5. Panics: the bypassed levels unwind as if each had been polled in turn.
// ---------------------------------------------------------------------------------------

#[test]
fn a_panic_at_the_innermost_level_unwinds_every_level_and_finishes_the_generator() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let t = Tracker::new();
            let drops = DropLog::default();
            let mut g = tracked(depth, t, drops.clone(), 2, true).boxed_local();
            step_tracked(Pin::new(&mut g), t, depth as usize + 3);
            let message = expect_panic(|| g.resume(t.make()));
            assert_eq!(message, "the innermost level failed");
            // Every level's locals dropped during the unwinding, innermost first.
            assert_eq!(
                *drops.borrow(),
                innermost_first(0..=depth, true),
                "depth {depth}"
            );
            assert!(g.is_complete());
            assert_eq!(g.status(), Status::Complete);
            t.assert_exact(t.created());
        }
    });
}

#[test]
fn a_panic_at_the_innermost_level_of_an_iterated_chain_propagates_out_of_next() {
    #[generator(yield = u64)]
    fn fails(level: u32, drops: DropLog) {
        let _guard = Guard(level, drops.clone());
        if level == 0 {
            yield_!(0);
            panic!("leaf {level}");
        }
        yield_!(u64::from(level));
        yield_from!(fails(level - 1, drops.clone()).boxed_local());
        unreachable!();
    }
    on_big_stack(|| {
        for depth in DEPTHS {
            let drops = DropLog::default();
            let mut g = fails(depth, drops.clone());
            let before: Vec<u64> = g.by_ref().take(depth as usize + 1).collect();
            assert_eq!(before, (0..=u64::from(depth)).rev().collect::<Vec<_>>());
            assert_eq!(expect_panic(|| g.next()), "leaf 0");
            assert_eq!(*drops.borrow(), innermost_first(0..=depth, true));
            assert!(g.is_complete());
            assert_eq!(g.next(), None);
            assert_eq!(g.next(), None);
        }
    });
}

/// The body of `catcher`: catches the panic of a deep boxed recursion (its delegation is a
/// top of its own: `co.yield_from` may be wrapped), records how many levels had dropped when
/// the catch returned, and goes on yielding.
fn catcher(
    depth: u32,
    t: Tracker,
    drops: DropLog,
    seen: Rc<Cell<Option<usize>>>,
) -> LocalBoxGen<'static, Tracked, Tracked, Tracked> {
    Gen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let _guard = Guard(10_000, drops.clone());
        let sub = tracked(depth, t, drops.clone(), 2, true).boxed_local();
        let caught = AssertUnwindSafe(co.yield_from(sub)).catch_unwind().await;
        let message = tracking::panic_message(&*caught.unwrap_err());
        assert_eq!(message, "the innermost level failed");
        seen.set(Some(drops.borrow().len()));
        drop(co.yield_(t.make()).await);
        drop(co.yield_(t.make()).await);
        t.make()
    })
    .boxed_local()
}

#[test]
fn a_panic_caught_around_a_public_delegation_drops_the_bypassed_levels_while_unwinding() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let t = Tracker::new();
            let drops = DropLog::default();
            let seen = Rc::new(Cell::new(None));
            let mut g = catcher(depth, t, drops.clone(), seen.clone());
            // Down to the leaf, its two items, then the panic, caught: the catcher yields.
            step_tracked(Pin::new(&mut g), t, depth as usize + 3);
            assert!(matches!(g.resume(t.make()), GeneratorState::Yielded(_)));
            assert_eq!(
                seen.get(),
                Some(depth as usize + 1),
                "all levels dropped by the catch"
            );
            assert_eq!(
                *drops.borrow(),
                innermost_first(0..=depth, true),
                "depth {depth}"
            );
            assert!(matches!(g.resume(t.make()), GeneratorState::Yielded(_)));
            assert!(matches!(g.resume(t.make()), GeneratorState::Complete(_)));
            assert_eq!(drops.borrow().last(), Some(&(10_000, false)));
            t.assert_exact(t.created());
        }
    });
}

/// The catcher in the middle of a chain: three boxed levels above it (members of the top's
/// chain), the panicking recursion below (a chain of the catcher's delegation). Only the
/// levels below the catch unwind; the ones above go on.
#[test]
fn a_panic_caught_in_the_middle_of_a_chain_unwinds_only_the_levels_below_the_catch() {
    #[generator(yield = Tracked, resume = Tracked)]
    fn above(
        level: u32,
        t: Tracker,
        drops: DropLog,
        inner: LocalBoxGen<'static, Tracked, Tracked, Tracked>,
    ) -> Tracked {
        let _guard = Guard(20_000 + level, drops.clone());
        drop(yield_!(t.make()));
        let ret = if level > 1 {
            yield_from!(above(level - 1, t, drops.clone(), inner).boxed_local())
        } else {
            yield_from!(inner)
        };
        drop(yield_!(t.make()));
        ret
    }
    on_big_stack(|| {
        for depth in lighter(vec![1, 3, 10, 100], vec![1, 10]) {
            let t = Tracker::new();
            let drops = DropLog::default();
            let seen = Rc::new(Cell::new(None));
            let inner = catcher(depth, t, drops.clone(), seen.clone());
            let mut g = pin!(above(3, t, drops.clone(), inner));
            // 3 levels above, then the chain below the catcher down to its leaf's 2 items.
            step_tracked(g.as_mut(), t, 3 + depth as usize + 3);
            assert!(matches!(
                g.as_mut().resume(t.make()),
                GeneratorState::Yielded(_)
            ));
            assert_eq!(seen.get(), Some(depth as usize + 1));
            assert_eq!(
                *drops.borrow(),
                innermost_first(0..=depth, true),
                "depth {depth}"
            );
            // The catcher's two yields and return, then the three levels above.
            let mut rest = 0;
            let ret = loop {
                match g.as_mut().resume(t.make()) {
                    GeneratorState::Yielded(_) => rest += 1,
                    GeneratorState::Complete(ret) => break ret,
                }
            };
            drop(ret);
            assert_eq!(rest, 1 + 3);
            let mut expected = innermost_first(0..=depth, true);
            expected.extend([
                (10_000, false),
                (20_001, false),
                (20_002, false),
                (20_003, false),
            ]);
            assert_eq!(*drops.borrow(), expected, "depth {depth}");
            t.assert_exact(t.created());
        }
    });
}

// ---------------------------------------------------------------------------------------
// 6. Chains driven directly, then delegated to; delegated to, then taken apart.
// ---------------------------------------------------------------------------------------

fn host_item(level: u32) -> u64 {
    1_000_000 + u64::from(level)
}

/// `level + 1` levels (boxed below the first) yielding `host_item(level)` before and after
/// their child; the innermost one delegates to `sub` with `yield_from!`, which resumes it
/// with `()` first if it has started. Returns `sub`'s return value.
#[generator(yield = u64)]
fn host<'a>(level: u32, sub: LocalBoxGen<'a, u64, (), u64>) -> u64 {
    yield_!(host_item(level));
    let ret = if level > 0 {
        yield_from!(host(level - 1, sub).boxed_local())
    } else {
        yield_from!(sub)
    };
    yield_!(host_item(level));
    ret
}

/// What `host(levels, sub)` yields around a sub-generator that yields `sub_items`.
fn hosted(levels: u32, sub_items: &[u64]) -> Vec<u64> {
    let down = (0..=levels).rev().map(host_item);
    let up = (0..=levels).map(host_item);
    down.chain(sub_items.iter().copied()).chain(up).collect()
}

/// A boxed recursion advanced `taken` items by `next()` (its own chain runs: a top in its
/// body, members below), then delegated to from the innermost level of another chain. At
/// some positions its chain is empty (the top's sub-generator suspended at its own yield) and
/// its top joins the outer chain as a member; at others it is not, and it stays a top, polled
/// inside the outer chain. Either way the rest comes out in order, nothing lost or repeated.
#[test]
fn a_chain_advanced_directly_then_delegated_to_from_another_chain_goes_on_in_order() {
    on_big_stack(|| {
        for (depth, levels) in lighter(
            vec![(1, 0), (4, 0), (4, 1), (4, 3), (10, 10), (100, 20)],
            vec![(1, 0), (4, 1)],
        ) {
            let (expected, expected_ret) = chain_expected(depth);
            for taken in 0..=expected.len() {
                let mut sub = chain(depth).boxed_local();
                let first: Vec<u64> = sub.by_ref().take(taken).collect();
                assert_eq!(first, expected[..taken]);
                if taken == expected.len() {
                    // Suspended at its last yield: the delegation completes it at once.
                    assert!(!sub.is_complete());
                }
                let (items, ret) = run_pinned(pin!(host(levels, sub)));
                assert_eq!(
                    items,
                    hosted(levels, &expected[taken..]),
                    "depth {depth}, levels {levels}, taken {taken}"
                );
                assert_eq!(ret, expected_ret);
            }
        }
    });
}

/// The same with a generator pinned in place, lent to the outer chain as
/// `LocalBoxGen::new(g.as_mut())`: its delegation joins the outer chain (or stays a top of
/// its own), then the outer chain is dropped half-way, taking the chain apart while the
/// pinned generator lives on with delegations whose chain is gone. Driven directly again,
/// or lent to a second chain, it goes on where it was.
#[test]
fn a_pinned_chain_lent_to_an_outer_chain_that_is_dropped_half_way_goes_on_where_it_was() {
    on_big_stack(|| {
        for (depth, levels) in lighter(vec![(1, 0), (4, 0), (4, 2), (10, 3)], vec![(1, 0), (4, 2)])
        {
            let (expected, expected_ret) = chain_expected(depth);
            let len = expected.len();
            for taken in 0..len {
                for lent in 0..=(len - taken) {
                    for again in [false, true] {
                        let case = format!(
                            "depth {depth}, levels {levels}, taken {taken}, lent {lent}, again {again}"
                        );
                        let mut g = pin!(chain(depth));
                        let mut all: Vec<u64> = g.as_mut().take(taken).collect();
                        {
                            let mut outer = host(levels, LocalBoxGen::new(g.as_mut()));
                            // The outer levels' items, then `lent` of the pinned generator's.
                            let outer_items: Vec<u64> =
                                outer.by_ref().take(levels as usize + 1 + lent).collect();
                            assert_eq!(
                                outer_items[..=levels as usize],
                                hosted(levels, &[])[..=levels as usize],
                                "{case}"
                            );
                            all.extend_from_slice(&outer_items[levels as usize + 1..]);
                            // Dropped here, mid-chain.
                        }
                        assert_eq!(all, expected[..taken + lent], "{case}");
                        // Never resumed past the last item it gave.
                        assert!(!g.is_complete(), "{case}");
                        let ret = if again {
                            let (items, ret) =
                                run_pinned(pin!(host(levels, LocalBoxGen::new(g.as_mut()))));
                            assert_eq!(items, hosted(levels, &expected[taken + lent..]), "{case}");
                            ret
                        } else {
                            let (items, ret) = run_pinned(g.as_mut());
                            all.extend(items);
                            assert_eq!(all, expected, "{case}");
                            ret
                        };
                        assert_eq!(ret, expected_ret, "{case}");
                    }
                }
            }
        }
    });
}

/// A chain whose top is itself polled inside a chain, and whose own top then has a chain
/// inside it again: three levels of tops, each made by driving a boxed recursion directly
/// before delegating to it.
#[test]
fn chains_started_directly_nest_three_deep_and_run_to_the_end() {
    on_big_stack(|| {
        let (expected, expected_ret) = chain_expected(10);
        for taken in [1, 5, 11, 12, 13, 20] {
            let mut innermost = chain(10).boxed_local();
            let first: Vec<u64> = innermost.by_ref().take(taken).collect();
            let mut middle = host(5, innermost).boxed_local();
            let middle_first: Vec<u64> = middle.by_ref().take(9).collect();
            let (rest, ret) = run_pinned(pin!(host(7, middle)));
            let all: Vec<u64> = first
                .iter()
                .chain(&middle_first)
                .chain(&rest)
                .copied()
                .collect();
            // The middle host's first 9 items came out before the outer host's.
            let outer_down: Vec<u64> = (0..=7).rev().map(host_item).collect();
            let middle_part: Vec<u64> = hosted(5, &expected[taken..]);
            let mut expected_all = first.clone();
            expected_all.extend_from_slice(&middle_part[..9]);
            expected_all.extend(outer_down);
            expected_all.extend_from_slice(&middle_part[9..]);
            expected_all.extend((0..=7).map(host_item));
            assert_eq!(all, expected_all, "taken {taken}");
            assert_eq!(ret, expected_ret);
        }
    });
}

// ---------------------------------------------------------------------------------------
// 7. Delegations wrapped in a future of the user's, and dropped early.
// ---------------------------------------------------------------------------------------

/// [`chain`] with tracked values: each item is `(id, tracked value)`, each level holds a
/// tracked local, and the return value is `(sum, tracked value)`.
#[generator(yield = (u64, Tracked))]
fn tchain(level: u32, t: Tracker) -> (u64, Tracked) {
    let _local = t.make();
    yield_!((item(level, 1), t.make()));
    let below = if level > 0 {
        let (below, value) = yield_from!(tchain(level - 1, t).boxed_local());
        drop(value);
        below
    } else {
        for k in 3..6 {
            yield_!((item(0, k), t.make()));
        }
        0
    };
    yield_!((item(level, 2), t.make()));
    (below + u64::from(level), t.make())
}

/// Counts its polls; after `limit` of them, drops the delegation at the next poll without
/// polling it, and evaluates to `None`. A timeout, in effect.
struct StopAfter<F> {
    inner: Option<Pin<Box<F>>>,
    limit: usize,
    polls: Rc<Cell<usize>>,
}

impl<F: Future> Future for StopAfter<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let this = &mut *self;
        this.polls.set(this.polls.get() + 1);
        if this.polls.get() > this.limit {
            this.inner = None;
            return Poll::Ready(None);
        }
        let inner = this.inner.as_mut().expect("polled after completion");
        let polled = inner.as_mut().poll(cx);
        if polled.is_ready() {
            this.inner = None;
        }
        polled.map(Some)
    }
}

/// Drops the delegation right after its `limit`-th poll, in that poll, if it is still
/// running (a value was just yielded through it), and evaluates to `None` at the next poll.
struct DropAfterPending<F> {
    inner: Option<Pin<Box<F>>>,
    limit: usize,
    polls: Rc<Cell<usize>>,
}

impl<F: Future> Future for DropAfterPending<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let this = &mut *self;
        this.polls.set(this.polls.get() + 1);
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(None);
        };
        match inner.as_mut().poll(cx) {
            Poll::Ready(output) => {
                this.inner = None;
                Poll::Ready(Some(output))
            }
            Poll::Pending => {
                if this.polls.get() >= this.limit {
                    this.inner = None;
                }
                Poll::Pending
            }
        }
    }
}

/// What the wrapping level yields after its wrapped delegation ends.
const AFTER_WRAPPED: u64 = 7_000_000;

/// How a wrapping level makes its delegation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Made {
    /// `co.yield_from(sub)`: public API, a top of its own, which sees every poll.
    Public,
    /// `Delegate::__delegate_direct(sub, ..)`: the hidden entry, misused.
    Direct,
}

/// How a wrapping level wraps its delegation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Wrap {
    StopAfter,
    DropAfterPending,
}

/// A level, built with `Gen::new`, that wraps its delegation to a `tchain(depth)` recursion
/// in `wrap` with `limit`, then yields `AFTER_WRAPPED` and returns what the delegation gave.
fn wrapping_level(
    depth: u32,
    t: Tracker,
    made: Made,
    wrap: Wrap,
    limit: usize,
    polls: Rc<Cell<usize>>,
) -> LocalBoxGen<'static, (u64, Tracked), (), Option<(u64, Tracked)>> {
    Gen::new(move |mut co: Co<(u64, Tracked)>| async move {
        let _local = t.make();
        let sub = tchain(depth, t).boxed_local();
        let delegation = match made {
            Made::Public => co.yield_from(sub),
            Made::Direct => Delegate::__delegate_direct(sub, &mut co, Some(())),
        };
        let inner = Some(Box::pin(delegation));
        let ret = match wrap {
            Wrap::StopAfter => {
                StopAfter {
                    inner,
                    limit,
                    polls,
                }
                .await
            }
            Wrap::DropAfterPending => {
                DropAfterPending {
                    inner,
                    limit,
                    polls,
                }
                .await
            }
        };
        co.yield_((AFTER_WRAPPED, t.make())).await;
        ret
    })
    .boxed_local()
}

/// `levels` boxed levels above `inner` (members of the top's chain), with tracked values.
#[generator(yield = (u64, Tracked))]
fn tracked_host(
    level: u32,
    t: Tracker,
    inner: LocalBoxGen<'static, (u64, Tracked), (), Option<(u64, Tracked)>>,
) -> Option<(u64, Tracked)> {
    let _local = t.make();
    yield_!((host_item(level), t.make()));
    let ret = if level > 0 {
        yield_from!(tracked_host(level - 1, t, inner).boxed_local())
    } else {
        yield_from!(inner)
    };
    yield_!((host_item(level), t.make()));
    ret
}

struct WrappedRun {
    /// The recursion's item ids, in the order they came out.
    sub_items: Vec<u64>,
    ret: Option<u64>,
    polls: usize,
}

/// Runs `wrapping_level` under 3 boxed levels (so that its delegation is polled inside a
/// chain) and checks that every value was dropped exactly once.
fn run_wrapped(depth: u32, made: Made, wrap: Wrap, limit: usize) -> WrappedRun {
    let t = Tracker::new();
    let polls = Rc::new(Cell::new(0));
    let level = wrapping_level(depth, t, made, wrap, limit, polls.clone());
    let mut g = pin!(tracked_host(2, t, level));
    let mut ids = Vec::new();
    let ret = loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded((id, value)) => {
                ids.push(id);
                drop(value);
            }
            GeneratorState::Complete(ret) => {
                break ret.map(|(sum, value)| {
                    drop(value);
                    sum
                });
            }
        }
    };
    t.assert_exact(t.created());
    // Three host levels down and up around the wrapping level.
    let host_down: Vec<u64> = (0..=2).rev().map(host_item).collect();
    let host_up: Vec<u64> = (0..=2).map(host_item).collect();
    assert_eq!(ids[..3], host_down);
    assert_eq!(ids[ids.len() - 3..], host_up);
    let inner = &ids[3..ids.len() - 3];
    let (after, sub_items) = inner.split_last().unwrap();
    assert_eq!(*after, AFTER_WRAPPED);
    WrappedRun {
        sub_items: sub_items.to_vec(),
        ret,
        polls: polls.get(),
    }
}

#[test]
fn a_wrapper_that_stops_a_public_delegation_after_k_polls_sees_every_poll() {
    for depth in [0, 1, 3, 10] {
        let (expected, expected_ret) = chain_expected(depth);
        let n = expected.len();
        for limit in [0, 1, 2, 3, 7, n - 1, n, n + 1, n + 5] {
            let run = run_wrapped(depth, Made::Public, Wrap::StopAfter, limit);
            let case = format!("depth {depth}, limit {limit}");
            if limit <= n {
                // `limit` polls, each yielding an item, then the one that stopped it.
                assert_eq!(run.sub_items, expected[..limit], "{case}");
                assert_eq!(run.polls, limit + 1, "{case}");
                assert_eq!(run.ret, None, "{case}");
            } else {
                // Every item, and the poll that completed it.
                assert_eq!(run.sub_items, expected, "{case}");
                assert_eq!(run.polls, n + 1, "{case}");
                assert_eq!(run.ret, Some(expected_ret), "{case}");
            }
        }
    }
    // A thousand tracked levels, stopped half-way (not under Miri: minutes).
    if cfg!(miri) {
        return;
    }
    on_big_stack(|| {
        let (expected, _) = chain_expected(1000);
        let run = run_wrapped(1000, Made::Public, Wrap::StopAfter, 1500);
        assert_eq!(run.sub_items, expected[..1500]);
        assert_eq!(run.polls, 1501);
    });
}

#[test]
fn a_wrapper_that_drops_a_public_delegation_in_its_kth_poll_sees_every_poll() {
    for depth in [0, 1, 3, 10] {
        let (expected, expected_ret) = chain_expected(depth);
        let n = expected.len();
        for limit in [1, 2, 3, 7, n - 1, n, n + 1, n + 5] {
            let run = run_wrapped(depth, Made::Public, Wrap::DropAfterPending, limit);
            let case = format!("depth {depth}, limit {limit}");
            if limit <= n {
                // Dropped right after yielding its `limit`-th item; the next poll ends it.
                assert_eq!(run.sub_items, expected[..limit], "{case}");
                assert_eq!(run.polls, limit + 1, "{case}");
                assert_eq!(run.ret, None, "{case}");
            } else {
                assert_eq!(run.sub_items, expected, "{case}");
                assert_eq!(run.polls, n + 1, "{case}");
                assert_eq!(run.ret, Some(expected_ret), "{case}");
            }
        }
    }
}

/// The hidden entry `yield_from!` uses, called by hand inside a wrapper: the delegation may
/// join the chain above and the wrapper then misses polls (documented), but the run must stay
/// memory-safe: no crash, every value dropped exactly once (`run_wrapped` checks), and the
/// items that do come out are the recursion's, in order, none repeated.
#[test]
fn misusing_the_hidden_direct_entry_inside_wrappers_stays_sound() {
    for wrap in [Wrap::StopAfter, Wrap::DropAfterPending] {
        for depth in [0, 1, 3, 10] {
            let (expected, expected_ret) = chain_expected(depth);
            let n = expected.len();
            for limit in [0, 1, 2, 3, n, n + 1] {
                if wrap == Wrap::DropAfterPending && limit == 0 {
                    continue;
                }
                let run = run_wrapped(depth, Made::Direct, wrap, limit);
                let case = format!("{wrap:?}, depth {depth}, limit {limit}");
                assert!(run.sub_items.len() <= n, "{case}");
                assert_eq!(run.sub_items, expected[..run.sub_items.len()], "{case}");
                if run.sub_items.len() == n {
                    assert!(run.ret.is_none() || run.ret == Some(expected_ret), "{case}");
                } else {
                    assert_eq!(run.ret, None, "{case}");
                }
                // Seen: at most what a public delegation would have seen.
                assert!(run.polls <= n + 1, "{case}");
            }
        }
    }
}

/// What makes the misuse tests above meaningful: a delegation made by the hidden entry, polled
/// by a boxed level inside a chain, joins that chain, and the top resumes its recursion
/// directly, so the wrapper around it is polled only twice: when the delegation starts and
/// when it completes. (A public delegation is polled once per item, see above.)
#[test]
fn a_hidden_direct_delegation_in_a_chain_is_bypassed_by_the_top() {
    for depth in [0, 3, 10] {
        let (expected, expected_ret) = chain_expected(depth);
        let run = run_wrapped(depth, Made::Direct, Wrap::StopAfter, 2);
        assert_eq!(run.sub_items, expected);
        assert_eq!(run.polls, 2);
        assert_eq!(run.ret, Some(expected_ret));
    }
}

// ---------------------------------------------------------------------------------------
// 8. `yield_from!` inside another macro's tokens: a delegation of its own, every poll seen.
// ---------------------------------------------------------------------------------------

thread_local! {
    static POLLS: Cell<usize> = const { Cell::new(0) };
}

/// Counts every poll of the future it wraps in [`POLLS`].
struct PollCounter<F>(Pin<Box<F>>);

impl<F: Future> PollCounter<F> {
    fn new(future: F) -> Self {
        PollCounter(Box::pin(future))
    }
}

impl<F: Future> Future for PollCounter<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        POLLS.with(|polls| polls.set(polls.get() + 1));
        self.0.as_mut().poll(cx)
    }
}

macro_rules! counted {
    ($e:expr) => {
        PollCounter::new(async { $e }).await
    };
}

/// Wraps its delegation to a deep boxed recursion in `counted!`.
#[generator(yield = u64)]
fn counted_level(depth: u32) -> u64 {
    yield_!(AFTER_WRAPPED);
    let ret = counted!(yield_from!(chain(depth).boxed_local()));
    yield_!(AFTER_WRAPPED + 1);
    ret
}

#[test]
fn a_user_macro_wrapping_yield_from_sees_every_poll_of_the_delegation() {
    on_big_stack(|| {
        for depth in DEPTHS {
            for levels in [0, 1, 5] {
                let (expected, expected_ret) = chain_expected(depth);
                POLLS.with(|polls| polls.set(0));
                // The counted level is itself in a chain, `levels + 1` boxed levels down.
                let (items, ret) =
                    run_pinned(pin!(host(levels, counted_level(depth).boxed_local())));
                let mut inner = expected.clone();
                inner.insert(0, AFTER_WRAPPED);
                inner.push(AFTER_WRAPPED + 1);
                assert_eq!(
                    items,
                    hosted(levels, &inner),
                    "depth {depth}, levels {levels}"
                );
                assert_eq!(ret, expected_ret);
                // One poll per item, and the one that completed it.
                let polls = POLLS.with(Cell::get);
                assert_eq!(polls, expected.len() + 1, "depth {depth}, levels {levels}");
            }
        }
    });
}

/// Yields its level on the way down; the innermost level panics after its item.
#[generator(yield = u64)]
fn fails_at_leaf(level: u32, drops: DropLog) -> u64 {
    let _guard = Guard(level, drops.clone());
    yield_!(u64::from(level));
    if level == 0 {
        panic!("leaf failed");
    }
    yield_from!(fails_at_leaf(level - 1, drops.clone()).boxed_local())
}

macro_rules! caught {
    ($e:expr) => {
        AssertUnwindSafe(async { $e }).catch_unwind().await
    };
}

/// Catches the panic of a deep boxed recursion with a user macro around `yield_from!`.
#[generator(yield = u64)]
fn catching_level(depth: u32, drops: DropLog) -> u64 {
    let caught = caught!(yield_from!(
        fails_at_leaf(depth, drops.clone()).boxed_local()
    ));
    let message = tracking::panic_message(&*caught.unwrap_err());
    assert_eq!(message, "leaf failed");
    yield_!(AFTER_WRAPPED);
    drops.borrow().len() as u64
}

/// The macro's `catch_unwind` must see the panic: the delegation inside it is a top of its
/// own, not a member of the chain above (whose top would otherwise resume the panicking
/// level directly and unwind past the catch).
#[test]
fn a_user_macro_catching_a_panic_around_yield_from_mid_chain_catches_it() {
    on_big_stack(|| {
        for depth in DEPTHS {
            for levels in [0, 3] {
                let drops = DropLog::default();
                let (items, dropped_at_catch) = run_pinned(pin!(host(
                    levels,
                    catching_level(depth, drops.clone()).boxed_local()
                )));
                let mut inner: Vec<u64> = (0..=u64::from(depth)).rev().collect();
                inner.push(AFTER_WRAPPED);
                assert_eq!(
                    items,
                    hosted(levels, &inner),
                    "depth {depth}, levels {levels}"
                );
                // Every level below the catch had dropped, unwinding, when it returned.
                assert_eq!(dropped_at_catch, u64::from(depth) + 1);
                assert_eq!(*drops.borrow(), innermost_first(0..=depth, true));
            }
        }
    });
}

// ---------------------------------------------------------------------------------------
// 9. Threads: a `Send` chain moved to another thread in the middle.
// ---------------------------------------------------------------------------------------

/// Spawns `f` on a thread with a big stack (see [`on_big_stack`]), and waits for it.
fn on_another_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    on_big_stack(f)
}

#[test]
fn a_send_chain_advanced_on_one_thread_is_finished_on_another() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let (expected, expected_ret) = chain_expected(depth);
            for taken in [1, depth as usize, depth as usize + 3, expected.len() - 1] {
                let mut g = chain_send(depth).boxed();
                let first: Vec<u64> = g.by_ref().take(taken).collect();
                // Moved, mid-chain, to a thread that finishes it.
                let (rest, ret) = on_another_thread(move || run_to_end(g));
                let all: Vec<u64> = first.into_iter().chain(rest).collect();
                assert_eq!(all, expected, "depth {depth}, taken {taken}");
                assert_eq!(ret, expected_ret);
            }
        }
    });
}

#[test]
fn a_send_chain_started_on_another_thread_comes_back_and_is_finished_here() {
    on_big_stack(|| {
        let (expected, expected_ret) = chain_expected(100);
        let (g, first) = on_another_thread(|| {
            let mut g = chain_send(100).boxed();
            let first: Vec<u64> = g.by_ref().take(150).collect();
            (g, first)
        });
        let (rest, ret) = run_to_end(g);
        let all: Vec<u64> = first.into_iter().chain(rest).collect();
        assert_eq!((all, ret), (expected, expected_ret));
    });
}

#[test]
fn values_sent_to_a_send_chain_moved_between_threads_reach_the_right_yields() {
    on_big_stack(|| {
        let depth = 50;
        let log = SendLog::default();
        let mut g = echo_send(depth, log.clone()).boxed();
        let mut items = vec![g.start().yielded().unwrap()];
        let mut sent = Vec::new();
        // Three hops: here, another thread, back here.
        for hop in 0..3 {
            let (back, hop_items, hop_sent) = on_another_thread(move || {
                let mut hop_items = Vec::new();
                let mut hop_sent = Vec::new();
                for n in 0..30 {
                    let v = value_for(hop * 30 + n);
                    hop_sent.push(v);
                    hop_items.push(g.resume(v).yielded().unwrap());
                }
                (g, hop_items, hop_sent)
            });
            g = back;
            items.extend(hop_items);
            sent.extend(hop_sent);
        }
        loop {
            let v = value_for(sent.len());
            sent.push(v);
            match g.resume(v) {
                GeneratorState::Yielded(value) => items.push(value),
                GeneratorState::Complete(ret) => {
                    assert_eq!(ret, sent.iter().sum::<u32>());
                    break;
                }
            }
        }
        assert_eq!(items, echo_items(depth));
        assert_eq!(*log.lock().unwrap(), pairs(&items, &sent));
    });
}

// ---------------------------------------------------------------------------------------
// 10. Async: an async generator delegating to a synchronous boxed recursion.
// ---------------------------------------------------------------------------------------

#[generator(yield = u64)]
async fn async_over_chain(depth: u32) -> u64 {
    YieldNow(false).await;
    yield_!(AFTER_WRAPPED);
    let ret = yield_from!(chain(depth).boxed_local());
    YieldNow(false).await;
    yield_!(AFTER_WRAPPED + 1);
    // A second delegation, after awaiting in between: a new chain.
    let again = yield_from!(chain(depth).boxed_local());
    ret + again
}

#[generator(yield = u64, send)]
async fn async_over_send_chain(depth: u32) -> u64 {
    YieldNow(false).await;
    let ret = yield_from!(chain_send(depth).boxed());
    YieldNow(false).await;
    ret
}

#[test]
fn an_async_generator_delegating_to_a_boxed_chain_streams_its_items() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let (expected, expected_ret) = chain_expected(depth);
            let items: Vec<u64> =
                futures::executor::block_on(async_over_chain(depth).collect::<Vec<_>>());
            let mut reference = vec![AFTER_WRAPPED];
            reference.extend(&expected);
            reference.push(AFTER_WRAPPED + 1);
            reference.extend(&expected);
            assert_eq!(items, reference, "depth {depth}");
            // And the return value, resumed by hand.
            let ret = futures::executor::block_on(async {
                let mut g = pin!(async_over_chain(depth));
                loop {
                    match g.as_mut().resume(()).await {
                        GeneratorState::Yielded(_) => {}
                        GeneratorState::Complete(ret) => break ret,
                    }
                }
            });
            assert_eq!(ret, 2 * expected_ret);
        }
    });
}

#[test]
#[cfg_attr(miri, ignore = "tokio's multi-threaded runtime")]
fn an_async_generator_over_a_send_chain_runs_on_a_multi_threaded_runtime() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(1 << 30)
        .build()
        .unwrap();
    for depth in DEPTHS {
        let (expected, _) = chain_expected(depth);
        let items = runtime
            .block_on(
                runtime
                    .spawn(async move { async_over_send_chain(depth).collect::<Vec<_>>().await }),
            )
            .unwrap();
        assert_eq!(items, expected, "depth {depth}");
    }
}

// ---------------------------------------------------------------------------------------
// Misuse of the hidden entry with a delegation kept outside the generator's body (its `Co`
// leaked for `'static`): still safe code, so it must stay memory-safe.
// ---------------------------------------------------------------------------------------

/// A delegation kept where code outside the body can reach it.
type Stash = Rc<RefCell<Option<Pin<Box<dyn Future<Output = ()>>>>>>;

/// A level, built with `Gen::new`, that makes a delegation to `sub` with the hidden entry
/// (from its leaked handle), puts it in `stash`, and polls it from there, holding the
/// `RefCell` borrow for each poll as any safe wrapper must.
///
/// Leaks the level's `Co` (a `'static` handle the stashed delegation can keep): the tests using
/// it are named `leaks_on_purpose_`, which the leak checkers skip.
fn stashing_level(
    stash: Stash,
    sub: LocalBoxGen<'static, u64>,
) -> LocalBoxGen<'static, u64, (), u64> {
    Gen::new(move |co: Co<u64>| async move {
        let co: &'static mut Co<u64> = Box::leak(Box::new(co));
        let delegation = Delegate::__delegate_direct(sub, co, Some(()));
        *stash.borrow_mut() = Some(Box::pin(delegation));
        std::future::poll_fn(|cx| match stash.borrow_mut().as_mut() {
            Some(delegation) => delegation.as_mut().poll(cx),
            None => Poll::Ready(()),
        })
        .await;
        0
    })
    .boxed_local()
}

/// The sub-generator takes the delegation that is resuming it out of the stash and drops it.
/// Polled through the wrapper, as without the trampoline, that `borrow_mut` panics (the
/// wrapper holds the borrow while it polls): safe. But the delegation joined the chain above,
/// so the top resumes the sub-generator directly, with no borrow held: the `take()` succeeds
/// and drops the delegation, and with it the boxed sub-generator whose body is running.
#[test]
fn leaks_on_purpose_a_stashed_direct_delegation_dropped_by_the_sub_generator_it_is_resuming_is_not_freed_under_it()
 {
    // A level-by-level delegation would fail the sub-generator's `borrow_mut`. Here the
    // delegation, resumed by the chain's top, is dropped: its running sub-generator is leaked,
    // not freed, and the drop panics with what happened.
    let message = misuse_from_inside(|stash, _| drop(stash.borrow_mut().take()));
    assert!(
        message.contains("dropped from inside the generator it delegates to"),
        "{message}"
    );
}

/// The sub-generator polls the delegation that is resuming it, from the stash: polling it
/// would run the sub-generator's body inside itself. It panics instead, and the panic goes
/// through the body that is running, which finishes the generator.
#[test]
fn leaks_on_purpose_a_stashed_direct_delegation_polled_by_the_sub_generator_it_is_resuming_panics()
{
    let message = misuse_from_inside(|stash, cx| {
        let mut stashed = stash.borrow_mut();
        let polled = stashed
            .as_mut()
            .map(|delegation| delegation.as_mut().poll(cx));
        assert!(polled.is_none(), "the delegation ran inside itself");
    });
    assert!(
        message.contains("polled from inside the generator it delegates to"),
        "{message}"
    );
}

/// A chain two boxed levels deep over a stashing level whose sub-generator, after its first
/// item, does `misuse` with the stash, which holds the very delegation resuming it. Returns
/// the panic message of that resume, after checking that the generator is then finished.
fn misuse_from_inside(misuse: fn(&Stash, &mut Context<'_>)) -> String {
    let stash = Stash::default();
    let sub = {
        let stash = stash.clone();
        Gen::new(move |mut co: Co<u64>| async move {
            co.yield_(1).await;
            std::future::poll_fn(|cx| {
                misuse(&stash, cx);
                Poll::Ready(())
            })
            .await;
            co.yield_(2).await;
        })
        .boxed_local()
    };
    let mut g = host(2, stashing_level(stash.clone(), sub));
    let first: Vec<u64> = g.by_ref().take(4).collect();
    assert_eq!(first, [host_item(2), host_item(1), host_item(0), 1]);
    let message = expect_panic(|| g.next());
    assert_eq!(g.next(), None);
    drop(g);
    drop(stash);
    message
}

/// The delegation's first poll panics after it joined the chain above as a member: it keeps a
/// pointer to the chain's registry (in the top's future) although it is not on the chain's
/// path, so the top's drop would not clear it, and dropped after the top's generator is gone,
/// its drop would read the freed registry. It leaves the chain as its poll unwinds instead.
#[test]
fn leaks_on_purpose_a_stashed_direct_delegation_whose_first_poll_panicked_outlives_its_chain_safely()
 {
    let stash = Stash::default();
    let sub = Gen::new(|mut co: Co<u64>| async move {
        if std::hint::black_box(true) {
            panic!("the sub-generator failed");
        }
        co.yield_(1).await;
    })
    .boxed_local();
    let mut g = host(2, stashing_level(stash.clone(), sub));
    let first: Vec<u64> = g.by_ref().take(3).collect();
    assert_eq!(first, [host_item(2), host_item(1), host_item(0)]);
    assert_eq!(expect_panic(|| g.next()), "the sub-generator failed");
    assert_eq!(g.next(), None);
    drop(g); // frees the chain's top, and its registry
    assert!(stash.borrow().is_some());
    drop(stash); // drops the delegation, which must not touch the chain any more
}

// ---------------------------------------------------------------------------------------
// Differential: a trampolined chain against the same recursion delegated through a re-yield
// loop at every level (`FromGenerator`, each level a top of its own: no level is bypassed),
// under random scripts of panics, panicking destructors, sends, `close()` and drop.
// ---------------------------------------------------------------------------------------

/// How each level of [`scripted`] delegates to the next.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Via {
    /// `yield_from!(child.boxed_local())`: a chain, resumed at its innermost level.
    Chain,
    /// `yield_from!(FromGenerator::new(child.boxed_local()))`: a re-yield loop per level.
    Reyield,
    /// Each level picks one of five ways from the seed: `.boxed_local()`,
    /// `LocalBoxGen::new(Box::pin(child))` (a boxed pinned pygen generator: joins the chain),
    /// `LocalBoxGen::new(child.boxed_local())` (a box in a box: re-yielded, starts a chain),
    /// `Box::pin(child)` (pinned, in place: the chain stops there) and `FromGenerator`.
    Mixed(u64),
}

/// Which way level `level` of a `Via::Mixed(seed)` recursion delegates.
fn mixed_way(level: u32, seed: u64) -> u64 {
    (u64::from(level).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed).rotate_left(17) % 5
}

#[derive(Clone, Debug)]
struct Script {
    depth: u32,
    /// The level that panics, and where: 0 before its first yield, 1 after it, 2 after its
    /// child returned, 3 after its second yield.
    panic_at: Option<(u32, u8)>,
    /// The level whose guard panics when dropped (unless a panic is unwinding).
    panic_on_drop: Option<u32>,
    /// Steps before the generator is closed or dropped (`None`: run to the end).
    stop_after: Option<usize>,
    /// `close()` it (or drop it).
    close: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Event {
    Got(u32, u32),
    ChildReturned(u32, u32),
    Dropped(u32, bool),
}

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Yielded(u32),
    Complete(u32),
    Panicked(String),
    Closed(Result<bool, String>),
    DroppedGen(Result<(), String>),
}

type Events = Rc<RefCell<Vec<Event>>>;

struct ScriptGuard {
    level: u32,
    events: Events,
    panic: bool,
}

impl Drop for ScriptGuard {
    fn drop(&mut self) {
        let panicking = std::thread::panicking();
        self.events
            .borrow_mut()
            .push(Event::Dropped(self.level, panicking));
        if self.panic && !panicking {
            panic!("guard {} failed", self.level);
        }
    }
}

fn maybe_panic(script: &Script, level: u32, phase: u8) {
    if script.panic_at == Some((level, phase)) {
        panic!("level {level} failed at {phase}");
    }
}

#[generator(yield = u32, resume = u32)]
fn scripted(level: u32, script: Rc<Script>, events: Events, via: Via) -> u32 {
    let _guard = ScriptGuard {
        level,
        events: events.clone(),
        panic: script.panic_on_drop == Some(level),
    };
    maybe_panic(&script, level, 0);
    let a = yield_!(level * 10 + 1);
    events.borrow_mut().push(Event::Got(level, a));
    maybe_panic(&script, level, 1);
    let below = if level > 0 {
        let child = scripted(level - 1, script.clone(), events.clone(), via);
        match via {
            Via::Chain => yield_from!(child.boxed_local()),
            Via::Reyield => yield_from!(FromGenerator::new(child.boxed_local())),
            Via::Mixed(seed) => match mixed_way(level, seed) {
                0 => yield_from!(child.boxed_local()),
                1 => yield_from!(LocalBoxGen::new(Box::pin(child))),
                2 => yield_from!(LocalBoxGen::new(child.boxed_local())),
                3 => yield_from!(Box::pin(child)),
                _ => yield_from!(FromGenerator::new(child.boxed_local())),
            },
        }
    } else {
        0
    };
    events.borrow_mut().push(Event::ChildReturned(level, below));
    maybe_panic(&script, level, 2);
    let b = yield_!(level * 10 + 2);
    events.borrow_mut().push(Event::Got(level, b));
    maybe_panic(&script, level, 3);
    below.wrapping_mul(31).wrapping_add(a ^ b)
}

/// Runs `script` with `via`: everything observable, in order.
fn run_script(script: &Script, via: Via) -> (Vec<Outcome>, Vec<Event>) {
    let events = Events::default();
    let mut g = Box::pin(scripted(
        script.depth,
        Rc::new(script.clone()),
        events.clone(),
        via,
    ));
    let mut outcomes = Vec::new();
    let mut steps = 0;
    loop {
        if script.stop_after == Some(steps) || g.is_complete() {
            break;
        }
        let step = catch_unwind(AssertUnwindSafe(|| {
            if steps == 0 {
                g.as_mut().start()
            } else {
                g.as_mut().resume(value_for(steps))
            }
        }));
        steps += 1;
        outcomes.push(match step {
            Ok(GeneratorState::Yielded(value)) => Outcome::Yielded(value),
            Ok(GeneratorState::Complete(ret)) => Outcome::Complete(ret),
            Err(payload) => Outcome::Panicked(tracking::panic_message(&*payload)),
        });
    }
    if script.close {
        let closed = catch_unwind(AssertUnwindSafe(|| {
            g.as_mut().close();
            g.is_complete()
        }));
        outcomes.push(Outcome::Closed(
            closed.map_err(|payload| tracking::panic_message(&*payload)),
        ));
    }
    let dropped = catch_unwind(AssertUnwindSafe(move || drop(g)));
    outcomes.push(Outcome::DroppedGen(
        dropped.map_err(|payload| tracking::panic_message(&*payload)),
    ));
    let events = events.borrow().clone();
    (outcomes, events)
}

fn arb_script() -> impl Strategy<Value = Script> {
    (0u32..40).prop_flat_map(|depth| {
        (
            Just(depth),
            prop::option::weighted(0.5, (0..=depth, 0u8..4)),
            prop::option::weighted(0.3, 0..=depth),
            prop::option::weighted(0.6, 0usize..(4 * depth as usize + 6)),
            any::<bool>(),
        )
            .prop_map(
                |(depth, panic_at, panic_on_drop, stop_after, close)| Script {
                    depth,
                    panic_at,
                    panic_on_drop,
                    stop_after,
                    close,
                },
            )
    })
}

proptest! {
    #![proptest_config(Config { failure_persistence: None, ..Config::with_cases(tree_cases()) })]

    #[test]
    fn a_chain_behaves_as_a_level_by_level_delegation_under_random_scripts(script in arb_script()) {
        let chain = run_script(&script, Via::Chain);
        let reyield = run_script(&script, Via::Reyield);
        prop_assert_eq!(chain, reyield);
    }

    #[test]
    fn a_chain_mixing_every_kind_of_link_behaves_as_a_level_by_level_delegation(
        script in arb_script(),
        seed in any::<u64>(),
    ) {
        let mixed = run_script(&script, Via::Mixed(seed));
        let reyield = run_script(&script, Via::Reyield);
        prop_assert_eq!(mixed, reyield);
    }
}

#[test]
fn the_differential_scripts_are_not_all_trivial() {
    // A panic at the innermost level, two levels of 3 bypassed: the logs differ from a run
    // without the panic, so the comparison above compares something.
    let script = Script {
        depth: 3,
        panic_at: Some((0, 1)),
        panic_on_drop: None,
        stop_after: None,
        close: false,
    };
    let (outcomes, events) = run_script(&script, Via::Chain);
    assert_eq!(
        outcomes,
        [
            Outcome::Yielded(31),
            Outcome::Yielded(21),
            Outcome::Yielded(11),
            Outcome::Yielded(1),
            Outcome::Panicked("level 0 failed at 1".into()),
            Outcome::DroppedGen(Ok(())),
        ]
    );
    let drops: Vec<Event> = events
        .into_iter()
        .filter(|event| matches!(event, Event::Dropped(..)))
        .collect();
    assert_eq!(
        drops,
        (0..=3)
            .map(|level| Event::Dropped(level, true))
            .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------
// Errors through a chain: `?` on `yield_from!`, `throw`.
// ---------------------------------------------------------------------------------------

/// Fails at `fail_at` (after its child returned), or not; `?` passes a failure up through
/// every level above.
#[generator(yield = u64)]
fn fallible(level: u32, fail_at: Option<u32>) -> Result<u64, String> {
    yield_!(item(level, 1));
    let below = if level > 0 {
        yield_from!(fallible(level - 1, fail_at).boxed_local())?
    } else {
        0
    };
    if fail_at == Some(level) {
        return Err(format!("level {level} failed"));
    }
    yield_!(item(level, 2));
    Ok(below + u64::from(level))
}

#[test]
fn an_error_returned_deep_in_a_chain_goes_up_through_every_question_mark() {
    on_big_stack(|| {
        for depth in DEPTHS {
            for fail_at in [None, Some(0), Some(depth / 2), Some(depth)] {
                let results: Vec<Result<u64, String>> =
                    fallible(depth, fail_at).results().collect();
                let down = (0..=depth).rev().map(|level| Ok(item(level, 1)));
                let mut expected: Vec<Result<u64, String>> = down.collect();
                match fail_at {
                    None => {
                        expected.extend((0..=depth).map(|level| Ok(item(level, 2))));
                    }
                    Some(at) => {
                        expected.extend((0..at).map(|level| Ok(item(level, 2))));
                        expected.push(Err(format!("level {at} failed")));
                    }
                }
                assert_eq!(results, expected, "depth {depth}, fail at {fail_at:?}");
            }
        }
    });
}

/// Sums what it receives until thrown at; `?` passes the error up.
#[generator(yield = u64, resume = Result<u32, String>)]
fn catches(level: u32) -> Result<u32, String> {
    let first = yield_!(item(level, 1))?;
    let below = if level > 0 {
        yield_from!(catches(level - 1).boxed_local())?
    } else {
        let mut sum = 0;
        for k in 3..6 {
            sum += yield_!(item(0, k))?;
        }
        sum
    };
    let last = yield_!(item(level, 2))?;
    Ok(below + first + last)
}

#[test]
fn an_error_thrown_at_the_top_reaches_the_innermost_yield_and_comes_back_up() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let (expected, _) = chain_expected(depth);
            // Thrown at every point of a small chain, and at a few of a deep one.
            let points: Vec<usize> = if depth <= 10 {
                (1..=expected.len()).collect()
            } else {
                vec![1, depth as usize, depth as usize + 2, expected.len()]
            };
            for throw_at in points {
                let mut g = pin!(catches(depth));
                let mut items = vec![g.as_mut().start().yielded().unwrap()];
                while items.len() < throw_at {
                    items.push(g.as_mut().resume(Ok(1)).yielded().unwrap());
                }
                assert_eq!(items, expected[..throw_at]);
                // Thrown (Python's `g.throw`): all the levels still running return the error
                // in this one resume.
                assert_eq!(
                    g.as_mut().resume(Err("stop".to_string())),
                    GeneratorState::Complete(Err("stop".to_string())),
                    "depth {depth}, thrown at {throw_at}"
                );
                assert!(g.is_complete());
            }
            // Not thrown: every value received, once.
            let mut g = pin!(catches(depth));
            let mut state = g.as_mut().start();
            let mut resumes = 0;
            let ret = loop {
                match state {
                    GeneratorState::Yielded(_) => {
                        resumes += 1;
                        state = g.as_mut().resume(Ok(1));
                    }
                    GeneratorState::Complete(ret) => break ret,
                }
            };
            assert_eq!(ret, Ok(resumes), "depth {depth}");
        }
    });
}

// ---------------------------------------------------------------------------------------
// More async: values sent through a chain below an async generator, a synchronous level
// awaiting inside an async generator's chain, and a chain dropped with its async generator.
// ---------------------------------------------------------------------------------------

#[generator(yield = u32, resume = u32)]
async fn async_echo(depth: u32, log: SendLog) -> u32 {
    let first = note(&log, 1_000_001, yield_!(1_000_001));
    YieldNow(false).await;
    let below = yield_from!(echo(depth, log.clone()).boxed_local());
    YieldNow(false).await;
    first + below
}

#[test]
fn values_sent_to_an_async_generator_reach_the_innermost_level_of_its_chain() {
    on_big_stack(|| {
        for depth in DEPTHS {
            let log = SendLog::default();
            let (items, sent, ret) = futures::executor::block_on(async {
                let mut g = pin!(async_echo(depth, log.clone()));
                let mut items = Vec::new();
                let mut sent = Vec::new();
                let mut state = g.as_mut().start().await;
                loop {
                    match state {
                        GeneratorState::Yielded(value) => {
                            items.push(value);
                            let v = value_for(sent.len());
                            sent.push(v);
                            state = g.as_mut().resume(v).await;
                        }
                        GeneratorState::Complete(ret) => break (items, sent, ret),
                    }
                }
            });
            let mut expected = vec![1_000_001];
            expected.extend(echo_items(depth));
            assert_eq!(items, expected, "depth {depth}");
            assert_eq!(*log.lock().unwrap(), pairs(&items, &sent), "depth {depth}");
            assert_eq!(ret, sent.iter().sum::<u32>());
        }
    });
}

/// A boxed recursion whose levels are built with `Gen::new` and await a foreign future
/// between their yields: only possible below an async generator, whose executor that future
/// then waits for. The top resumes the awaiting level directly, with the executor's waker.
fn awaiting_chain(level: u32) -> LocalBoxGen<'static, u64, (), u64> {
    Gen::new(move |mut co: Co<u64>| async move {
        co.yield_(item(level, 1)).await;
        YieldNow(false).await;
        let below = if level > 0 {
            co.yield_from(awaiting_chain(level - 1)).await
        } else {
            0
        };
        YieldNow(false).await;
        co.yield_(item(level, 2)).await;
        below + u64::from(level)
    })
    .boxed_local()
}

/// The same shape, delegated to with `yield_from!` (so that its levels join one chain).
#[generator(yield = u64)]
fn awaiting_host(level: u32) -> u64 {
    yield_!(item(level, 1));
    let below = if level > 0 {
        yield_from!(awaiting_host(level - 1).boxed_local())
    } else {
        // The innermost level is a `Gen::new` chain that awaits.
        yield_from!(awaiting_chain(3))
    };
    yield_!(item(level, 2));
    below + u64::from(level)
}

#[generator(yield = u64)]
async fn async_over_awaiting_chain(depth: u32) -> u64 {
    yield_from!(awaiting_host(depth).boxed_local())
}

#[test]
fn a_synchronous_level_awaiting_inside_an_async_generators_chain_is_resumed_by_its_waker() {
    on_big_stack(|| {
        for depth in lighter(vec![0, 1, 3, 10, 100], vec![0, 3]) {
            let mut expected: Vec<u64> = (0..=depth).rev().map(|level| item(level, 1)).collect();
            expected.extend((0..=3).rev().map(|level| item(level, 1)));
            expected.extend((0..=3).map(|level| item(level, 2)));
            expected.extend((0..=depth).map(|level| item(level, 2)));
            let items =
                futures::executor::block_on(async_over_awaiting_chain(depth).collect::<Vec<_>>());
            assert_eq!(items, expected, "depth {depth}");
        }
    });
}

#[test]
fn dropping_an_async_generator_mid_chain_drops_every_level_innermost_first() {
    #[generator(yield = Tracked, resume = Tracked)]
    async fn async_tracked(depth: u32, t: Tracker, drops: DropLog) -> Tracked {
        let _guard = Guard(10_000, drops.clone());
        YieldNow(false).await;
        yield_from!(tracked(depth, t, drops.clone(), 2, false).boxed_local())
    }
    on_big_stack(|| {
        for depth in lighter(vec![0, 1, 10, 100], vec![0, 10]) {
            let t = Tracker::new();
            let drops = DropLog::default();
            futures::executor::block_on(async {
                let mut g = Box::pin(async_tracked(depth, t, drops.clone()));
                drop(g.as_mut().start().await);
                for _ in 0..depth + 2 {
                    drop(g.as_mut().resume(t.make()).await);
                }
                drop(g);
            });
            let mut expected = innermost_first(0..=depth, false);
            expected.push((10_000, false));
            assert_eq!(*drops.borrow(), expected, "depth {depth}");
            t.assert_exact(t.created());
        }
    });
}

// ---------------------------------------------------------------------------------------
// Cost: O(1) per item at any depth, also when sub-generators return without yielding.
// ---------------------------------------------------------------------------------------

/// A right spine of `n` nodes: each node's left child is empty, its right child the rest.
fn right_spine(n: u32) -> Tree {
    (0..n).rev().fold(Tree::Leaf, |below, value| {
        Tree::node(Tree::Leaf, value, below)
    })
}

/// The fastest of three runs of `f`, in nanoseconds.
fn fastest_of_three(mut f: impl FnMut()) -> u128 {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed().as_nanos()
        })
        .min()
        .unwrap()
}

/// `in_order` delegates to every child, empty ones included: each empty one is a delegation
/// that joins the chain and completes in its first poll. Its leaving the chain once looked
/// for it on the chain's path from `deepest` up to the top, where it never is: O(depth) per
/// empty child, so walking a spine of n nodes was O(n²) (release: 100 ns per node guarded
/// at any n; with the empty children 2 µs per node at n = 1000, 28 µs at 16 000). It now
/// unlinks without a walk. A timing test, so ignored: run it by name with `--ignored`.
#[test]
#[ignore = "a timing test: run it by name with --ignored (release) to check the cost"]
fn delegating_to_empty_children_costs_the_same_at_any_depth() {
    on_big_stack(|| {
        let tree = right_spine(16_000);
        let with_empty = fastest_of_three(|| assert_eq!(in_order(&tree).count(), 16_000));
        let guarded = fastest_of_three(|| {
            assert_eq!(in_order_guarded(&tree).count(), 16_000);
        });
        assert!(
            with_empty < 10 * guarded,
            "with empty children: {} ns per node, without: {} ns per node",
            with_empty / 16_000,
            guarded / 16_000
        );
    });
}
