//! Not public API: what macro expansions name. Anything here may change in any release.

pub use crate::delegate::{IteratorKind, UnitResume};
pub use crate::{AsyncGen, Co, Fallible, Gen};
pub use core::future::Future;
pub use pygen_macros::gen_block_impl;

use core::marker::PhantomData;

use crate::delegate::{Delegate, YieldAll};
use crate::nonce::Nonce;

/// A yield handle and the seal that turns a body using it into a generator: for
/// `gen_block!`, whose body must be an `async` block written in the caller's scope (not inside
/// a closure) so that it can borrow from that scope.
#[inline]
pub fn new_co<Y, R>() -> (Co<Y, R>, Seal<Y, R>) {
    let nonce = Nonce::fresh();
    (
        Co::new(nonce),
        Seal {
            nonce,
            types: PhantomData,
        },
    )
}

/// See [`new_co`].
#[derive(Debug)]
pub struct Seal<Y, R> {
    nonce: Nonce<Y, R>,
    types: PhantomData<fn(R) -> Y>,
}

impl<Y, R> Seal<Y, R> {
    /// The generator whose body is `body`. (A body that yields through another handle than
    /// the one made with this seal panics at that yield: the nonces differ.)
    #[inline]
    pub fn seal<F: Future>(self, body: F) -> Gen<Y, R, F> {
        Gen::from_parts(self.nonce, body)
    }
}

/// Marks a generator made by `#[generator]` for a fn declared to return a `Result` as
/// [`Fallible`]: it is then not an iterator or a stream by itself (see `pygen::Fallible`).
#[inline]
pub fn fallible<G: IntoFallible>(generator: G) -> G::Fallible {
    generator.into_fallible()
}

/// See [`fallible`].
pub trait IntoFallible {
    /// The same generator, marked [`Fallible`].
    type Fallible;
    /// Marks it.
    fn into_fallible(self) -> Self::Fallible;
}

impl<Y, R, F: Future> IntoFallible for Gen<Y, R, F> {
    type Fallible = Gen<Y, R, F, Fallible>;
    #[inline]
    fn into_fallible(self) -> Self::Fallible {
        self.__into_fallible()
    }
}

impl<Y, R, F: Future> IntoFallible for AsyncGen<Y, R, F> {
    type Fallible = AsyncGen<Y, R, F, Fallible>;
    #[inline]
    fn into_fallible(self) -> Self::Fallible {
        self.__into_fallible()
    }
}

// `yield_from!(operand)` expands to (the names are hidden from the body by hygiene):
//
//     let __sub = Operand::new(operand, &__co);
//     let __kind = (&&&&&__sub).__yield_from_kind();
//     __kind.__delegate(&mut __co, __sub.0, first).await
//
// Method resolution on `&&&&&Operand<T, Y, R>` (`Y`, `R`: the delegating generator's yield and
// resume types) picks the first of these that applies, one reference level each:
//
// 1. `T` is a generator yielding `Y` and resumed with `R`: delegate to it (so a generator that
//    is also an iterator keeps its return value);
// 2. `T` is a generator with other types: an error;
// 3. `T` is `IntoIterator<Item = Y>`: yield its items (when `R` is `()`);
// 4. `T` is `IntoIterator` with other items: an error;
// 5. anything else: an error.
//
// The equality bounds of 1 and 3 let inference flow both ways (`yield_from!(iter::empty())`,
// the yield type of a `gen_block!`). The errors of 2, 4 and 5 are bounds on traits with
// `#[diagnostic::on_unimplemented]`, whose messages say what is wrong in the user's terms, on
// the operand, where the equality bounds alone would report a type mismatch on a projection
// of a hidden trait (`<G as Delegate>::Yield == u32`) or an unsatisfied method bound. Their
// futures are never awaited in a program that compiles; their output types are what the
// operand would give, so that the error is the only one.

/// The operand of `yield_from!`, with the delegating generator's yield and resume types.
#[derive(Debug)]
pub struct Operand<T, Y, R>(pub T, PhantomData<fn() -> (Y, R)>, bool);

impl<T, Y, R> Operand<T, Y, R> {
    /// Wraps `operand` for the generator whose handle is `co`, for a delegation that the
    /// body awaits directly.
    #[inline(always)]
    pub fn new(operand: T, co: &Co<Y, R>) -> Self {
        let _ = co;
        Operand(operand, PhantomData, true)
    }

    /// As [`new`](Self::new), for a `yield_!` in the tokens of another macro, which may wrap
    /// the delegation in a future of its own that must see every poll.
    #[inline(always)]
    pub fn in_macro(operand: T, co: &Co<Y, R>) -> Self {
        let _ = co;
        Operand(operand, PhantomData, false)
    }
}

macro_rules! dispatch {
    ($($(#[$doc:meta])* $level:ident: $kind:ident for $receiver:ty where [$($bounds:tt)*];)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $kind {
            /// The delegation is awaited directly by the body (see `Operand::new`).
            #[allow(dead_code, reason = "only delegations to generators use it")]
            direct: bool,
        }

        /// `yield_from!` dispatch; see the comment above [`Operand`].
        pub trait $level {
            /// The kind of operand.
            fn __yield_from_kind(&self) -> $kind;
        }

        impl<T, Y, R> $level for $receiver where $($bounds)* {
            #[inline(always)]
            fn __yield_from_kind(&self) -> $kind {
                $kind { direct: self.2 }
            }
        }
    )*};
}

