//! What `#[generator]` expands to, like `cargo expand` would show it: the generators of
//! `mod with_macro` (a resume type, `yield_from!`, a `Result` return type and `boxed_local`),
//! and in `mod expanded` their expansions written out by hand, which compile and run the same.
//!
//! ```sh
//! cargo run --example expanded
//! ```
//!
//! Kept in sync by two tests: pygen-macros' unit test `examples_expanded_rs_is_the_expansion`
//! runs the attribute on each fn of `mod with_macro` and checks that the result is, token for
//! token (doc comments aside), the fn of the same name in `mod expanded` (on a difference it
//! prints the new expansion); `tests/expanded.rs` runs both versions and compares what they
//! yield and return.
//!
//! The expansion names `::pygen::__private`, which is not public API: write generators with
//! the attribute, or without macros with `Gen::new`, never by copying this.

/// The generators, as written.
pub(crate) mod with_macro {
    use std::num::ParseIntError;

    use pygen::prelude::*;

    /// Echoes each value it is sent, `times` times; returns how many values it echoed.
    #[generator(yield = u32, resume = u32)]
    pub(crate) fn echo(times: u32) -> u32 {
        let mut heard = 0;
        for _ in 0..times {
            heard = yield_!(heard);
        }
        times
    }

    /// Yields the numbers of `text` until one does not parse, boxed: a `Result` return type
    /// makes it `Fallible` (read it with `.results()`), `boxed_local` a `LocalBoxGen`.
    #[generator(yield = u32, boxed_local)]
    pub(crate) fn numbers(text: &str) -> Result<usize, ParseIntError> {
        let mut count = 0;
        for word in text.split_whitespace() {
            yield_!(word.parse()?);
            count += 1;
        }
        Ok(count)
    }

    /// First delegates to `echo(2)`, then yields the running total of what it is sent, until it
    /// is sent 0; returns the total.
    #[generator(yield = u32, resume = u32)]
    pub(crate) fn running_total(start: u32) -> u32 {
        let mut total = start + yield_from!(echo(2));
        loop {
            match yield_!(total) {
                0 => return total,
                sent => total += sent,
            }
        }
    }
}

/// The same generators, as `#[generator]` expands them. In the real expansion, the names that
/// start with `__` have mixed-site hygiene: the body can neither name nor shadow them.
#[allow(clippy::blocks_in_conditions)] // `match yield_!(x) {..}`, written out
pub(crate) mod expanded {
    use std::num::ParseIntError;

