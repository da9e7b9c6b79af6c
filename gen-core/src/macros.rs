//! Fallback definitions of the body macros, so that rustdoc, rust-analyzer and users who
//! write them in the wrong place see a helpful error instead of "cannot find macro".

/// Suspends the generator, handing the value to the caller; evaluates to the next resume
/// value (Python's `x = yield value`).
///
/// `yield_!` only has a meaning inside the body of a [`#[generator]`](crate::generator)
/// function or a `gen_block!`, which rewrite it. Anywhere else, including
/// inside a closure or an `async` block within a generator body (a yield must not escape its
/// generator), it is a compile error.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u32, resume = u32)]
/// fn echo() {
///     let mut heard = yield_!(0);
///     loop {
///         heard = yield_!(heard);
///     }
/// }
///
/// let mut g = echo();
/// g.start();
/// assert_eq!(g.resume(7), GeneratorState::Yielded(7));
/// ```
///
/// Outside a generator:
///
/// ```compile_fail
/// use pygen::yield_;
///
/// fn not_a_generator() {
///     yield_!(1);
/// }
/// ```
#[macro_export]
macro_rules! yield_ {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_!` can only be used in the body of a generator: add \
             `#[generator(yield = Type)]` to the enclosing fn, or write the code in a \
             `gen_block!({ .. })`. (A closure, `async` block or nested fn inside a generator is \
             not part of its body: a yield there would escape its generator.)"
        )
    };
}

/// Delegates to a sub-generator or an iterator, evaluating to the sub-generator's return value
/// (Python's `x = yield from g`, PEP 380).
///
/// - `yield_from!(generator)`: a pygen generator ([`Gen`](crate::Gen),
///   [`AsyncGen`](crate::AsyncGen), pinned or boxed, or any `Generator` wrapped in
///   [`FromGenerator`](crate::delegate::FromGenerator)) with the same yield and resume types;
///   its yields go out through this generator and the values this generator is resumed with
///   go to it. A generator that has never run is polled inline, with no cost per item at any
///   depth. Dropping or closing the outer generator drops the sub-generator first; a panic in
///   the sub-generator propagates through the outer one and finishes both.
/// - `yield_from!(iterable)`: any `IntoIterator<Item = Y>`, in a generator whose resume type
///   is `()` (an iterator cannot receive other resume values: that is a compile error rather
///   than silently dropped values); each item is yielded, and it evaluates to `()`.
///
/// A sub-generator that was already partly consumed continues where it was: it is resumed
/// with `()` first, as Python resumes it with `None`. Where the resume type is not `()` there
/// is no such value, so delegating to a started generator panics; delegating to one that has
/// completed panics too (its return value was already delivered).
///
/// Like [`yield_!`], it only has a meaning directly inside a generator body.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u32)]
/// fn inner() -> &'static str {
///     yield_!(1);
///     yield_!(2);
///     "inner done"
/// }
///
/// #[generator(yield = u32)]
/// fn outer() {
///     let said = yield_from!(inner());
///     assert_eq!(said, "inner done");
///     yield_from!([3, 4]);
/// }
///
/// assert_eq!(outer().collect::<Vec<_>>(), [1, 2, 3, 4]);
/// ```
#[macro_export]
macro_rules! yield_from {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_from!` can only be used in the body of a generator: add \
             `#[generator(yield = Type)]` to the enclosing fn, or write the code in a \
             `gen_block!({ .. })`. (A closure, `async` block or nested fn inside a generator is \
             not part of its body: a yield there would escape its generator.)"
        )
    };
}

/// A generator expression: an inline generator that captures its environment (Python's
/// `(x * x for x in xs)`, nightly Rust's `gen { }`). `gen_block!({ .. })` borrows what it
/// uses; `gen_block!(move { .. })` moves it in. The yield type is inferred from the
/// `yield_!`s; the resume type is `()`; the block's value is the return value.
///
/// The return type is not written anywhere, so unlike a `#[generator]` fn declared
/// `-> Result<..>`, a `gen_block!` whose value is a `Result` is not made
/// [`Fallible`](crate::Fallible): it stays an iterator, which drops the error when it ends.
/// Read such a block with `.results()`, which yields `Result<Y, E>` items ending with the
/// error.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
///
/// let words = vec!["apple", "bob", "kayak", "rust"];
/// let palindromes = gen_block!({
///     for w in &words {
///         if w.chars().eq(w.chars().rev()) {
///             yield_!(w.to_uppercase());
///         }
///     }
/// });
/// assert_eq!(palindromes.collect::<Vec<_>>(), ["BOB", "KAYAK"]);
///
/// // `move` to return it from a function:
/// fn countdown(from: u32) -> impl Iterator<Item = u32> {
///     gen_block!(move {
///         for i in (0..=from).rev() {
///             yield_!(i);
///         }
///     })
/// }
/// assert_eq!(countdown(3).collect::<Vec<_>>(), [3, 2, 1, 0]);
/// ```
#[macro_export]
macro_rules! gen_block {
    () => {
        ::core::compile_error!(
            "`gen_block!` takes a block: `gen_block!({ .. })`, or `gen_block!(move { .. })` to \
             move what it uses into the generator"
        )
    };
    ($($tokens:tt)*) => {
        $crate::__private::gen_block_impl! { ($crate) $($tokens)* }
    };
}
