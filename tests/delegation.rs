//! `yield_from!`, boxed generators, recursion and `gen_block!` (SPEC 3, issue 3).

use pygen::prelude::*;
use pygen::{BoxGen, LocalBoxGen};
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<String>>>;

fn record(log: &Log, event: impl Into<String>) {
    log.borrow_mut().push(event.into());
}

/// Logs its name when dropped: a Python `finally:` block.
struct Finally(Log, &'static str);

impl Drop for Finally {
    fn drop(&mut self) {
        record(&self.0, format!("finally {}", self.1));
    }
}

#[generator(yield = u32, resume = u32)]
fn echo_twice(log: Log) -> &'static str {
    let _finally = Finally(log.clone(), "inner");
    let a = yield_!(1);
    record(&log, format!("inner got {a}"));
    let b = yield_!(2);
    record(&log, format!("inner got {b}"));
    "inner result"
}

#[generator(yield = u32, resume = u32)]
fn outer(log: Log) -> String {
    let _finally = Finally(log.clone(), "outer");
    let x = yield_!(0);
    record(&log, format!("outer got {x}"));
    let result = yield_from!(echo_twice(log.clone()));
    record(&log, format!("outer got result {result:?}"));
    let y = yield_!(3);
    format!("{result}, then {y}")
}

#[test]
fn yields_go_out_resume_values_go_in_and_the_return_value_comes_back() {
    let events: Log = Rc::default();
    let mut g = outer(events.clone());
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume(10), GeneratorState::Yielded(1));
    assert_eq!(g.resume(11), GeneratorState::Yielded(2));
    assert_eq!(g.resume(12), GeneratorState::Yielded(3));
    assert_eq!(
        g.resume(13),
        GeneratorState::Complete("inner result, then 13".to_string())
    );
    assert_eq!(
        *events.borrow(),
        [
            "outer got 10",
            "inner got 11",
            "inner got 12",
            "finally inner",
            "outer got result \"inner result\"",
            "finally outer",
        ]
    );
}

#[test]
fn closing_the_outer_generator_drops_the_inner_one_first() {
    let events: Log = Rc::default();
    let mut g = outer(events.clone());
    g.start();
    assert_eq!(g.resume(10), GeneratorState::Yielded(1)); // inside the delegation
    g.close();
    assert_eq!(
        *events.borrow(),
        ["outer got 10", "finally inner", "finally outer"]
    );
}

#[test]
fn dropping_the_outer_generator_drops_the_inner_one_first() {
    let events: Log = Rc::default();
    {
        let mut g = pin!(outer(events.clone()));
        g.as_mut().start();
        g.as_mut().resume(10);
        g.as_mut().resume(11);
    } // the pinned generator is dropped here
    assert_eq!(
        *events.borrow(),
        [
            "outer got 10",
            "inner got 11",
            "finally inner",
            "finally outer"
        ]
    );
}

#[generator(yield = u32)]
fn level(depth: u32, width: u32) -> u32 {
    if depth == 0 {
        for i in 0..width {
            yield_!(i);
        }
        return width;
    }
    let below = yield_from!(level(depth - 1, width).boxed_local());
    yield_!(100 + depth);
    below + 1
}

#[test]
fn delegation_works_at_any_depth() {
    let mut g = level(5, 3);
    let mut items = Vec::new();
    let ret = loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => items.push(x),
            GeneratorState::Complete(r) => break r,
        }
    };
    assert_eq!(items, [0, 1, 2, 101, 102, 103, 104, 105]);
    assert_eq!(ret, 8);
}

