//! The expansions of `#[generator]`, `yield_!`, `yield_from!` and `gen_block!` only use absolute
//! paths and hidden names: generators keep working in a module that shadows everything a
//! careless expansion could name (`core`, `std`, `Option`, `Some`, `Gen`, `Future`, `Co`,
//! ...), and in bodies that define their own `__co`, `__ret`, `__value`, ... locals.
//!
//! The module is also compiled with the lints a careful user turns on: the expansion must not
//! trip them in the user's code.
#![deny(warnings, unused_qualifications, rust_2018_idioms, unused_results)]
#![deny(clippy::all, clippy::pedantic)]
#![allow(non_camel_case_types, dead_code)]

mod shadowing {
    // Modules and items named like everything an expansion might use unqualified.
    mod core {}
    mod std {}
    mod alloc {}
    mod pygen {}
    pub(super) struct Option;
    pub(super) struct Result;
    pub(super) struct Box;
    pub(super) struct Pin;
    pub(super) struct Gen;
    pub(super) struct AsyncGen;
    pub(super) struct Co;
    pub(super) struct Future;
    pub(super) struct Iterator;
    pub(super) struct IntoIterator;
    pub(super) struct Send;
    pub(super) struct Operand;
    pub(super) struct BoxGen;
    pub(super) struct LocalBoxGen;
    pub(super) struct Fallible;
    #[allow(non_snake_case)]
    pub(super) fn Some() {}
    #[allow(non_snake_case)]
    pub(super) fn None() {}
    #[allow(non_snake_case)]
    pub(super) fn Ok() {}
    #[allow(unused_macros)]
    macro_rules! unreachable {
        () => {
            compile_error!("the expansion must not use a `unreachable!` in scope")
        };
    }
    #[allow(unused_macros)]
    macro_rules! panic {
        ($($t:tt)*) => {
            compile_error!("the expansion must not use a `panic!` in scope")
        };
    }

    // Only the macros themselves are imported, by absolute paths. (`yield_!` and `yield_from!`
    // need no import inside a generator, which rewrites them; an explicit import of them is
    // reported unused, see docs/DIAGNOSTICS.md.)
    use ::pygen::{gen_block, generator};

    #[generator(yield = u32)]
    pub(super) fn inner() -> &'static str {
        yield_!(1);
        yield_!(2);
        "inner done"
    }

    /// A sync generator with every body macro, `?`, `return` and a resume type.
    #[generator(yield = u32, resume = u32)]
    pub(super) fn sync(limit: u32) -> ::core::result::Result<u32, &'static str> {
        let mut total = 0;
        for i in 0..limit {
            total += yield_!(i);
        }
        if total > 1000 {
            return ::core::result::Result::Err("too much");
        }
        let parsed: u32 = "7".parse::<u32>().map_err(|_| "not a number")?;
        ::core::result::Result::Ok(total + parsed)
    }

    /// `yield_from!` of a generator and of an iterator, in a generator resumed with `()`.
    #[generator(yield = u32)]
    pub(super) fn delegating() -> usize {
        let said = yield_from!(inner());
        yield_from!([3, 4]);
        yield_from!(::std::vec![5]);
        said.len()
    }

    /// An async generator.
    #[generator(yield = u32)]
    pub(super) async fn asynchronous(values: ::std::vec::Vec<u32>) {
        for value in values {
            ::core::future::ready(()).await;
            yield_!(value);
        }
        let _said = yield_from!(inner());
    }

    /// Generated names do not clash with the body's own: a body may bind every one of them.
    #[generator(yield = u32)]
    #[allow(
        clippy::no_effect_underscore_binding,
        clippy::used_underscore_binding,
        clippy::let_and_return
    )]
    pub(super) fn dunders((a, b): (u32, u32)) -> u32 {
        let __co = a;
        let __value = b;
        let __sub = 10;
        let __kind = 20;
        let __arg0 = 30;
        let __seal = 40;
        yield_!(__co);
        yield_!(__value);
        yield_from!([__sub, __kind]);
        let __ret = __arg0 + __seal;
        __ret
    }

    /// Boxed: `LocalBoxGen`, with the lifetime parameters of several borrowed arguments and
    /// a type parameter; `BoxGen`, calling itself.
    #[generator(yield = u32, boxed_local)]
    pub(super) fn boxed_local<T: ::core::clone::Clone + ::core::convert::Into<u32>>(
        first: &[T],
        second: &[T],
    ) {
        for item in first.iter().chain(second) {
            yield_!(item.clone().into());
        }
    }

    #[generator(yield = u32, boxed)]
    pub(super) fn boxed(n: u32) {
        if n > 0 {
            yield_!(n);
            yield_from!(boxed(n - 1));
        }
    }

    /// A generator expression, whose `$crate` path survives the shadowing too.
    pub(super) fn block(words: &[&'static str]) -> impl ::core::iter::Iterator<Item = usize> {
        let lengths: ::std::vec::Vec<usize> = words.iter().map(|w| w.len()).collect();
        gen_block!(move {
            let __co = 0;
            yield_!(__co);
            yield_from!(lengths);
            yield_from!(inner().map(|n| n as usize));
        })
    }
}

