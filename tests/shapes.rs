//! `#[generator]` on every function shape SPEC 3 lists.

use pygen::prelude::*;
use std::fmt::Display;

#[generator(yield = u32)]
fn free_fn(n: u32) {
    for i in 0..n {
        yield_!(i);
    }
}

#[test]
fn free_function() {
    assert_eq!(free_fn(3).collect::<Vec<_>>(), [0, 1, 2]);
}

struct Bag {
    items: Vec<String>,
    taken: usize,
}

impl Bag {
    /// Borrows `self` across yields.
    #[generator(yield = &str)]
    fn iter(&self) {
        for item in &self.items {
            yield_!(item.as_str());
        }
    }

    #[generator(yield = String)]
    fn drain(&mut self) -> usize {
        let n = self.items.len();
        while let Some(item) = self.items.pop() {
            self.taken += 1;
            yield_!(item);
        }
        n
    }

    #[generator(yield = String)]
    fn into_gen(self) {
        for item in self.items {
            yield_!(item);
        }
    }
}

#[test]
fn methods_on_self_ref_mut_and_value() {
    let mut bag = Bag {
        items: vec!["a".into(), "b".into()],
        taken: 0,
    };
    assert_eq!(bag.iter().collect::<Vec<_>>(), ["a", "b"]);

    let mut drain = bag.drain();
    assert_eq!(drain.resume(()), GeneratorState::Yielded("b".to_string()));
    assert_eq!(drain.resume(()), GeneratorState::Yielded("a".to_string()));
    assert_eq!(drain.resume(()), GeneratorState::Complete(2));
    drop(drain);
    assert_eq!(bag.taken, 2);

    bag.items.push("c".into());
    assert_eq!(bag.into_gen().collect::<Vec<_>>(), ["c"]);
}

trait Source {
    fn numbers(&self) -> impl Iterator<Item = u64>;
    fn labels<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = String> + 'a;
}

struct Evens(u64);

impl Source for Evens {
    #[generator(yield = u64)]
    fn numbers(&self) {
        for i in 0..self.0 {
            yield_!(i * 2);
        }
    }

    #[generator(yield = String)]
    fn labels<'a>(&'a self, prefix: &'a str) {
        for i in 0..self.0 {
            yield_!(format!("{prefix}{i}"));
        }
    }
}

#[test]
fn trait_impl_methods_returning_impl_iterator() {
    let evens = Evens(3);
    assert_eq!(evens.numbers().collect::<Vec<_>>(), [0, 2, 4]);
    assert_eq!(evens.labels("#").collect::<Vec<_>>(), ["#0", "#1", "#2"]);
    fn through_trait(source: &impl Source) -> u64 {
        source.numbers().sum()
    }
    assert_eq!(through_trait(&evens), 6);
}

#[generator(yield = T)]
fn repeat_each<T: Clone>(items: Vec<T>, times: usize) {
    for item in items {
        for _ in 0..times {
            yield_!(item.clone());
        }
    }
}

#[generator(yield = (K, V))]
fn pairs<K, V>(keys: Vec<K>, values: Vec<V>) -> usize
where
    K: Ord,
    V: Default,
{
    let n = keys.len();
    for (k, v) in keys.into_iter().zip(values) {
        yield_!((k, v));
    }
    n
}

#[test]
fn generics_and_where_clauses() {
    assert_eq!(repeat_each(vec!['x', 'y'], 2).collect::<String>(), "xxyy");
    let mut g = pairs(vec![1, 2], vec!["a", "b"]);
    assert_eq!(g.resume(()), GeneratorState::Yielded((1, "a")));
    assert_eq!(g.resume(()), GeneratorState::Yielded((2, "b")));
    assert_eq!(g.resume(()), GeneratorState::Complete(2));
}

#[generator(yield = &'a str)]
fn split_words<'a>(text: &'a str, sep: char) {
    for word in text.split(sep) {
        yield_!(word);
    }
}

#[generator(yield = &T)]
fn every_other<T>(slice: &[T]) {
    for item in slice.iter().step_by(2) {
        yield_!(item);
    }
}

#[test]
fn lifetimes_and_borrowed_arguments_held_across_yields() {
    let text = String::from("a,b,c");
    assert_eq!(split_words(&text, ',').collect::<Vec<_>>(), ["a", "b", "c"]);
    let data = [1, 2, 3, 4, 5];
    assert_eq!(every_other(&data).copied().collect::<Vec<_>>(), [1, 3, 5]);
}

#[generator(yield = String)]
fn show_all(items: impl IntoIterator<Item = impl Display>) {
    for item in items {
        yield_!(item.to_string());
    }
}

#[test]
fn impl_trait_arguments() {
    assert_eq!(show_all([1.5, 2.0]).collect::<Vec<_>>(), ["1.5", "2"]);
}

#[generator(yield = u8)]
fn patterns((a, b): (u8, u8), [c, d]: [u8; 2], mut e: u8) {
    e += 1;
    for x in [a, b, c, d, e] {
        yield_!(x);
    }
}

#[test]
fn argument_patterns_and_mut_bindings() {
    assert_eq!(
        patterns((1, 2), [3, 4], 4).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
}

mod visibility {
    use pygen::prelude::*;

    /// Documented and kept public.
    #[generator(yield = u8)]
    #[inline]
    #[must_use]
    pub(crate) fn visible() {
        yield_!(1);
    }

    #[cfg(any())]
    #[generator(yield = u8)]
    pub(crate) fn configured_out() {
        yield_!(1);
    }

    // Same name as the configured-out fn: compiles only if `#[cfg]` was kept on it.
    pub(crate) fn configured_out() {}
}

#[test]
fn visibility_and_other_attributes_are_kept() {
    assert_eq!(visibility::visible().count(), 1);
    visibility::configured_out();
}

#[generator(yield = u32)]
fn counts_to_infinity() -> std::convert::Infallible {
    let mut i = 0;
    loop {
        yield_!(i);
        i += 1;
    }
}

#[test]
fn diverging_bodies() {
    assert_eq!(counts_to_infinity().nth(10), Some(10));
}

#[generator(yield = ())]
fn no_yields() -> &'static str {
    "nothing to yield"
}

#[test]
fn generator_that_never_yields() {
    let mut g = no_yields();
    assert_eq!(g.resume(()), GeneratorState::Complete("nothing to yield"));
}

#[generator(yield = ())]
fn bare_yields() {
    yield_!();
    yield_!(());
}

#[test]
fn empty_yield_yields_unit() {
    assert_eq!(bare_yields().count(), 2);
}

#[generator(yield = String)]
fn yields_inside_other_macros(n: usize) {
    let mut v = vec![yield_!(format!("a{n}")), yield_!("b".to_string())];
    v.push(());
    assert_eq!(v.len(), 3);
    println!("{:?}", yield_!(String::from("c")));
}

#[test]
fn yields_inside_other_macros_are_rewritten() {
    assert_eq!(
        yields_inside_other_macros(1).collect::<Vec<_>>(),
        ["a1", "b", "c"]
    );
}

#[generator(yield = u32)]
fn braced_macro_statements() {
    yield_! { 1 }
    yield_from! { 2..4 }
    yield_! { 4 }
}

#[test]
fn yield_macros_with_braces_stand_as_statements_without_semicolons() {
    assert_eq!(braced_macro_statements().collect::<Vec<_>>(), [1, 2, 3, 4]);
    let block = gen_block!({
        yield_! { 'a' }
        yield_! { 'b' }
    });
    assert_eq!(block.collect::<String>(), "ab");
}