#[generator(yield = u64)]
fn flat(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
fn mid(n: u64) -> u64 {
    yield_from!(flat(n));
    n
}

#[generator(yield = u64)]
fn top(n: u64) -> u64 {
    let got = yield_from!(mid(n));
    yield_!(got);
    got
}

#[test]
fn inline_delegation_chains_yield_everything_in_order() {
    assert_eq!(top(3).collect::<Vec<_>>(), [0, 1, 2, 3]);
    let g = pin!(top(1000));
    assert_eq!(g.sum::<u64>(), 499_500 + 1000);
}

#[test]
fn yield_from_an_iterable() {
    let g = gen_block!({
        yield_from!(vec![1, 2]);
        yield_from!(3..5);
        yield_from!("ab".chars().map(|c| c as u32));
    });
    assert_eq!(g.collect::<Vec<u32>>(), [1, 2, 3, 4, 97, 98]);
}

#[test]
fn a_generator_that_is_also_an_iterator_is_delegated_to_as_a_generator() {
    // `flat(2)` is an Iterator too, but delegation keeps its return value.
    let g = gen_block!({
        let ret: () = yield_from!(flat(2));
        ret
    });
    assert_eq!(g.collect::<Vec<_>>(), [0, 1]);
}

#[test]
fn a_partly_consumed_sub_generator_continues_where_it_was() {
    let mut sub = flat(5);
    assert_eq!(sub.next(), Some(0));
    assert_eq!(sub.next(), Some(1));
    let g = gen_block!(move {
        yield_from!(sub);
    });
    assert_eq!(g.collect::<Vec<_>>(), [2, 3, 4]);
}

#[test]
fn a_pinned_sub_generator_is_delegated_to_by_reference() {
    let mut sub = pin!(flat(4));
    assert_eq!(sub.as_mut().next(), Some(0));
    {
        let g = gen_block!({
            yield_from!(sub.as_mut());
        });
        assert_eq!(g.take(2).collect::<Vec<_>>(), [1, 2]);
    }
    // The delegation stopped early; the sub-generator keeps its place.
    assert_eq!(sub.next(), Some(3));
}

#[generator(yield = u32)]
fn panics_after(n: u32, events: Log) {
    let _finally = Finally(events, "panicking inner");
    for i in 0..n {
        yield_!(i);
    }
    panic!("inner failed");
}

#[test]
fn a_panic_in_the_inner_generator_propagates_through_the_outer_and_finishes_both() {
    let events: Log = Rc::default();
    let ev = events.clone();
    let mut g = gen_block!(move {
        let _finally = Finally(ev.clone(), "outer");
        yield_from!(panics_after(1, ev.clone()));
        yield_!(99);
    });
    assert_eq!(g.next(), Some(0));
    let err = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
    assert_eq!(err.downcast_ref::<&str>(), Some(&"inner failed"));
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    assert_eq!(
        *events.borrow(),
        ["finally panicking inner", "finally outer"]
    );
}

#[test]
#[should_panic(expected = "already completed")]
fn delegating_to_a_completed_generator_panics() {
    let mut sub = flat(1);
    assert_eq!(sub.by_ref().count(), 1);
    let mut g = gen_block!(move {
        yield_from!(sub);
    });
    g.next();
}

struct Tree {
    value: u32,
    children: Vec<Tree>,
}

fn build(next: &mut u32, depth: u32, fanout: u32) -> Tree {
    let value = *next;
    *next += 1;
    let children = if depth == 0 {
        Vec::new()
    } else {
        (0..fanout)
            .map(|_| build(next, depth - 1, fanout))
            .collect()
    };
    Tree { value, children }
}

#[generator(yield = u32)]
fn walk(tree: &Tree) {
    yield_!(tree.value);
    for child in &tree.children {
        yield_from!(walk(child).boxed_local());
    }
}

#[generator(yield = u32, send)]
fn walk_send(tree: &Tree) {
    yield_!(tree.value);
    for child in &tree.children {
        yield_from!(walk_send(child).boxed());
    }
}

#[test]
fn recursion_over_a_hundred_thousand_node_tree() {
    // 1 + 10 + 100 + ... + 10^5 nodes is too many; 3^10 gives 88 573 at depth 10, and a few
    // more levels of fanout 2 pass 100 000.
    let mut next = 0;
    let tree = build(&mut next, 16, 2); // 2^17 - 1 = 131 071 nodes
    assert!(next > 100_000);
    let preorder: Vec<u32> = walk(&tree).collect();
    assert_eq!(preorder.len() as u32, next);
    assert!(
        preorder.iter().copied().eq(0..next),
        "pre-order visits nodes in creation order"
    );
}

#[test]
fn recursive_send_generators_cross_threads() {
    let mut next = 0;
    let tree = build(&mut next, 10, 2);
    let total = std::thread::scope(|s| {
        let g: BoxGen<'_, u32> = walk_send(&tree).boxed();
        s.spawn(move || g.map(u64::from).sum::<u64>())
            .join()
            .unwrap()
    });
    assert_eq!(total, (0..u64::from(next)).sum());
}

#[test]
fn boxed_generators_are_send_and_share_a_type() {
    fn assert_send<T: Send>(_: &T) {}
    let gens: Vec<BoxGen<'static, u64, (), ()>> = vec![flat(2).boxed(), flat(3).boxed()];
    assert_send(&gens);
    let handles: Vec<_> = gens
        .into_iter()
        .map(|g| std::thread::spawn(move || g.collect::<Vec<_>>()))
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results, [vec![0, 1], vec![0, 1, 2]]);
}