dispatch! {
    /// A generator with the same yield and resume types.
    SameGeneratorLevel: SameGenerator for &&&&Operand<T, Y, R> where [T: Delegate<Yield = Y, Resume = R>];
    /// A generator with other yield or resume types.
    OtherGeneratorLevel: OtherGenerator for &&&Operand<T, Y, R> where [T: Delegate];
    /// An iterator of the yield type.
    SameIteratorLevel: SameIterator for &&Operand<T, Y, R> where [T: IntoIterator<Item = Y>];
    /// An iterator of something else.
    OtherIteratorLevel: OtherIterator for &Operand<T, Y, R> where [T: IntoIterator];
    /// Neither a generator nor an iterator.
    NeitherLevel: Neither for Operand<T, Y, R> where [];
}

impl SameGenerator {
    /// Delegation to the generator `sub`.
    #[inline(always)]
    #[track_caller]
    pub fn __delegate<G: Delegate>(
        self,
        co: &mut Co<G::Yield, G::Resume>,
        sub: G,
        first: Option<G::Resume>,
    ) -> G::Future<'_> {
        if self.direct {
            sub.__delegate_direct(co, first)
        } else {
            sub.delegate(co, first)
        }
    }
}

impl OtherGenerator {
    /// The error that the yield or resume types differ.
    #[inline(always)]
    pub fn __delegate<G, Y, R>(
        self,
        _: &mut Co<Y, R>,
        _: G,
        _: Option<R>,
    ) -> core::future::Pending<G::Return>
    where
        G: Delegate,
        G::Yield: YieldsSame<Y>,
        G::Resume: ResumedSame<R>,
    {
        core::future::pending()
    }
}

impl SameIterator {
    /// Delegation to the iterator `iter`: each item is yielded.
    #[inline(always)]
    pub fn __delegate<I, Y, R>(
        self,
        co: &mut Co<Y, R>,
        iter: I,
        first: Option<R>,
    ) -> YieldAll<'_, Y, R, I::IntoIter>
    where
        I: IntoIterator<Item = Y>,
        R: UnitResume,
    {
        IteratorKind.__delegate(co, iter, first)
    }
}

impl OtherIterator {
    /// The error that the items are not of the yield type.
    #[inline(always)]
    pub fn __delegate<I, Y, R>(
        self,
        _: &mut Co<Y, R>,
        _: I,
        _: Option<R>,
    ) -> core::future::Pending<()>
    where
        I: IntoIterator,
        I::Item: ItemsSame<Y>,
    {
        core::future::pending()
    }
}

impl Neither {
    /// The error that `sub` is neither a generator nor an iterator.
    #[inline(always)]
    pub fn __delegate<T: YieldFromOperand, Y, R>(
        self,
        _: &mut Co<Y, R>,
        _: T,
        _: Option<R>,
    ) -> core::future::Pending<T::Output> {
        core::future::pending()
    }
}

/// The operand of `yield_from!` must be a generator or an iterator; nothing implements this.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` needs a generator or an iterator, and `{Self}` is neither",
    label = "not a pygen generator, and not `IntoIterator`",
    note = "`yield_from!` delegates to a pygen generator (a `#[generator]` fn's or `gen_block!`'s value, `.boxed()`, pinned as `g.as_mut()`, or any `Generator` in `pygen::delegate::FromGenerator`), or yields the items of an `IntoIterator`"
)]
pub trait YieldFromOperand {
    /// What the delegation would evaluate to.
    type Output;
}

/// A sub-generator's yield type `Self` is the delegating generator's `Y`: never, where used.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` of a generator that yields `{Self}`, in a generator that yields `{Y}`",
    label = "this generator yields `{Self}`, not `{Y}`",
    note = "delegation hands every value the sub-generator yields to this generator's caller unchanged, so both must have the same yield type"
)]
pub trait YieldsSame<Y> {}

impl<T> YieldsSame<T> for T {}

/// A sub-generator's resume type `Self` is the delegating generator's `R`: never, where used.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` of a generator resumed with `{Self}`, in a generator resumed with `{R}`",
    label = "this generator takes `{Self}` resume values, not `{R}`",
    note = "delegation passes this generator's resume values on to the sub-generator unchanged, so both must have the same resume type (`resume = ..`, `()` by default)"
)]
pub trait ResumedSame<R> {}

impl<T> ResumedSame<T> for T {}

/// An iterator's item type `Self` is the delegating generator's `Y`: never, where used.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` of an iterator of `{Self}`, in a generator that yields `{Y}`",
    label = "this iterator's items are `{Self}`, not `{Y}`",
    note = "each item is yielded unchanged; to convert the items, map them first: `yield_from!(iter.into_iter().map(..))`"
)]
pub trait ItemsSame<Y> {}

impl<T> ItemsSame<T> for T {}
