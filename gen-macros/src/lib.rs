//! Procedural macros of [pygen](https://docs.rs/pygen). Depend on `pygen`, which
//! re-exports them; this crate's paths are not stable.
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

// The stages (parse, validate, walk, emit), what they hand on (model) and how they report
// mistakes (errors), the walk's check of recursive calls; then the two pipelines that run
// the stages, one per macro.
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
/// The function's declared return type is the generator's *return value* (Python's
/// `StopIteration.value`, `()` by default); the function itself returns
/// `pygen::Gen<Y, R, impl Future<Output = Ret>>`. It works on free functions, methods
/// (`&self`, `&mut self`, `self`), trait impl methods, generic functions, lifetimes, `where`
/// clauses and `impl Trait` arguments; doc comments and other attributes are kept. Arguments
/// are moved into the generator, as into an `async fn`, and may be borrowed across yields.
///
/// Inside the body, `yield_!(v)` suspends the generator and evaluates to the resume value;
/// `yield_from!(g)` delegates to a sub-generator or an iterator; `return v`, the tail
/// expression and `?` set the return value.
///
/// # Arguments and forms
///
/// | form | the fn returns | |
/// |---|---|---|
/// | `#[generator(yield = Y)] fn` | `Gen<Y, (), impl Future<Output = Ret>>` | an `Iterator` of `Y` |
/// | `fn .. -> Result<T, E>` | `Gen<Y, R, impl Future<Output = Result<T, E>>, Fallible>` | read with `.results()` (or `.discard_return()`), so that its error is not dropped |
/// | `resume = R` | `Gen<Y, R, ..>` | `yield_!(v)` evaluates to the `R` passed to `resume` |
/// | `async fn` | `AsyncGen<Y, R, ..>` | an async generator, a `futures::Stream`; the body may `.await` |
/// | `send` | `Gen<Y, R, impl Future<Output = Ret> + Send>` | declares the generator `Send`, for a recursive one boxed with `.boxed()` |
/// | `boxed_local` | `LocalBoxGen<'lt, Y, R, Ret>` | the boxed, type-erased generator: for trait methods, trait objects and recursion |
/// | `boxed` | `BoxGen<'lt, Y, R, Ret>` | the same, `Send` |
/// | `boxed_local = 'a`, `boxed = 'a` | `LocalBoxGen<'a, ..>`, `BoxGen<'a, ..>` | with the lifetime named |
/// | `crate = path` | `path::Gen<..>` | where pygen is, for crates that re-export it |
///
/// With a `Result` return type the boxed forms are fallible too:
/// `LocalBoxGen<'lt, Y, R, Result<T, E>, Fallible>`. `yield = Y` is required; everything
/// else is optional and may come in any order. One
/// mistake is one error, on its tokens, saying what to write; the crate's
/// `docs/DIAGNOSTICS.md` lists them.
///
/// # Examples
///
/// `yield = Y`, and a return value:
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
///
/// `resume = R`: values sent in (Python's `send`), after `start()` runs the body to its first
/// yield:
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = f64, resume = f64)]
/// fn averager() {
///     let (mut total, mut count) = (0.0, 0.0);
///     loop {
///         total += yield_!(if count > 0.0 { total / count } else { 0.0 });
///         count += 1.0;
///     }
/// }
///
/// let mut avg = averager();
/// avg.start();
/// assert_eq!(avg.resume(10.0), GeneratorState::Yielded(10.0));
/// assert_eq!(avg.resume(20.0), GeneratorState::Yielded(15.0));
/// ```
///
/// A return type spelled as a `Result` (`Result<..>`, `io::Result<..>`, `anyhow::Result<..>`:
/// any path whose last segment is `Result`) makes a
/// [`Fallible`](https://docs.rs/pygen/latest/pygen/struct.Fallible.html) generator, which is
/// not an `Iterator` (or `Stream`) itself: a `for` loop over it would end quietly on an `Err`,
/// so it is a compile error that says to write `.results()`, an iterator of `Result<Y, E>`
/// that ends with the error, or `.discard_return()` to drop the error on purpose.
/// `resume`, `start` and `yield_from!` work as for any generator. The macro sees only how the
/// type is spelled: behind a type alias (`type Outcome = Result<(), E>;`) the generator stays
/// an iterator, so write `-> Result<..>`, or call `.results()` anyway.
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u32)]
/// fn numbers(text: &'static str) -> Result<(), std::num::ParseIntError> {
///     for word in text.split_whitespace() {
///         yield_!(word.parse()?);
///     }
///     Ok(())
/// }
///
/// let all: Result<Vec<u32>, _> = numbers("1 2 x").results().collect();
/// assert!(all.is_err());
/// assert_eq!(numbers("1 2 x").discard_return().collect::<Vec<_>>(), [1, 2]);
/// ```
///
/// ```compile_fail,E0277
/// use pygen::prelude::*;
///
/// #[generator(yield = String)]
/// fn lines(path: &str) -> std::io::Result<()> {
///     for line in std::fs::read_to_string(path)?.lines() {
///         yield_!(line.to_owned());
///     }
///     Ok(())
/// }
///
/// for line in lines("missing.txt") {} // error: its `Err` would be lost
/// ```
///
/// `async fn`: an async generator, a `futures::Stream`, whose body may await:
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = String)]
/// async fn lines(pages: Vec<&'static str>) {
///     for page in pages {
///         let text = std::future::ready(page).await; // a request, in real code
///         for line in text.lines() {
///             yield_!(line.to_uppercase());
///         }
///     }
/// }
///
/// async fn shout() -> Vec<String> {
///     let mut all = Vec::new();
///     let mut lines = lines(vec!["a\nb", "c"]);
///     while let Some(line) = lines.next().await {
///         all.push(line);
///     }
///     all
/// }
/// ```
///
/// `send`: a recursive generator boxing itself with `.boxed()` declares that it is `Send`
/// (inside its own body, the compiler cannot see it):
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u64, send)]
/// fn countdown(n: u64) {
///     if n > 0 {
///         yield_!(n);
///         yield_from!(countdown(n - 1).boxed());
///     }
/// }
///
/// let handle = std::thread::spawn(|| countdown(3).collect::<Vec<_>>());
/// assert_eq!(handle.join().unwrap(), [3, 2, 1]);
/// ```
///
/// A recursive generator boxes its call of itself, or its state machine would contain
/// itself: `.boxed_local()`, `.boxed()` (with `send`), `Box::pin(..)` (the way for an async
/// generator), or `boxed_local` on the fn itself. An unboxed call of itself that the body
/// delegates to or loops over is an error that says so.
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u32)]
/// async fn countdown(n: u32) {
///     if n > 0 {
///         yield_!(n);
///         yield_from!(Box::pin(countdown(n - 1)));
///     }
/// }
/// ```
///
/// `boxed_local` (and `boxed`, for a `Send` one): the fn returns the boxed generator, so
/// that it can implement a trait method declared to return one, and call itself without
/// boxing the call:
///
/// ```
/// use pygen::LocalBoxGen;
/// use pygen::prelude::*;
///
/// trait Shape {
///     fn corners(&self) -> LocalBoxGen<'_, (i32, i32)>;
/// }
///
/// struct Square(i32);
///
/// impl Shape for Square {
///     #[generator(yield = (i32, i32), boxed_local)]
///     fn corners(&self) {
///         for (x, y) in [(0, 0), (1, 0), (1, 1), (0, 1)] {
///             yield_!((x * self.0, y * self.0));
///         }
///     }
/// }
///
/// let shapes: Vec<Box<dyn Shape>> = vec![Box::new(Square(2))];
/// assert_eq!(shapes[0].corners().last(), Some((0, 2)));
///
/// #[generator(yield = u32, boxed_local)]
/// fn countdown(n: u32) {
///     if n > 0 {
///         yield_!(n);
///         yield_from!(countdown(n - 1)); // already boxed
///     }
/// }
/// assert_eq!(countdown(3).collect::<Vec<_>>(), [3, 2, 1]);
/// ```
///
/// The boxed generator's lifetime `'lt` is outlived by everything the generator holds, that
/// is, by all the arguments: it is `'static` when the arguments have no lifetime and the fn
/// no type parameter; the arguments' one lifetime when they have exactly one (`&self` alone
/// gives `LocalBoxGen<'_, ..>`, which is what a trait declares); otherwise a new lifetime
/// parameter, `'__generator`, which every lifetime and type parameter of the arguments is
/// declared to outlive (their elided lifetimes are named `'__life0`, ...). Lifetimes the
/// arguments do not show, such as those of `Self` in a `self` taken by value, are not seen:
/// name the lifetime with `boxed_local = 'a`.
///
/// `crate = path`: for a library that re-exports pygen (`pub use pygen as rt;`), so that
/// its users' generators need not depend on pygen themselves:
///
/// ```
/// use pygen::prelude::*;
///
/// mod rt {
///     pub use pygen::*;
/// }
///
/// #[generator(yield = u8, crate = crate::rt)]
/// fn digits() {
///     yield_!(1);
///     yield_!(2);
/// }
///
/// fn main() {
///     assert_eq!(digits().collect::<Vec<_>>(), [1, 2]);
/// }
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
