//! The yield handle a generator body suspends through.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::nonce::Nonce;
use crate::raw;

/// The yield handle of one generator: `co.yield_(value).await` suspends the generator,
/// hands `value` to whoever resumes it, and evaluates to the next resume value.
///
/// The `#[generator]` attribute and `gen_block!` create and use a `Co`
/// for you (`yield_!(v)` is `co.yield_(v).await`); you meet one only when building a
/// generator without macros, with [`Gen::new`](crate::Gen::new).
///
/// A `Co` belongs to the generator that created it: awaiting its `yield_` anywhere else (in
/// another generator, or under an executor) panics instead of delivering the value to the
/// wrong place.
///
/// # Examples
///
/// ```
/// use pygen::{Co, Gen};
///
/// let countdown = Gen::new(|mut co: Co<u32>| async move {
///     for i in (1..=3).rev() {
///         co.yield_(i).await;
///     }
///     "liftoff"
/// });
/// assert_eq!(countdown.collect::<Vec<_>>(), [3, 2, 1]);
/// ```
pub struct Co<Y, R = ()> {
    /// `Co` takes `Y` in and gives `R` out: the nonce has its variance.
    nonce: Nonce<Y, R>,
}

impl<Y, R> Co<Y, R> {
    #[inline]
    pub(crate) fn new(nonce: Nonce<Y, R>) -> Self {
        Co { nonce }
    }

    /// Suspends the generator, handing `value` to the caller of `resume`/`next`; the returned
    /// future evaluates to the value passed to the next `resume`.
    ///
    /// # Panics
    ///
    /// The future panics if it is awaited outside the body of the generator this `Co` belongs
    /// to.
    ///
    /// # Examples
    ///
    /// ```
    /// use pygen::{Co, Gen, GeneratorState};
    ///
    /// // A running total: each resume value is added, each yield reports the total so far.
    /// let mut total = Gen::new(|mut co: Co<i32, i32>| async move {
    ///     let mut sum = 0;
    ///     loop {
    ///         sum += co.yield_(sum).await;
    ///     }
    /// });
    /// assert_eq!(total.start(), GeneratorState::Yielded(0));
    /// assert_eq!(total.resume(5), GeneratorState::Yielded(5));
    /// assert_eq!(total.resume(-2), GeneratorState::Yielded(3));
    /// ```
    #[inline]
    pub fn yield_(&mut self, value: Y) -> Yield<'_, Y, R> {
        Yield {
            nonce: self.nonce,
            value: Some(value),
            _co: PhantomData,
        }
    }
}

impl<Y, R> Co<Y, R> {
    #[inline(always)]
    pub(crate) fn nonce(&self) -> Nonce<Y, R> {
        self.nonce
    }
}

impl<Y, R> fmt::Debug for Co<Y, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Co").finish_non_exhaustive()
    }
}

/// The future returned by [`Co::yield_`]: the first poll hands the value out and suspends,
/// the second evaluates to the resume value.
///
/// Awaited inside the generator's body (which is what `yield_!(v)` does), it cannot fail. It
/// panics if it is polled anywhere else: under an executor, or in another generator.
///
/// # Examples
///
/// ```
/// use pygen::{Co, Gen, GeneratorState};
///
/// let mut g = Gen::new(|mut co: Co<&str, u32>| async move {
///     let yield_future = co.yield_("how many?"); // a `Yield`: nothing happens yet
///     let answer = yield_future.await;            // hands "how many?" out, then suspends
///     answer * 2
/// });
/// assert_eq!(g.start(), GeneratorState::Yielded("how many?"));
/// assert_eq!(g.resume(21), GeneratorState::Complete(42));
/// ```
#[must_use = "a yield does nothing unless it is `.await`ed"]
pub struct Yield<'co, Y, R> {
    nonce: Nonce<Y, R>,
    value: Option<Y>,
    /// Borrowing the `Co` mutably keeps two yields of one generator from being in flight.
    _co: PhantomData<&'co mut Co<Y, R>>,
}

// The value is moved out by value, never pinned.
impl<Y, R> Unpin for Yield<'_, Y, R> {}

impl<Y, R> Future for Yield<'_, Y, R> {
    type Output = R;

    /// The first poll hands the value out; the next one, in the following resume, takes the
    /// resume value the driver put in the slot.
    #[inline(always)]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let this = self.get_mut();
        let mut slot = raw::slot(cx);
        match this.value.take() {
            Some(value) => {
                slot.put(this.nonce, value);
                Poll::Pending
            }
            None => Poll::Ready(slot.take_handed(this.nonce)),
        }
    }
}

impl<Y, R> fmt::Debug for Yield<'_, Y, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Yield")
            .field("pending", &self.value.is_some())
            .finish()
    }
}
