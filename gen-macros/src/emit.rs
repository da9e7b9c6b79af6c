//! The emit stage: the templates the expansion is made of. This file has the generator fn's;
//! `yields` has those of `yield_!` and `yield_from!`, `block` that of `gen_block!`, and
//! `boxed` the signature of a `boxed`/`boxed_local` fn.
//!
//! An `async fn` gives the same with `AsyncGen` in place of `Gen`, and awaits allowed.
//!
//! ```text
//! #[generator(yield = Y, resume = R)]          #[allow(refining_impl_trait)]
//! fn f<G>(a: A, mut b: B) -> Ret { body }  =>  fn f<G>(a: A, b: B) -> ::pygen::Gen<Y, R, impl ::core::future::Future<Output = Ret>> {
//!                                                  ::pygen::Gen::new(move |mut __co: ::pygen::Co<Y, R>| async move {
//!                                                      if false {          // makes `Ret` the block's return type, for `return x`
//!                                                          let __ret: Ret = unreachable!();
//!                                                          return __ret;
//!                                                      }
//!                                                      let a = a;          // arguments live in the generator,
//!                                                      let mut b = b;      // as in an `async fn`
//!                                                      ..body's statements, yield_!(v) => __co.yield_(v).await..
//!                                                  })
//!                                              }
//! ```
//!
//! Where `Ret` is spelled as a `Result`, the generator is wrapped in
//! `::pygen::__private::fallible(..)` and its type gets a fourth parameter,
//! `::pygen::Fallible`. With `boxed_local` (`boxed`), the fn returns
//! `::pygen::LocalBoxGen<'lt, Y, R, Ret>` and the generator is passed to
//! `::pygen::Gen::boxed_local`.
//!
//! `examples/expanded.rs` shows the complete expansion of a small generator.

pub(crate) mod block;
mod boxed;
pub(crate) mod yields;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, Pat, PatIdent, ReturnType, Signature, Type, parse_quote};

use crate::model::{Generator, Kind};
use crate::validate::contains_impl_trait;

