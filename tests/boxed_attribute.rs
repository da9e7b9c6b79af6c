//! `#[generator(.., boxed)]` and `#[generator(.., boxed_local)]`: the fn returns the boxed,
//! type-erased generator (`BoxGen` / `LocalBoxGen`), which is what a trait method declared
//! to return one needs, and what lets a recursive generator call itself without boxing.

use std::rc::Rc;

use pygen::prelude::*;
use pygen::{BoxGen, Fallible, LocalBoxGen};

/// No lifetime in the arguments: `LocalBoxGen<'static, ..>`.
#[generator(yield = u32, boxed_local)]
fn count_to(n: u32) -> &'static str {
    for i in 1..=n {
        yield_!(i);
    }
    "counted"
}

#[test]
fn a_free_fn_returns_a_local_box_gen() {
    let g: LocalBoxGen<'static, u32, (), &str> = count_to(3);
    assert_eq!(g.collect::<Vec<_>>(), [1, 2, 3]);
    let mut g = count_to(1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Complete("counted"));
}

#[generator(yield = u64, boxed)]
fn squares(n: u64) {
    for i in 0..n {
        yield_!(i * i);
    }
}

#[test]
fn boxed_is_send() {
    let g: BoxGen<'static, u64> = squares(4);
    let sum = std::thread::spawn(move || g.sum::<u64>()).join().unwrap();
    assert_eq!(sum, 14);
}

struct Words(String);

impl Words {
    /// `&self` alone: the generator borrows `self` for the elided lifetime.
    #[generator(yield = &str, boxed_local)]
    fn each(&self) {
        for word in self.0.split_whitespace() {
            yield_!(word);
        }
    }
}

#[test]
fn a_method_borrows_self() {
    let words = Words("to be or not".to_owned());
    let g: LocalBoxGen<'_, &str> = words.each();
    assert_eq!(g.collect::<Vec<_>>(), ["to", "be", "or", "not"]);
}

trait Source {
    fn items(&self) -> LocalBoxGen<'_, u32>;
}

struct Range(u32);
struct Repeat(u32, u32);

impl Source for Range {
    #[generator(yield = u32, boxed_local)]
    fn items(&self) {
        for i in 0..self.0 {
            yield_!(i);
        }
    }
}

impl Source for Repeat {
    #[generator(yield = u32, boxed_local)]
    fn items(&self) {
        for _ in 0..self.1 {
            yield_!(self.0);
        }
    }
}

#[test]
fn trait_methods_and_trait_objects() {
    let sources: Vec<Box<dyn Source>> = vec![Box::new(Range(3)), Box::new(Repeat(7, 2))];
    let all: Vec<u32> = sources.iter().flat_map(|source| source.items()).collect();
    assert_eq!(all, [0, 1, 2, 7, 7]);
}

struct Node {
    value: u32,
    children: Vec<Rc<Node>>,
}

/// Recursion without `.boxed_local()` on the recursive call: it returns a box already.
#[generator(yield = u32, boxed_local)]
fn walk(node: Rc<Node>) -> usize {
    yield_!(node.value);
    let mut visited = 1;
    for child in &node.children {
        visited += yield_from!(walk(child.clone()));
    }
    visited
}

#[test]
fn recursion_needs_no_boxing_at_the_call() {
    let leaf = |value| {
        Rc::new(Node {
            value,
            children: vec![],
        })
    };
    let tree = Rc::new(Node {
        value: 1,
        children: vec![
            leaf(2),
            Rc::new(Node {
                value: 3,
                children: vec![leaf(4)],
            }),
        ],
    });
    assert_eq!(walk(tree.clone()).collect::<Vec<_>>(), [1, 2, 3, 4]);
    let mut g = walk(tree);
    let mut state = g.resume(());
    while let GeneratorState::Yielded(_) = state {
        state = g.resume(());
    }
    assert_eq!(state, GeneratorState::Complete(4));
}

/// A `Send` recursive one: `boxed` needs no `send`.
#[generator(yield = u64, boxed)]
fn countdown(n: u64) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1));
    }
}

#[test]
fn send_recursion() {
    let handle = std::thread::spawn(|| countdown(4).collect::<Vec<_>>());
    assert_eq!(handle.join().unwrap(), [4, 3, 2, 1]);
}

/// Several lifetimes and a type parameter: a new lifetime that all of them outlive.
#[generator(yield = String, boxed_local)]
fn pairs<T: std::fmt::Display>(left: &[T], right: &str, sep: impl std::fmt::Display) {
    for item in left {
        yield_!(format!("{item}{sep}{right}"));
    }
}

#[test]
fn several_lifetimes() {
    let numbers = vec![1, 2];
    let right = String::from("x");
    let g = pairs(&numbers, &right, '-');
    assert_eq!(g.collect::<Vec<_>>(), ["1-x", "2-x"]);
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    /// `self` by value holds the impl's `'a`, which the macro cannot see: named here.
    #[generator(yield = u8, boxed_local = 'a)]
    fn bytes(self) {
        for &byte in self.0 {
            yield_!(byte);
        }
    }
}

#[test]
fn a_named_lifetime() {
    let data = vec![5, 6];
    let g: LocalBoxGen<'_, u8> = Cursor(&data).bytes();
    assert_eq!(g.collect::<Vec<_>>(), [5, 6]);
}

/// A resume type and a `Result` return value, boxed: a fallible `LocalBoxGen`.
#[generator(yield = f64, resume = f64, boxed_local)]
fn averager() -> Result<(), String> {
    let (mut total, mut count) = (0.0, 0.0);
    loop {
        let value = yield_!(if count > 0.0 { total / count } else { 0.0 });
        if value < 0.0 {
            return Err(format!("negative: {value}"));
        }
        total += value;
        count += 1.0;
    }
}

#[test]
fn resume_and_return_values() {
    let mut g: LocalBoxGen<'static, f64, f64, Result<(), String>, Fallible> = averager();
    g.start();
    assert_eq!(g.resume(10.0), GeneratorState::Yielded(10.0));
    assert_eq!(g.resume(20.0), GeneratorState::Yielded(15.0));
    assert_eq!(
        g.resume(-1.0),
        GeneratorState::Complete(Err("negative: -1".to_owned()))
    );
}
