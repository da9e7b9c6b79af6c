//! Not public API: what macro expansions name. Anything here may change in any release.

pub use crate::{Co, Gen};
pub use core::future::Future;

/// Gives the body's tail expression the declared return type, so that `?` and `return`
/// inside the generated `async` block infer it.
#[inline(always)]
pub fn ret<T>(value: T) -> T {
    value
}
