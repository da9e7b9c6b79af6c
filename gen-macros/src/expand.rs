//! `#[generator]`: from a function with `yield_!`s to a function returning a `Gen`.
//!
//! An `async fn` gives the same with `AsyncGen` in place of `Gen`, and awaits allowed.
//!
//! ```text
//! #[generator(yield = Y, resume = R)]          #[allow(refining_impl_trait)]
//! fn f<G>(a: A, mut b: B) -> Ret { body }  =>  fn f<G>(a: A, b: B) -> ::gen_core::Gen<Y, R, impl Future<Output = Ret>> {
//!                                                  ::gen_core::Gen::new(move |mut __co: ::gen_core::Co<Y, R>| async move {
//!                                                      let a = a;          // arguments live in the generator,
//!                                                      let mut b = b;      // as in an `async fn`
//!                                                      let __ret: Ret = { body with yield_!(v) => __co.yield_(v).await };
//!                                                      __ret
//!                                                  })
//!                                              }
//! ```

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{
    Error, FnArg, Ident, ItemFn, Pat, PatIdent, Path, ReturnType, Signature, Type, parse_quote,
};

use crate::args::Args;
use crate::visit::BodyRewriter;

pub(crate) fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(input) {
        Ok(func) => func,
        Err(err) => {
            return Error::new(
                err.span(),
                format!("`#[generator]` goes on a function with a body: {err}"),
            )
            .into_compile_error();
        }
    };
    let args = match syn::parse2::<Args>(args)
        .and_then(|args| validate(&args, &func.sig).map(|()| args))
    {
        Ok(args) => args,
        Err(err) => return degrade(err, func),
    };
    expand(args, func)
}

/// Rejects what cannot be a generator, on the offending tokens.
fn validate(args: &Args, sig: &Signature) -> syn::Result<()> {
    if let Some(constness) = &sig.constness {
        return Err(Error::new_spanned(
            constness,
            "a generator fn cannot be `const`: remove `const`",
        ));
    }
    if let Some(abi) = &sig.abi {
        return Err(Error::new_spanned(
            abi,
            "a generator fn cannot have an `extern` ABI: it returns a Rust generator value",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        return Err(Error::new_spanned(
            variadic,
            "a generator fn cannot be variadic",
        ));
    }
    for (ty, what) in [
        (Some(&args.yield_ty), "yield"),
        (args.resume_ty.as_ref(), "resume"),
    ] {
        if let Some(ty) = ty.filter(|ty| contains_impl_trait(ty)) {
            return Err(Error::new_spanned(
                ty,
                format!(
                    "the {what} type of a generator must be a type that can be named, not \
                     `impl Trait`: name the type, or box it (`Box<dyn Trait>`)"
                ),
            ));
        }
    }
    Ok(())
}

/// On an error in the attribute or signature, emit the error and the function with its body
/// stubbed out, so the user sees one error instead of one per `yield_!` and per use.
fn degrade(err: Error, mut func: ItemFn) -> TokenStream {
    func.block = parse_quote!({ ::core::unreachable!() });
    let error = err.into_compile_error();
    quote! {
        #error
        #[allow(unused_variables, unused_mut, clippy::diverging_sub_expression)]
        #func
    }
}

fn expand(args: Args, func: ItemFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        mut sig,
        block,
    } = func;
    let span = sig.fn_token.span();
    let krate = args.krate.unwrap_or_else(|| parse_quote_spanned_path(span));
    let yield_ty = args.yield_ty;
    let resume_ty = args.resume_ty.unwrap_or_else(|| parse_quote!(()));
    let ret_ty: Type = match &sig.output {
        ReturnType::Default => parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };

    // `async fn` makes an async generator: the body may await, and the fn returns an
    // `AsyncGen` (a Stream) instead of a `Gen`.
    let is_async = sig.asyncness.take().is_some();
    let generator_type = Ident::new(if is_async { "AsyncGen" } else { "Gen" }, span);
    let co = Ident::new("__co", Span::mixed_site().located_at(span));
    let mut body = *block;
    let krate_tokens = krate.to_token_stream();
    BodyRewriter::new(
        &co,
        &krate_tokens,
        is_unit(&resume_ty),
        Some(&yield_ty),
        is_async,
    )
    .visit_block_mut(&mut body);

    let prelude = move_arguments_in(&mut sig);
    sig.output = parse_quote_spanned_output(
        span,
        &krate,
        &generator_type,
        &yield_ty,
        &resume_ty,
        &ret_ty,
        args.send,
    );

    let ret = Ident::new("__ret", Span::mixed_site().located_at(span));
    let annotation = (!contains_impl_trait(&ret_ty)).then(|| quote!(: #ret_ty));
    let new_body = quote_spanned! {span=>
        {
            #krate::#generator_type::new(move |#[allow(unused_mut)] mut #co: #krate::Co<#yield_ty, #resume_ty>| async move {
                #(#prelude)*
                let #ret #annotation = #body;
                #[allow(unreachable_code, clippy::let_and_return)]
                #ret
            })
        }
    };
    quote! {
        #(#attrs)*
        #[allow(refining_impl_trait)]
        #vis #sig #new_body
    }
}

fn parse_quote_spanned_path(span: Span) -> Path {
    syn::parse2(quote_spanned!(span=> ::gen_core)).expect("a path")
}

fn parse_quote_spanned_output(
    span: Span,
    krate: &Path,
    generator_type: &Ident,
    yield_ty: &Type,
    resume_ty: &Type,
    ret_ty: &Type,
    send: bool,
) -> ReturnType {
    let send = send.then(|| quote_spanned!(span=> + ::core::marker::Send));
    syn::parse2(quote_spanned! {span=>
        -> #krate::#generator_type<#yield_ty, #resume_ty, impl #krate::__private::Future<Output = #ret_ty> #send>
    })
    .expect("a return type")
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
                    prelude.push(quote!(let #pat = #arg_ident;));
                }
            },
        }
    }
    prelude
}

fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(tuple) if tuple.elems.is_empty())
}

fn contains_impl_trait(ty: &Type) -> bool {
    struct Finder(bool);
    impl Visit<'_> for Finder {
        fn visit_type_impl_trait(&mut self, _: &syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    finder.visit_type(ty);
    finder.0
}
