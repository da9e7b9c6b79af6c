//! Procedural macros of [pygen](https://docs.rs/pygen). Depend on `pygen`, which
//! re-exports them; this crate's paths are not stable.
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

// The stages, in order, and the two pipelines that run them.
mod emit;
mod errors;
mod model;
mod parse;
mod recursion;
mod validate;
mod walk;

mod block;
mod generator;

/// Turns a function into a generator: calling it runs nothing and returns a
/// [`Gen`](https://docs.rs/pygen/latest/pygen/struct.Gen.html) that runs the body up to
/// each `yield_!(value)` as it is resumed.
///
/// ```text
/// #[generator(yield = Y)]                       // yields Y, resumed with ()
/// #[generator(yield = Y, resume = R)]           // yield_!(v) evaluates to the R passed to resume
/// #[generator(yield = Y, crate = my::pygen)] // for crates that re-export pygen
/// ```
///
/// The function's declared return type is the generator's *return value* (Python's
/// `StopIteration.value`); the function itself returns
/// `pygen::Gen<Y, R, impl Future<Output = Ret>>`. It works on free functions, methods
/// (`&self`, `&mut self`, `self`), trait impl methods (a trait method returning
/// `impl Iterator<Item = Y>` can be implemented by a generator), generic functions,
/// lifetimes, `where` clauses and `impl Trait` arguments; doc comments and other attributes
/// are kept. Arguments are moved into the generator, and may be borrowed across yields.
///
/// Inside the body, `yield_!(v)` suspends the generator and evaluates to the resume value;
/// `return v`, the tail expression and `?` set the return value.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
///
/// /// Splits `text` into words, lazily.
/// #[generator(yield = &'a str)]
/// fn words<'a>(text: &'a str) -> usize {
///     let mut count = 0;
///     for word in text.split_whitespace() {
///         yield_!(word);
///         count += 1;
///     }
///     count
/// }
///
/// assert_eq!(words("to be or not").collect::<Vec<_>>(), ["to", "be", "or", "not"]);
///
/// let mut g = words("a b");
/// assert_eq!(g.resume(()), GeneratorState::Yielded("a"));
/// assert_eq!(g.resume(()), GeneratorState::Yielded("b"));
/// assert_eq!(g.resume(()), GeneratorState::Complete(2));
/// ```
#[proc_macro_attribute]
pub fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    generator::expand(args.into(), input.into()).into()
}

/// Not public API: the implementation of `pygen::gen_block!`, which passes its own path as
/// a parenthesized first token group (a function-like proc macro has no `$crate`).
#[doc(hidden)]
#[proc_macro]
pub fn gen_block_impl(input: TokenStream) -> TokenStream {
    block::expand(input.into()).into()
}
