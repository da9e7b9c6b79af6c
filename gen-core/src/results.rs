//! Fallible generators: a generator that returns `Result<T, E>` read as an iterator of
//! `Result<Y, E>` that ends with the error.

use core::iter::FusedIterator;
use core::pin::Pin;

use crate::{Generator, GeneratorState};

/// An iterator over the values of a fallible generator (one that returns `Result<T, E>`,
/// typically using `?`), as `Ok(value)`s followed, if the generator failed, by one `Err(e)`.
/// If it succeeded, its `Ok` return value is kept for [`return_value`](Results::return_value).
/// Made by [`Gen::results`](crate::Gen::results) or [`Results::new`].
///
/// It is the shape file, CSV and database readers want: a bad row surfaces as an `Err` item at
/// the point it was met, without a panic and without losing the rows before it.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u32)]
/// fn parse_all(lines: &'static [&'static str]) -> Result<(), std::num::ParseIntError> {
///     for line in lines {
///         yield_!(line.parse()?);
///     }
///     Ok(())
/// }
///
/// let results: Vec<_> = parse_all(&["1", "2", "x", "4"]).results().collect();
/// assert_eq!(results.len(), 3);
/// assert_eq!(results[..2], [Ok(1), Ok(2)]);
/// assert!(results[2].is_err()); // "x" ends the sequence
///
/// // Or stop at the first error with `collect::<Result<_, _>>()`:
/// let all: Result<Vec<u32>, _> = parse_all(&["1", "2"]).results().collect();
/// assert_eq!(all, Ok(vec![1, 2]));
/// ```
#[derive(Debug)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Results<G, T = ()> {
    generator: G,
    returned: Option<T>,
}

impl<G, T> Results<G, T> {
    /// Reads `generator` (any `Unpin` generator resumed with `()` that returns
    /// `Result<T, E>`, such as a pinned `Pin<&mut Gen>`) as an iterator of results.
    ///
    /// ```
    /// use pygen::prelude::*;
    /// use pygen::Results;
    /// use std::pin::pin;
    ///
    /// #[generator(yield = u8)]
    /// fn fails_after_one() -> Result<(), &'static str> {
    ///     yield_!(1);
    ///     Err("broken")
    /// }
    ///
    /// let g = pin!(fails_after_one()); // no allocation
    /// let items: Vec<_> = Results::new(g).collect();
    /// assert_eq!(items, [Ok(1), Err("broken")]);
    /// ```
    pub fn new(generator: G) -> Self {
        Results {
            generator,
            returned: None,
        }
    }

    /// The generator's `Ok` return value, once the iteration has ended without an error
    /// (Python's `StopIteration.value`); `None` before that, after an error, or if taken
    /// already.
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = String)]
    /// fn lines(text: &'static str) -> Result<usize, std::fmt::Error> {
    ///     let mut count = 0;
    ///     for line in text.lines() {
    ///         yield_!(line.to_uppercase());
    ///         count += 1;
    ///     }
    ///     Ok(count)
    /// }
    ///
    /// let mut it = lines("a\nb").results();
    /// assert_eq!(it.by_ref().collect::<Result<Vec<_>, _>>(), Ok(vec!["A".into(), "B".into()]));
    /// assert_eq!(it.return_value(), Some(2));
    /// ```
    pub fn return_value(&mut self) -> Option<T> {
        self.returned.take()
    }

    /// The generator, for its remaining state (after an error it is complete): to resume it
    /// by hand, or see its [`status`](crate::Gen::status).
    ///
    /// ```
    /// use pygen::prelude::*;
    ///
    /// #[generator(yield = u32)]
    /// fn numbers(text: &'static str) -> Result<usize, std::num::ParseIntError> {
    ///     let mut count = 0;
    ///     for word in text.split_whitespace() {
    ///         yield_!(word.parse()?);
    ///         count += 1;
    ///     }
    ///     Ok(count)
    /// }
    ///
    /// let mut items = numbers("1 2 3").results();
    /// assert_eq!(items.next(), Some(Ok(1)));
    /// // Back to the generator (here a `Pin<Box<Gen>>`), resumed by hand from where it was:
    /// let mut g = items.into_inner();
    /// assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(2));
    /// assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(3));
    /// assert_eq!(g.as_mut().resume(()), GeneratorState::Complete(Ok(3)));
    /// ```
    pub fn into_inner(self) -> G {
        self.generator
    }
}

impl<G, T, E> Iterator for Results<G, T>
where
    G: Generator<(), Return = Result<T, E>> + Unpin,
{
    type Item = Result<G::Yield, E>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.generator.is_complete() {
            return None;
        }
        match Pin::new(&mut self.generator).resume(()) {
            GeneratorState::Yielded(value) => Some(Ok(value)),
            GeneratorState::Complete(Ok(value)) => {
                self.returned = Some(value);
                None
            }
            GeneratorState::Complete(Err(error)) => Some(Err(error)),
        }
    }
}

impl<G, T, E> FusedIterator for Results<G, T> where G: Generator<(), Return = Result<T, E>> + Unpin {}
