//! What a resume produces.

/// The result of resuming a generator: it either yielded a value and is suspended, or it
/// completed with its return value. Mirrors [`std::ops::CoroutineState`] (nightly).
///
/// [`std::ops::CoroutineState`]: https://doc.rust-lang.org/std/ops/enum.CoroutineState.html
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
///
/// #[generator(yield = u8)]
/// fn one() -> &'static str {
///     yield_!(1);
///     "done"
/// }
///
/// let mut g = one();
/// assert_eq!(g.resume(()), GeneratorState::Yielded(1));
/// assert_eq!(g.resume(()), GeneratorState::Complete("done"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GeneratorState<Y, R> {
    /// The generator suspended at a `yield_!` with this value (Python's `yield value`).
    Yielded(Y),
    /// The generator finished with this return value (Python's `StopIteration.value`).
    Complete(R),
}

impl<Y, R> GeneratorState<Y, R> {
    /// The yielded value, or `None` if the generator completed.
    ///
    /// ```
    /// use pygen::GeneratorState;
    ///
    /// assert_eq!(GeneratorState::<u8, ()>::Yielded(3).yielded(), Some(3));
    /// assert_eq!(GeneratorState::<u8, ()>::Complete(()).yielded(), None);
    /// ```
    #[inline]
    pub fn yielded(self) -> Option<Y> {
        match self {
            GeneratorState::Yielded(y) => Some(y),
            GeneratorState::Complete(_) => None,
        }
    }

    /// The return value, or `None` if the generator yielded.
    ///
    /// ```
    /// use pygen::GeneratorState;
    ///
    /// assert_eq!(GeneratorState::<(), u8>::Complete(7).complete(), Some(7));
    /// ```
    #[inline]
    pub fn complete(self) -> Option<R> {
        match self {
            GeneratorState::Yielded(_) => None,
            GeneratorState::Complete(r) => Some(r),
        }
    }

    /// `true` for [`Complete`](GeneratorState::Complete).
    ///
    /// ```
    /// use pygen::GeneratorState;
    ///
    /// assert!(GeneratorState::<(), ()>::Complete(()).is_complete());
    /// ```
    #[inline]
    pub fn is_complete(&self) -> bool {
        matches!(self, GeneratorState::Complete(_))
    }
}

/// Where a generator is in its life: Python's `inspect.getgeneratorstate` (and
/// `inspect.getasyncgenstate`). Returned by [`Gen::status`](crate::Gen::status),
/// [`AsyncGen::status`](crate::AsyncGen::status), the boxed generators' `status` and the
/// [`Generator`](crate::Generator) and [`AsyncGenerator`](crate::AsyncGenerator) traits, and
/// shown by the generators' `Debug` output.
///
/// # Examples
///
/// ```
/// use pygen::prelude::*;
/// use pygen::Status;
///
/// #[generator(yield = u8)]
/// fn one() {
///     yield_!(1);
/// }
///
/// let mut g = one();
/// assert_eq!(g.status(), Status::Created); // GEN_CREATED: nothing has run
/// g.next();
/// assert_eq!(g.status(), Status::Suspended); // GEN_SUSPENDED: waiting at a yield_!
/// assert_eq!(format!("{g:?}"), "Gen { status: Suspended, .. }"); // what `Debug` shows
/// g.next();
/// assert_eq!(g.status(), Status::Complete); // GEN_CLOSED: returned, panicked or closed
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Nothing has run yet (`GEN_CREATED`): `start()` runs it to its first `yield_!`, and a
    /// `resume(value)` with a non-`()` value would have no `yield_!` to receive it.
    Created,
    /// Suspended at a `yield_!` (`GEN_SUSPENDED`), which evaluates to the next resume value.
    Suspended,
    /// An async generator in the middle of a step (`AGEN_RUNNING`): its body is waiting on
    /// another future, and the next poll continues that step. Never the case for a
    /// synchronous generator.
    Awaiting,
    /// It returned, panicked or was closed (`GEN_CLOSED`): it must not be resumed again; as
    /// an iterator it keeps returning `None`.
    Complete,
}