use pygen::prelude::*;

#[test]
fn sync_generators_work_under_shadowing() {
    let mut g = shadowing::sync(3);
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume(10), GeneratorState::Yielded(1));
    assert_eq!(g.resume(20), GeneratorState::Yielded(2));
    assert_eq!(g.resume(30), GeneratorState::Complete(Ok(67)));

    let mut g = shadowing::delegating();
    let mut seen = Vec::new();
    let said = loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => seen.push(x),
            GeneratorState::Complete(ret) => break ret,
        }
    };
    assert_eq!(seen, [1, 2, 3, 4, 5]);
    assert_eq!(said, "inner done".len());
}

#[test]
fn async_generators_work_under_shadowing() {
    let all: Vec<u32> =
        futures::executor::block_on(futures::StreamExt::collect(shadowing::asynchronous(vec![
            7, 8,
        ])));
    assert_eq!(all, [7, 8, 1, 2]);
}

#[test]
fn boxed_generators_work_under_shadowing() {
    let (first, second) = (vec![1_u8, 2], vec![3_u8]);
    let all: Vec<u32> = shadowing::boxed_local(&first, &second).collect();
    assert_eq!(all, [1, 2, 3]);
    assert_eq!(shadowing::boxed(3).collect::<Vec<_>>(), [3, 2, 1]);
}

#[test]
fn hidden_names_are_not_the_bodys() {
    let mut g = shadowing::dunders((1, 2));
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2, 10, 20]);
    let mut g = shadowing::dunders((1, 2));
    for _ in 0..4 {
        let _ = g.resume(());
    }
    assert_eq!(g.resume(()), GeneratorState::Complete(70));
}

#[test]
fn gen_block_works_under_shadowing() {
    assert_eq!(
        shadowing::block(&["a", "bcd"]).collect::<Vec<_>>(),
        [0, 1, 3, 1, 2]
    );
}

/// Bodies whose shape once made the expansion trip lints on the user's code: a body that only
/// diverges (`clippy::diverging_sub_expression`), a body that is a single expression
/// (`unused_braces`), and a yield nested in another yield's value.
mod lint_clean_shapes {
    use pygen::prelude::*;

    #[generator(yield = u8)]
    pub(crate) fn only_panics() {
        panic!("never resumed in these tests");
    }

    #[generator(yield = u8)]
    pub(crate) fn single_expression() {
        yield_!(1)
    }

    #[generator(yield = u32, resume = u32)]
    pub(crate) fn nested_yield() -> u32 {
        yield_!(yield_!(1) * 2)
    }
}

#[test]
fn lint_clean_shapes_work() {
    drop(lint_clean_shapes::only_panics());
    assert_eq!(
        lint_clean_shapes::single_expression().collect::<Vec<_>>(),
        [1]
    );
    let mut g = lint_clean_shapes::nested_yield();
    assert_eq!(g.start(), GeneratorState::Yielded(1));
    assert_eq!(g.resume(5), GeneratorState::Yielded(10));
    assert_eq!(g.resume(7), GeneratorState::Complete(7));
}
