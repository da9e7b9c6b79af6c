//! The templates of the body's two macros: `yield_!(v)` and `yield_from!(g)`.
//!
//! Spans: every generated token is located on the user token it stands for (the value of
//! `yield_!`, the operand of `yield_from!`, the `yield_` name), so that type errors land
//! there; generated bindings (`__value`, `__sub`, `__kind`) have mixed-site hygiene, so the
//! body can neither name nor shadow them.

use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::model::Body;

/// `yield_!(value)`: `__co.yield_(value).await`. With a declared yield type, `value` is
/// first bound with that type, so that a wrong value is "expected `u32`, found `&str`" on the
/// value, pointing at the declared type as the reason.
pub(crate) fn yield_(body: &Body<'_>, value: TokenStream, span: Span) -> TokenStream {
    let co = co_at(body, span);
    match body.yield_ty {
        Some(ty) => {
            let bound = Ident::new("__value", Span::mixed_site().located_at(span));
            quote_spanned! {span=>
                {
                    let #bound: #ty = #value;
                    #co.yield_(#bound).await
                }
            }
        }
        None => quote_spanned! {span=>
            #co.yield_(#value).await
        },
    }
}

/// `yield_from!(sub)`: a delegation future; see `pygen::__private::Operand` for how it is
/// chosen. The operand is passed on with its own span, so that an operand of the wrong type
/// is the error's primary span. The bindings live in a block that ends before the `.await`:
/// no reference to the operand is held across it (which would make the generator `!Send`
/// when the operand is `!Sync`), and the moved-from operand is not kept in the state machine
/// next to the delegation that now holds it (rustc keeps the storage of a local in scope at
/// an `.await`, moved-from or not: rust-lang/rust#62958), which doubled the size of a
/// generator at each level of delegation.
///
/// `direct`: the body awaits the delegation itself, not through the tokens of another macro
/// (which may wrap it in a future of its own that must see every poll).
pub(crate) fn yield_from(
    body: &Body<'_>,
    sub: TokenStream,
    span: Span,
    direct: bool,
) -> TokenStream {
    let private = &body.private;
    let (first_span, last_span) = outer_spans(&sub, span);
    let wrapped = Ident::new("__sub", Span::mixed_site().located_at(first_span));
    let kind = Ident::new("__kind", Span::mixed_site().located_at(span));
    let co = co_at(body, span);
    // The operand and the handle, as expressions spanning the user's operand (see
    // `spanning`), so that errors about the operand are shown on it.
    let operand = spanning(quote!(#wrapped.0), first_span, last_span);
    let co_arg = spanning(quote!(&mut #co), first_span, last_span);
    let first = if body.unit_resume {
        quote_spanned!(span=> ::core::option::Option::Some(()))
    } else {
        quote_spanned!(span=> ::core::option::Option::None)
    };
    let delegate = Ident::new("__delegate", span);
    let operand_new = Ident::new(if direct { "new" } else { "in_macro" }, span);
    let delegation = quote_spanned! {span=>
        #[allow(unused_imports)]
        // In rustfmt's order, so that `examples/expanded.rs` can be formatted.
        use #private::{
            NeitherLevel as _, OtherGeneratorLevel as _, OtherIteratorLevel as _,
            SameGeneratorLevel as _, SameIteratorLevel as _,
        };
        let #wrapped = #private::Operand::#operand_new(#sub, &#co);
        let #kind = (&&&&&#wrapped).__yield_from_kind();
        #kind.#delegate(#co_arg, #operand, #first)
    };
    // `{ .. }.await` spanning the operand, as `spanning` does: rustc's errors about the
    // awaited delegation (a recursive call, a future that is not `Send`) point at it.
    let mut block = Group::new(Delimiter::Brace, delegation);
    block.set_span(first_span);
    let await_ = quote_spanned!(last_span=> .await);
    quote!(#block #await_)
}

/// The yield handle, located at `span` so that errors about the yield land there.
fn co_at(body: &Body<'_>, span: Span) -> Ident {
    Ident::new(&body.co.to_string(), body.co.span().located_at(span))
}

/// `(expr,).0`: `expr`, as an expression whose span runs from `first` to `last` (the
/// parentheses are located on `first`, `.0` on `last`) in the user's code. An error about an
/// expression made of generated, hygienic tokens (`__sub.0`) is otherwise shown on the whole
/// attribute; this way it is shown on the user's tokens that `first` and `last` delimit.
fn spanning(expr: TokenStream, first: Span, last: Span) -> TokenStream {
    let mut tuple = Group::new(Delimiter::Parenthesis, quote!(#expr,));
    tuple.set_span(first);
    let mut field = Literal::usize_unsuffixed(0);
    field.set_span(last);
    let dot = quote_spanned!(last=> .);
    quote!(#tuple #dot #field)
}

/// The spans of the first and last tokens of `tokens` (`fallback` if empty): together they
/// make generated code span the whole user expression.
fn outer_spans(tokens: &TokenStream, fallback: Span) -> (Span, Span) {
    let mut iter = tokens.clone().into_iter();
    let first = iter.next().map_or(fallback, |tree| tree.span());
    let last = iter.last().map_or(first, |tree| tree.span());
    (first, last)
}