/// The generator fn: `func` with the signature of a fn returning the generator, and the body
/// (already walked) as the generator's body. `co` is the yield handle the walk wrote yields
/// with.
pub(crate) fn function(generator: &Generator, func: ItemFn, co: &Ident) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        mut sig,
        block,
    } = func;
    let span = sig.fn_token.span();
    let ret_hint = return_hint(generator, &sig);
    let prelude = move_arguments_in(&mut sig);
    // What validate reported and left out of the generator.
    sig.constness = None;
    sig.abi = None;
    sig.variadic = None;
    sig.asyncness = None;
    sig.output = output(generator, &mut sig);

    let runtime = &generator.runtime;
    // A yield type that could not be made out is named in the signature only (see
    // `YieldType::Unknown`).
    let co_yield_ty = match generator.yield_ty.declared() {
        Some(ty) => ty.to_token_stream(),
        None => quote_spanned!(span=> _),
    };
    let resume_ty = &generator.resume_ty;
    let co_path = runtime.item("Co");
    let co_type = quote_spanned!(runtime.span()=> #co_path<#co_yield_ty, #resume_ty>);
    let generator_path = generator_path(generator);
    // The body's statements go straight into the async block (after the arguments, which are
    // dropped last, as in a fn), so that its value is the block's, with no extra braces.
    let stmts = &block.stmts;
    let mut made = quote_spanned! {span=>
        #generator_path::new(move |#[allow(unused_mut)] mut #co: #co_type| async move {
            #ret_hint
            #(#prelude)*
            #(#stmts)*
        })
    };
    if generator.fallible {
        let private = runtime.private();
        made = quote_spanned!(span=> #private::fallible(#made));
    }
    if let Some(boxed) = &generator.boxed {
        let gen_path = runtime.item("Gen");
        let method = Ident::new(boxed.method_name(), boxed.span);
        made = quote_spanned!(span=> #gen_path::#method(#made));
    }
    let body = quote_spanned!(span=> { #made });
    quote! {
        #(#attrs)*
        #[allow(refining_impl_trait)]
        #vis #sig #body
    }
}

/// `Gen` or `AsyncGen`.
fn generator_path(generator: &Generator) -> TokenStream {
    generator.runtime.item(match generator.kind {
        Kind::AsyncFn => "AsyncGen",
        Kind::Fn | Kind::Block => "Gen",
    })
}

/// What the fn returns: the generator, of a type with an `impl Future` for the body, or
/// boxed (then `sig` may get the parameters of its lifetime).
fn output(generator: &Generator, sig: &mut Signature) -> ReturnType {
    let span = sig.fn_token.span;
    let runtime = &generator.runtime;
    let (yield_ty, resume_ty, ret_ty) = (
        generator.yield_ty.ty(),
        &generator.resume_ty,
        &generator.return_ty,
    );
    let marker = generator.fallible.then(|| {
        let marker = runtime.item("Fallible");
        quote_spanned!(span=> , #marker)
    });
    let tokens = match &generator.boxed {
        None => {
            let generator_path = generator_path(generator);
            let send = generator
                .send
                .then(|| quote_spanned!(span=> + ::core::marker::Send));
            quote_spanned! {span=>
                -> #generator_path<#yield_ty, #resume_ty, impl ::core::future::Future<Output = #ret_ty> #send #marker>
            }
        }
        // Written by the user (see `validate::generator_type_as_return`).
        Some(boxed) if boxed.written.is_some() => {
            let written = &boxed.written;
            quote_spanned!(span=> -> #written)
        }
        Some(boxed) => {
            let lifetime = boxed::lifetime(boxed, sig);
            let boxed_path = runtime.item(boxed.type_name());
            quote_spanned! {span=>
                -> #boxed_path<#lifetime, #yield_ty, #resume_ty, #ret_ty #marker>
            }
        }
    };
    syn::parse2(tokens).expect("a return type")
}

/// Where the return type is known, an unreachable `return` of that type makes it the `async`
/// block's return type before the body is checked, so that a `return x` of the wrong type is
/// an error on `x`, not on the function (as `async-trait` does). Its span is the declared
/// return type (or the name, for `()`), which the error notes as the reason. `if false`
/// rather than `if let Some(r) = None::<Ret>`: MIR drops the constant branch before building
/// the state machine; the `if let` form left a path that cost the pinned `send` benchmark 12
/// instructions per item.
fn return_hint(generator: &Generator, sig: &Signature) -> Option<TokenStream> {
    let ret_ty = &generator.return_ty;
    if contains_impl_trait(ret_ty) || matches!(ret_ty, Type::Never(_)) {
        return None;
    }
    let span = match &sig.output {
        ReturnType::Default => sig.ident.span(),
        ReturnType::Type(_, ty) => ty
            .to_token_stream()
            .into_iter()
            .next()
            .map_or(sig.fn_token.span, |tree| tree.span()),
    };
    let early = Ident::new("__ret", Span::mixed_site().located_at(span));
    Some(quote_spanned! {span=>
        #[allow(unreachable_code, clippy::diverging_sub_expression)]
        if false {
            let #early: #ret_ty = ::core::unreachable!();
            return #early;
        }
    })
}

/// Makes every argument live in the generator, as in an `async fn`: calling the generator fn
/// moves all arguments into it, even those the body never mentions (so they are dropped when
/// the generator is, not when the call returns). Patterns are bound inside the body.
fn move_arguments_in(sig: &mut Signature) -> Vec<TokenStream> {
    let mut prelude = Vec::new();
    for (index, arg) in sig.inputs.iter_mut().enumerate() {
        match arg {
            FnArg::Receiver(receiver) => {
                let self_token = &receiver.self_token;
                prelude.push(quote!(let _ = &#self_token;));
            }
            FnArg::Typed(typed) => match &mut *typed.pat {
                Pat::Ident(PatIdent {
                    by_ref: None,
                    mutability,
                    ident,
                    subpat: None,
                    ..
                }) => {
                    // `mut` belongs on the binding inside the generator, where it is mutated.
                    let mutability = mutability.take();
                    prelude.push(quote!(let #mutability #ident = #ident;));
                }
                pat => {
                    let arg_ident = format_ident!(
                        "__arg{}",
                        index,
                        span = Span::mixed_site().located_at(pat.span())
                    );
                    let pat = std::mem::replace(pat, parse_quote!(#arg_ident));
                    // Moved in first, as rustc lowers an `async fn`'s arguments: a pattern
                    // that binds nothing (`_`, `(_, _)`) does not move its value, which would
                    // otherwise stay outside and be dropped when the call returns.
                    prelude.push(quote!(let #arg_ident = #arg_ident; let #pat = #arg_ident;));
                }
            },
        }
    }
    prelude
}
