//! Not public API: what macro expansions name. Anything here may change in any release.

pub use crate::delegate::{
    GeneratorKind, IteratorKind, UnitResume, ViaGenerator, ViaIterator, YieldFrom,
};
pub use crate::{Co, Gen};
pub use core::future::Future;
pub use gen_macros::gen_block_impl;

use core::marker::PhantomData;

use crate::delegate::{Delegate, YieldAll};
use crate::nonce;

/// A yield handle and the seal that turns a body using it into a generator: for
/// `gen_block!`, whose body must be an `async` block written in the caller's scope (not inside
/// a closure) so that it can borrow from that scope.
#[inline]
pub fn new_co<Y, R>() -> (Co<Y, R>, Seal<Y, R>) {
    let nonce = nonce::fresh();
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
    nonce: u64,
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

/// Gives the body's tail expression the declared return type, so that `?` and `return`
/// inside the generated `async` block infer it.
#[inline(always)]
pub fn ret<T>(value: T) -> T {
    value
}

// `yield_from!(operand)` expands to (names are hidden from the body by hygiene):
//
//     let __sub = YieldFrom(operand);
//     let __kind = (&&&__sub).__yield_from_kind();
//     __kind.__delegate(&mut __co, __sub.0, first).await
//
// Method resolution on `&&&YieldFrom<T>` tries, in order: `T: Delegate` (a generator, which
// keeps its return value even if it is also an iterator), `T: IntoIterator`, anything else.
// Each kind's `__delegate` states what a correct operand must satisfy as a trait with
// `#[diagnostic::on_unimplemented]`, so that a wrong operand gets one error that says what is
// wrong, in the user's terms, on the operand, instead of a type-mismatch on a projection of a
// hidden trait (`<G as Delegate>::Yield == u32`) or an unsatisfied method bound of hidden
// types. Unlike `delegate::{ViaGenerator, ViaIterator}`, which the expansion no longer uses,
// this has the third, catch-all level.

/// See the comment above. Picked for a generator.
#[derive(Debug)]
pub struct GeneratorOperand;

/// See the comment above. Picked for an iterator.
#[derive(Debug)]
pub struct IteratorOperand;

/// See the comment above. Picked for anything else, to report it.
#[derive(Debug)]
pub struct OtherOperand;

/// `yield_from!` dispatch, first choice.
pub trait KindGenerator {
    /// See the comment above [`GeneratorOperand`].
    #[inline(always)]
    fn __yield_from_kind(&self) -> GeneratorOperand {
        GeneratorOperand
    }
}

impl<G: Delegate> KindGenerator for &&YieldFrom<G> {}

/// `yield_from!` dispatch, second choice.
pub trait KindIterator {
    /// See the comment above [`GeneratorOperand`].
    #[inline(always)]
    fn __yield_from_kind(&self) -> IteratorOperand {
        IteratorOperand
    }
}

impl<I: IntoIterator> KindIterator for &YieldFrom<I> {}

/// `yield_from!` dispatch, last choice.
pub trait KindOther {
    /// See the comment above [`GeneratorOperand`].
    #[inline(always)]
    fn __yield_from_kind(&self) -> OtherOperand {
        OtherOperand
    }
}

impl<T> KindOther for YieldFrom<T> {}

impl GeneratorOperand {
    /// Delegation to the generator `sub`, from a generator with a declared yield type `Y`.
    #[inline(always)]
    pub fn __delegate<G, Y, R>(self, co: &mut Co<Y, R>, sub: G, first: Option<R>) -> G::Future
    where
        G: Delegate,
        Y: YieldsSame<G::Yield>,
        R: ResumedSame<G::Resume>,
    {
        let first = R::value(first);
        sub.delegate(Y::co(R::co(co)), first)
    }

    /// As `__delegate`, where the yield type may be inferred from the delegation
    /// (`gen_block!`): an equality bound, which inference can use in both directions.
    #[inline(always)]
    pub fn __delegate_inferred<G: Delegate>(
        self,
        co: &mut Co<G::Yield, G::Resume>,
        sub: G,
        first: Option<G::Resume>,
    ) -> G::Future {
        sub.delegate(co, first)
    }
}

impl IteratorOperand {
    /// Delegation to the iterator `iter`, from a generator with a declared yield type `Y`.
    #[inline(always)]
    pub fn __delegate<I, Y, R>(
        self,
        co: &mut Co<Y, R>,
        iter: I,
        first: Option<R>,
    ) -> YieldAll<I::Item, R, I::IntoIter>
    where
        I: IntoIterator,
        Y: ItemsSame<I::Item>,
        R: UnitResume,
    {
        IteratorKind.__delegate(Y::co(co), iter, first)
    }

    /// As `__delegate`, where the yield type may be inferred from the items.
    #[inline(always)]
    pub fn __delegate_inferred<I, Y, R>(
        self,
        co: &mut Co<Y, R>,
        iter: I,
        first: Option<R>,
    ) -> YieldAll<I::Item, R, I::IntoIter>
    where
        I: IntoIterator<Item = Y>,
        R: UnitResume,
    {
        IteratorKind.__delegate(co, iter, first)
    }
}

impl OtherOperand {
    /// Reports `sub` as neither a generator nor an iterator, and nothing else: the
    /// expression's type is an error, so no further errors follow from it.
    #[inline(always)]
    pub fn __delegate<T: YieldFromOperand, Y, R>(
        self,
        _: &mut Co<Y, R>,
        _: T,
        _: Option<R>,
    ) -> core::future::Pending<T::Output> {
        core::future::pending()
    }

    /// As `__delegate`.
    #[inline(always)]
    pub fn __delegate_inferred<T: YieldFromOperand, Y, R>(
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
    label = "not a gen-core generator, and not `IntoIterator`",
    note = "`yield_from!` delegates to a gen-core generator (a `#[generator]` fn's or `gen_block!`'s value, `.boxed()`, pinned as `g.as_mut()`, or any `Generator` in `gen_core::delegate::FromGenerator`), or yields the items of an `IntoIterator`"
)]
pub trait YieldFromOperand {
    /// What the delegation would evaluate to.
    type Output;
}

// The three checks below have `Self` = the delegating generator's type, which is declared, so
// that the single identity impl can also infer the operand's type from it
// (`yield_from!(std::iter::empty())`).

/// The delegating generator's yield type `Self` is the sub-generator's `Y`.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` of a generator that yields `{Y}`, in a generator that yields `{Self}`",
    label = "this generator yields `{Y}`, not `{Self}`",
    note = "delegation hands every value the sub-generator yields to this generator's caller unchanged, so both must have the same yield type"
)]
pub trait YieldsSame<Y>: Sized {
    /// The handle, with `Y` for `Self` (they are the same type).
    fn co<R>(co: &mut Co<Self, R>) -> &mut Co<Y, R>;
}