#[test]
fn boxed_generators_have_the_generator_api() {
    let mut g: LocalBoxGen<'_, u32, u32, &str> = echo_twice(Rc::default()).boxed_local();
    assert_eq!(g.start(), GeneratorState::Yielded(1));
    assert_eq!(g.resume(5), GeneratorState::Yielded(2));
    assert!(!g.is_complete());
    g.close();
    assert!(g.is_complete());
    assert_eq!(format!("{g:?}"), "LocalBoxGen { status: Complete, .. }");
}

#[test]
fn gen_block_borrows_or_moves_its_environment() {
    let data = vec![3, 1, 2];
    let borrowed = gen_block!({
        for x in &data {
            yield_!(x * 10);
        }
    });
    assert_eq!(borrowed.collect::<Vec<_>>(), [30, 10, 20]);
    assert_eq!(data.len(), 3, "still ours");

    let moved = gen_block!(move {
        for x in data {
            yield_!(x);
        }
        "done"
    });
    let mut moved = moved;
    assert_eq!(moved.resume(()), GeneratorState::Yielded(3));
    assert_eq!(moved.by_ref().count(), 2);
}

#[test]
fn gen_block_is_usable_wherever_an_iterator_is_expected() {
    fn total(it: impl IntoIterator<Item = u32>) -> u32 {
        it.into_iter().sum()
    }
    let n = 4;
    assert_eq!(
        total(gen_block!({
            for i in 0..n {
                yield_!(i)
            }
        })),
        6
    );
    let nested = gen_block!(move {
        let inner = gen_block!(move {
            yield_!(1u8);
            yield_!(2);
        });
        yield_from!(inner);
        yield_!(3);
    });
    assert_eq!(nested.collect::<Vec<_>>(), [1, 2, 3]);
}

#[generator(yield = String)]
fn fallible_lines(text: &'static str) -> Result<(), std::num::ParseIntError> {
    for line in text.lines() {
        let n: u32 = line.trim().parse()?;
        yield_!(format!("#{n}"));
    }
    Ok(())
}

#[test]
fn a_fallible_generator_is_an_iterator_of_results_that_ends_with_the_error() {
    let items: Vec<_> = fallible_lines("1\n2\nx\n4").results().collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_deref(), Ok("#1"));
    assert_eq!(items[1].as_deref(), Ok("#2"));
    assert!(items[2].is_err());
    let ok: Result<Vec<_>, _> = fallible_lines("5\n6").results().collect();
    assert_eq!(ok.unwrap(), ["#5", "#6"]);
    let boxed: Vec<_> = fallible_lines("7\ny").boxed().results().collect();
    assert_eq!(boxed.len(), 2);
}

// Sizes: a level of delegation adds the delegation's bookkeeping to the sub-generator's state,
// never a second copy of the sub-generator (rustc keeps a moved-from local in the state machine
// if it is in scope at an `.await`, rust-lang/rust#62958; the expansion of `yield_from!` ends
// its bindings before it, and before that fix the size doubled at each level: 72, 200, 456,
// 968 bytes).

#[generator(yield = u64)]
fn sized_leaf(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
fn sized_level_1(n: u64) {
    yield_from!(sized_leaf(n));
}

#[generator(yield = u64)]
fn sized_level_2(n: u64) {
    yield_from!(sized_level_1(n));
}

#[generator(yield = u64)]
fn sized_level_3(n: u64) {
    yield_from!(sized_level_2(n));
}

#[test]
fn each_level_of_delegation_adds_a_constant_not_a_copy() {
    let sizes = [
        size_of_val(&sized_leaf(1)),
        size_of_val(&sized_level_1(1)),
        size_of_val(&sized_level_2(1)),
        size_of_val(&sized_level_3(1)),
    ];
    for level in 1..sizes.len() {
        let added = sizes[level] - sizes[level - 1];
        assert!(
            added <= 64,
            "level {level} adds {added} bytes to a {}-byte sub-generator: {sizes:?}",
            sizes[level - 1]
        );
    }
    assert_eq!(
        sizes[3] - sizes[2],
        sizes[2] - sizes[1],
        "linear, not geometric: {sizes:?}"
    );
    assert_eq!(sized_level_3(4).collect::<Vec<_>>(), [0, 1, 2, 3]);
}
