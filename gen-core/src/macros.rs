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
/// use gen_core::prelude::*;
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
/// use gen_core::yield_;
///
/// fn not_a_generator() {
///     yield_!(1);
/// }
/// ```
#[macro_export]
macro_rules! yield_ {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_!` can only be used directly in the body of a `#[generator]` fn or a \
             `gen_block!`; it cannot appear outside one, nor inside a closure, an `async` \
             block or a nested fn within one (a yield must not escape its generator)"
        )
    };
}