impl<T> YieldsSame<T> for T {
    #[inline(always)]
    fn co<R>(co: &mut Co<T, R>) -> &mut Co<T, R> {
        co
    }
}

/// The delegating generator's resume type `Self` is the sub-generator's `R`.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` of a generator resumed with `{R}`, in a generator resumed with `{Self}`",
    label = "this generator takes `{R}` resume values, not `{Self}`",
    note = "delegation passes this generator's resume values on to the sub-generator unchanged, so both must have the same resume type (`resume = ..`, `()` by default)"
)]
pub trait ResumedSame<R>: Sized {
    /// The handle, with `R` for `Self` (they are the same type).
    fn co<Y>(co: &mut Co<Y, Self>) -> &mut Co<Y, R>;
    /// The value, as an `R` (the same type).
    fn value(value: Option<Self>) -> Option<R>;
}

impl<T> ResumedSame<T> for T {
    #[inline(always)]
    fn co<Y>(co: &mut Co<Y, T>) -> &mut Co<Y, T> {
        co
    }

    #[inline(always)]
    fn value(value: Option<T>) -> Option<T> {
        value
    }
}

/// The delegating generator's yield type `Self` is the iterator's item type `I`.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` of an iterator of `{I}`, in a generator that yields `{Self}`",
    label = "this iterator's items are `{I}`, not `{Self}`",
    note = "each item is yielded unchanged; to convert the items, map them first: `yield_from!(iter.into_iter().map(..))`"
)]
pub trait ItemsSame<I>: Sized {
    /// The handle, with `I` for `Self` (they are the same type).
    fn co<R>(co: &mut Co<Self, R>) -> &mut Co<I, R>;
}

impl<T> ItemsSame<T> for T {
    #[inline(always)]
    fn co<R>(co: &mut Co<T, R>) -> &mut Co<T, R> {
        co
    }
}