    /// The function now returns the generator: a `Gen` of the yield and resume types, whose
    /// body is an `async` block (a state machine Rust builds for us) with the return value as
    /// its output. Calling it runs nothing: `Gen::new` calls the closure, which only creates
    /// the block, handing it the generator's yield handle `__co`.
    #[allow(refining_impl_trait)]
    pub(crate) fn echo(
        times: u32,
    ) -> ::pygen::Gen<u32, u32, impl ::core::future::Future<Output = u32>> {
        ::pygen::Gen::new(
            move |#[allow(unused_mut)] mut __co: ::pygen::Co<u32, u32>| async move {
                // Never runs: makes the declared return type the block's own, so that a
                // `return` of another type is an error on its value.
                #[allow(unreachable_code, clippy::diverging_sub_expression)]
                if false {
                    let __ret: u32 = ::core::unreachable!();
                    return __ret;
                }
                // Every argument moves into the generator, as into an `async fn`; then the
                // body's statements, whose last one is the block's value.
                let times = times;
                let mut heard = 0;
                for _ in 0..times {
                    // `yield_!(heard)`: the value is checked against the yield type (an error
                    // points at it), handed out, and the resume value comes back.
                    heard = {
                        let __value: u32 = heard;
                        __co.yield_(__value).await
                    };
                }
                times
            },
        )
    }

    /// A `Result` return type: the generator is passed through `__private::fallible`, which
    /// gives its type the `Fallible` marker (its fourth parameter), so that it is not an
    /// iterator by itself, and the declared `LocalBoxGen` holds that. `boxed_local`: the
    /// generator is boxed with `Gen::boxed_local`; its lifetime is the one lifetime of the
    /// arguments, `text`'s, written `'_`.
    #[allow(refining_impl_trait)]
    pub(crate) fn numbers(
        text: &str,
    ) -> ::pygen::LocalBoxGen<'_, u32, (), Result<usize, ParseIntError>, ::pygen::Fallible> {
        ::pygen::Gen::boxed_local(::pygen::__private::fallible(::pygen::Gen::new(
            move |#[allow(unused_mut)] mut __co: ::pygen::Co<u32, ()>| async move {
                #[allow(unreachable_code, clippy::diverging_sub_expression)]
                if false {
                    let __ret: Result<usize, ParseIntError> = ::core::unreachable!();
                    return __ret;
                }
                let text = text;
                let mut count = 0;
                for word in text.split_whitespace() {
                    {
                        let __value: u32 = word.parse()?;
                        __co.yield_(__value).await
                    };
                    count += 1;
                }
                Ok(count)
            },
        )))
    }

    /// `yield_from!(echo(2))` is a delegation future: `echo(2)` has never run, so its body is
    /// polled right inside this one, its yields going straight out and the resume values
    /// straight in; the future's output is its return value.
    #[allow(refining_impl_trait)]
    pub(crate) fn running_total(
        start: u32,
    ) -> ::pygen::Gen<u32, u32, impl ::core::future::Future<Output = u32>> {
        ::pygen::Gen::new(
            move |#[allow(unused_mut)] mut __co: ::pygen::Co<u32, u32>| async move {
                #[allow(unreachable_code, clippy::diverging_sub_expression)]
                if false {
                    let __ret: u32 = ::core::unreachable!();
                    return __ret;
                }
                let start = start;
                let mut total = start + {
                    // Method resolution on `&&&&&Operand` picks how to delegate: to a
                    // generator of the same types (here), to an iterator of the yield type,
                    // or one of three errors that say what is wrong with the operand.
                    #[allow(unused_imports)]
                    use ::pygen::__private::{
                        NeitherLevel as _, OtherGeneratorLevel as _, OtherIteratorLevel as _,
                        SameGeneratorLevel as _, SameIteratorLevel as _,
                    };
                    let __sub = ::pygen::__private::Operand::new(echo(2), &__co);
                    let __kind = (&&&&&__sub).__yield_from_kind();
                    // `(x,).0` is `x`, spanned over the user's operand for error messages.
                    // `None`: with a resume type other than `()` there is no value to send
                    // a sub-generator that has already started, so it must not have.
                    __kind.__delegate((&mut __co,).0, (__sub.0,).0, ::core::option::Option::None)
                }
                // The bindings end before the `.await`, so that the state machine does not
                // keep the moved-from operand next to the delegation.
                .await;
                loop {
                    match {
                        let __value: u32 = total;
                        __co.yield_(__value).await
                    } {
                        0 => return total,
                        sent => total += sent,
                    }
                }
            },
        )
    }
}

use pygen::{Gen, GeneratorState};

/// Drives a `running_total` generator through a fixed conversation: what it yielded, then what
/// it returned.
pub(crate) fn conversation<F: Future<Output = u32>>(mut g: Gen<u32, u32, F>) -> (Vec<u32>, u32) {
    let mut yielded = Vec::new();
    let mut state = g.start();
    for sent in [5, 6, 10, 20, 0] {
        match state {
            GeneratorState::Yielded(value) => yielded.push(value),
            GeneratorState::Complete(total) => return (yielded, total),
        }
        state = g.resume(sent);
    }
    match state {
        GeneratorState::Complete(total) => (yielded, total),
        GeneratorState::Yielded(value) => panic!("still running, yielded {value}"),
    }
}

fn main() {
    let written = conversation(with_macro::running_total(100));
    let by_hand = conversation(expanded::running_total(100));
    println!(
        "with the macro: yielded {:?}, returned {}",
        written.0, written.1
    );
    println!(
        "expanded:       yielded {:?}, returned {}",
        by_hand.0, by_hand.1
    );
    assert_eq!(written, by_hand);

    let written: Vec<_> = with_macro::numbers("1 2 x").results().collect();
    let by_hand: Vec<_> = expanded::numbers("1 2 x").results().collect();
    println!("numbers(\"1 2 x\").results(): {written:?}");
    assert_eq!(written, by_hand);
}
