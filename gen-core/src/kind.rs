//! What a generator's types allow: iteration needs the resume type `()` and a return value
//! that may be dropped.

use core::mem;

/// The marker of a generator that can be iterated (or streamed): the default fourth type
/// parameter of [`Gen`](crate::Gen), [`AsyncGen`](crate::AsyncGen) and the boxed generators,
/// for generators whose return value may be dropped when iteration ends.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u8)]
/// fn two() -> usize {
///     yield_!(1);
///     yield_!(2);
///     2 // dropped by `for`, `collect`, ...: not an error, so nothing is lost
/// }
///
/// let g: Gen<u8, (), _, pygen::Plain> = two();
/// assert_eq!(g.collect::<Vec<_>>(), [1, 2]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Plain;

/// The marker of a generator that returns a `Result`, which `#[generator]` gives a fn
/// declared `-> Result<..>`: it is not an `Iterator` (or `Stream`) itself, because iterating
/// it with `for`, `next()` or `collect` would drop its error when it ends. Read it with
/// `.results()`, an iterator of `Result<Y, E>` that ends with the error, or say that the
/// error may be ignored with `.discard_return()`.
///
/// # Examples
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
/// let g: Gen<u32, (), _, pygen::Fallible> = numbers("1 2 x");
/// let items: Vec<_> = g.results().collect();
/// assert!(matches!(items[..], [Ok(1), Ok(2), Err(_)]));
///
/// // On purpose, without the error:
/// assert_eq!(numbers("1 2 x").discard_return().collect::<Vec<_>>(), [1, 2]);
/// ```
///
/// Iterating it directly is a compile error that says what to write:
///
/// ```compile_fail,E0277
/// use pygen::prelude::*;
///
/// #[generator(yield = u32)]
/// fn numbers() -> Result<(), String> {
///     yield_!(1);
///     Err("broken".into())
/// }
///
/// for n in numbers() {} // error: its `Err` would be dropped
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Fallible;

/// The marker of generators that `for`, `Iterator` and `Stream` may consume: [`Plain`] only.
/// Sealed.
///
/// Name it, with [`IterResume`], in generic code that iterates any generator that can be
/// iterated.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
/// use pygen::{IterResume, Iterable};
///
/// /// The largest value of any generator that is an iterator.
/// fn largest<Y: Ord, R: IterResume, F: Future, K: Iterable>(g: Gen<Y, R, F, K>) -> Option<Y> {
///     g.max()
/// }
///
/// #[generator(yield = u32)]
/// fn readings() -> &'static str {
///     yield_!(3);
///     yield_!(9);
///     yield_!(4);
///     "done" // a return value that iteration may drop
/// }
///
/// assert_eq!(largest(readings()), Some(9));
/// ```
///
/// A [`Fallible`] generator is not `Iterable`:
///
/// ```compile_fail,E0277
/// use pygen::prelude::*;
/// use pygen::{IterResume, Iterable};
///
/// fn largest<Y: Ord, R: IterResume, F: Future, K: Iterable>(g: Gen<Y, R, F, K>) -> Option<Y> {
///     g.max()
/// }
///
/// #[generator(yield = u32)]
/// fn readings() -> Result<(), String> {
///     yield_!(3);
///     Err("sensor lost".into())
/// }
///
/// largest(readings()); // error: its `Err` would be dropped; `.results()` keeps it
/// ```
#[diagnostic::on_unimplemented(
    message = "this generator returns a `Result`, and iterating it directly would drop its error",
    label = "its `Err` would be lost when the iteration ends",
    note = "call `.results()` to iterate `Result<Y, E>` items that end with the error (`.collect::<Result<Vec<_>, _>>()` stops at it), or `.discard_return()` to ignore the error on purpose"
)]
pub trait Iterable: sealed::Sealed {}

impl Iterable for Plain {}

/// The resume types of generators that `for`, `Iterator` and `Stream` may consume: `()`, since
/// `next()` has no value to send. Sealed.
///
/// See [`Iterable`] for a generic function that names both bounds.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
/// use pygen::IterResume;
///
/// /// Counts the values of a generator resumed with `R`, when `R` allows iteration.
/// fn count_values<Y, R: IterResume, F: Future>(g: Gen<Y, R, F>) -> usize {
///     g.count()
/// }
///
/// #[generator(yield = char)]
/// fn abc() {
///     for c in ['a', 'b', 'c'] {
///         yield_!(c);
///     }
/// }
///
/// assert_eq!(count_values(abc()), 3);
/// ```
///
/// A generator resumed with values is driven with `start` and `resume` instead:
///
/// ```compile_fail,E0277
/// use pygen::prelude::*;
///
/// #[generator(yield = f64, resume = f64)]
/// fn averager() {
///     let (mut total, mut count) = (0.0, 0.0);
///     loop {
///         total += yield_!(total / count.max(1.0));
///         count += 1.0;
///     }
/// }
///
/// for average in averager() {} // error: `next()` has no `f64` to send it
/// ```
#[diagnostic::on_unimplemented(
    message = "a generator resumed with `{Self}` values is not an iterator: `next()` has no `{Self}` to send it",
    label = "this generator takes `{Self}` values at each `yield_!`",
    note = "drive it with `g.start()` (run to the first `yield_!`), then `g.resume(value)` for each step; only generators without `resume = ..` (resumed with `()`) are iterators and streams"
)]
pub trait IterResume: sealed::Sealed {
    /// The value `next()` resumes with.
    #[doc(hidden)]
    fn unit() -> Self;
}

impl IterResume for () {
    #[inline(always)]
    fn unit() -> Self {}
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Plain {}
    impl Sealed for () {}
}

/// `R` carries nothing that could be lost: a zero-sized type without a destructor (`()` and the
/// like). A value of it may be dropped where no `yield_!` is waiting for it.
#[inline(always)]
pub(crate) const fn carries_nothing<R>() -> bool {
    size_of::<R>() == 0 && !mem::needs_drop::<R>()
}
