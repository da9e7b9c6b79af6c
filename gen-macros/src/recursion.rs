//! Recursive generators: a generator fn's body that holds a generator of its own fn across a
//! suspension would be a state machine containing itself, which rustc rejects with "recursion
//! in an async block requires boxing" and a suggestion (`Box::pin`) made for `async fn`s.
//! Where the macro can see it, the error says what to write with pygen instead.
//!
//! What it can see: a call of the fn's own name, bare (`walk(..)`) or through `Self::`
//! (`Self::walk(..)`), whose generator the body holds across a suspension: the operand of
//! `yield_from!` and the iterable of a `for` loop that yields, possibly through adapters
//! (`walk(c).map(f)`). A call consumed on the spot (`walk(c).count()`) or moved into a
//! variable is left alone: it compiles when it is not held, and rustc reports it when it is.
//! Method calls (`child.walk()`) are left to rustc: the receiver may be of another type with
//! a method of the same name.

use syn::{Error, Expr, ExprCall, Ident};

use crate::errors::source_text;
use crate::model::{Generator, Kind};

/// A call of the generator fn itself, held by its own body.
pub(crate) enum SelfCall<'a> {
    /// Not boxed: `walk(c)`, `walk(c).map(f)`.
    Unboxed(&'a ExprCall),
    /// Boxed with `.boxed()`, which needs the fn declared `send`: the `boxed` token.
    BoxedWithoutSend(&'a Ident),
}

/// The call of the generator fn `name` that `expr` holds, if any: `expr` itself, or the
/// receiver of its adapters. `.boxed_local()` and `Box::pin(..)` box it, and so does
/// `.boxed()`, which however needs `send` (see [`boxed_without_send_error`]).
pub(crate) fn self_call<'a>(expr: &'a Expr, name: &Ident) -> Option<SelfCall<'a>> {
    match expr {
        Expr::Call(call) if calls(call, name) => Some(SelfCall::Unboxed(call)),
        Expr::MethodCall(method) if method.method == "boxed_local" => None,
        Expr::MethodCall(method) if method.method == "boxed" && method.args.is_empty() => {
            match self_call(&method.receiver, name) {
                Some(SelfCall::Unboxed(_)) => Some(SelfCall::BoxedWithoutSend(&method.method)),
                other => other,
            }
        }
        Expr::MethodCall(method) => self_call(&method.receiver, name),
        Expr::Paren(paren) => self_call(&paren.expr, name),
        Expr::Group(group) => self_call(&group.expr, name),
        Expr::Reference(reference) => self_call(&reference.expr, name),
        _ => None,
    }
}

/// Whether `call` calls the fn `name`: `name(..)` or `Self::name(..)`.
fn calls(call: &ExprCall, name: &Ident) -> bool {
    let Expr::Path(path) = &*call.func else {
        return false;
    };
    if path.qself.is_some() || path.path.leading_colon.is_some() {
        return false;
    }
    let segments: Vec<_> = path.path.segments.iter().collect();
    let (last, before) = match segments.as_slice() {
        [only] => (only, None),
        [self_type, last] => (last, Some(self_type)),
        _ => return false,
    };
    last.ident == *name && before.is_none_or(|self_type| self_type.ident == "Self")
}

/// The error for `walk(child)` held unboxed in `walk`'s own body.
pub(crate) fn unboxed_error(generator: &Generator, call: &ExprCall) -> Error {
    let callee = source_text(&call.func);
    let name = &generator.name;
    let message = if generator.kind == Kind::AsyncFn {
        format!(
            "`{name}` calls itself here, and an async generator cannot contain itself: box the \
             recursive call, as in `Box::pin({callee}(..))`"
        )
    } else {
        format!(
            "`{name}` calls itself here, and a generator cannot contain itself: box the call, \
             as in `{callee}(..).boxed_local()` (`.boxed()` and `send` in the attribute for a \
             `Send` generator), or add `boxed_local` to `#[generator(..)]` so that `{name}` \
             returns a boxed generator"
        )
    };
    Error::new_spanned(call, message)
}

/// The error for `walk(child).boxed()` in the body of a `walk` not declared `send`: inside
/// its own body its type is opaque, and rustc reports an ambiguity ("cannot satisfy `impl
/// Future: Send`") through pygen's internal types.
pub(crate) fn boxed_without_send_error(generator: &Generator, boxed: &Ident) -> Error {
    let message = format!(
        "a recursive generator that boxes itself with `.boxed()` must be declared `Send`: add \
         `send` to its attribute, as in `#[generator(yield = ..., send)]` (inside its own body \
         the compiler cannot see that `{}` is `Send`), or use `.boxed_local()` if it need not \
         be sent to another thread",
        generator.name
    );
    Error::new(boxed.span(), message)
}
