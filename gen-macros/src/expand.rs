//! `#[generator]`: from a function with `yield_!`s to a function returning a `Gen`.
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
//! `examples/expanded.rs` shows the complete expansion of a small generator.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{
    Error, FnArg, Ident, ItemFn, Pat, PatIdent, Path, ReturnType, Signature, TraitItemFn, Type,
    parse_quote,
};

use crate::args::{self, Args};
use crate::visit::{BodyRewriter, Kind};

pub(crate) fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(input.clone()) {
        Ok(func) => func,
        Err(err) => return not_a_function(err, input),
    };
    let (args, args_error) = args::parse(args);
    let mut errors = args_error.into_iter().collect::<Vec<_>>();
    let mut func = func;
    errors.extend(validate(&args, &mut func.sig));
    let error = errors.into_iter().reduce(|mut all, error| {
        all.combine(error);
        all
    });
    let error = error.map(Error::into_compile_error);
    match args.yield_ty {
        // The yield type is known (possibly recovered from a mistake the error reports): the
        // function expands as intended, so its callers see no further errors.
        Some(_) if !unusable(&args) => {
            let expansion = expand(args, func);
            quote!(#error #expansion)
        }
        _ => degrade(error.unwrap_or_default(), func),
    }
}

/// Whether the arguments cannot make a generator even though they parsed.
fn unusable(args: &Args) -> bool {
    [args.yield_ty.as_ref(), args.resume_ty.as_ref()]
        .into_iter()
        .flatten()
        .any(contains_impl_trait)
}

/// `#[generator]` on something that is not a function with a body: the error, and the item
/// left as it was, so that nothing else breaks because it disappeared.
fn not_a_function(err: Error, input: TokenStream) -> TokenStream {
    let error = match syn::parse2::<TraitItemFn>(input.clone()) {
        Ok(method) if method.default.is_none() => Error::new_spanned(
            &method.sig,
            format!(
                "`#[generator]` needs the function's body, and this trait method has none: \
                 declare it as returning `impl Iterator<Item = Y>` (or a `Gen` type) and put \
                 `#[generator(..)]` on `{}` in each impl",
                method.sig.ident
            ),
        ),
        _ => Error::new(
            err.span(),
            "`#[generator]` goes on a function with a body, such as \
             `#[generator(yield = u32)] fn numbers() { yield_!(1); }`",
        ),
    };
    let error = error.into_compile_error();
    quote!(#error #input)
}

/// Rejects what cannot be a generator, on the offending tokens, and removes it from the
/// signature so that the function can still expand.
fn validate(args: &Args, sig: &mut Signature) -> Vec<Error> {
    let mut errors = Vec::new();
    if let Some(constness) = sig.constness.take() {
        errors.push(Error::new_spanned(
            constness,
            "a generator fn cannot be `const`: calling it creates a state machine at run time; \
             remove `const`",
        ));
    }
    if let Some(abi) = sig.abi.take() {
        errors.push(Error::new_spanned(
            abi,
            "a generator fn cannot have an `extern` ABI: it returns a Rust generator value; \
             remove the ABI, or wrap the generator in an `extern` fn that drives it",
        ));
    }
    if let Some(variadic) = sig.variadic.take() {
        errors.push(Error::new_spanned(
            variadic,
            "a generator fn cannot be variadic",
        ));
    }
    for (ty, what) in [
        (args.yield_ty.as_ref(), "yield"),
        (args.resume_ty.as_ref(), "resume"),
    ] {
        if let Some(ty) = ty.filter(|ty| contains_impl_trait(ty)) {
            errors.push(Error::new_spanned(
                ty,
                format!(
                    "the {what} type of a generator must be a type that can be named, not \
                     `impl Trait`: name the type, or box it (`Box<dyn Trait>`)"
                ),
            ));
        }
    }
    errors
}

/// Where no generator can be made (no usable yield type), the error and the function with its
/// body stubbed out, so that the user sees the error instead of one per `yield_!`.
fn degrade(error: TokenStream, mut func: ItemFn) -> TokenStream {
    func.block = parse_quote!({ ::core::unreachable!() });
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
    // Paths into pygen are located on the user's `crate = path`, if any, so that an error
    // in it (a path that does not lead to pygen) lands there; otherwise on `fn`.
    let (krate, krate_span) = match args.krate {
        Some(path) => respan_path(path),
        None => {
            let span = Span::call_site().located_at(span);
            (quote_spanned!(span=> ::pygen), span)
        }
    };
    let yield_ty = args.yield_ty.expect("checked by the caller");
    let resume_ty = args.resume_ty.unwrap_or_else(|| parse_quote!(()));
    let ret_ty: Type = match &sig.output {
        ReturnType::Default => parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };

    // `async fn` makes an async generator: the body may await, and the fn returns an
    // `AsyncGen` (a Stream) instead of a `Gen`.
    let is_async = sig.asyncness.take().is_some();

    let co = Ident::new("__co", Span::mixed_site().located_at(span));
    let mut body = *block;
    let private = quote_spanned!(krate_span=> #krate::__private);
    let mut rewriter = BodyRewriter::new(
        &co,
        &private,
        is_unit(&resume_ty),
        Some(&yield_ty),
        if is_async { Kind::Async } else { Kind::Sync },
    );
    if is_unit(&ret_ty) {
        rewriter = rewriter.reject_try(sig.ident.to_string());
    }
    if !args.send {
        rewriter = rewriter.not_declared_send(sig.ident.to_string());
    }
    rewriter.visit_block_mut(&mut body);

    // Where the return type is known, an unreachable `return` of that type makes it the
    // `async` block's return type before the body is checked, so that a `return x` of the
    // wrong type is an error on `x`, not on the function (as `async-trait` does). Its span is
    // the declared return type (or the name, for `()`), which the error notes as the reason.
    // `if false` rather than `if let Some(r) = None::<Ret>`: MIR drops the constant branch
    // before building the state machine; the `if let` form left a path that cost the pinned
    // `send` benchmark 12 instructions per item.
    let ret_span = match &sig.output {
        ReturnType::Default => sig.ident.span(),
        ReturnType::Type(_, ty) => ty
            .to_token_stream()
            .into_iter()
            .next()
            .map_or(span, |tree| tree.span()),
    };
    let typed = !contains_impl_trait(&ret_ty) && !matches!(ret_ty, Type::Never(_));
    let ret_hint = typed.then(|| {
        let early = Ident::new("__ret", Span::mixed_site().located_at(ret_span));
        quote_spanned! {ret_span=>
            #[allow(unreachable_code, clippy::diverging_sub_expression)]
            if false {
                let #early: #ret_ty = ::core::unreachable!();
                return #early;
            }
        }
    });

    let prelude = move_arguments_in(&mut sig);
    let generator_type = Ident::new(if is_async { "AsyncGen" } else { "Gen" }, krate_span);
    let generator_path = quote_spanned!(krate_span=> #krate::#generator_type);
    let co_type = quote_spanned!(krate_span=> #krate::Co<#yield_ty, #resume_ty>);
    sig.output = output_type(
        span,
        &generator_path,
        &yield_ty,
        &resume_ty,
        &ret_ty,
        args.send,
    );

    // The body's statements go straight into the async block (after the arguments, which are
    // dropped last, as in a fn), so that its value is the block's, with no extra braces.
    let stmts = &body.stmts;
    let new_body = quote_spanned! {span=>
        {
            #generator_path::new(move |#[allow(unused_mut)] mut #co: #co_type| async move {
                #ret_hint
                #(#prelude)*
                #(#stmts)*
            })
        }
    };
    quote! {
        #(#attrs)*
        #[allow(refining_impl_trait)]
        #vis #sig #new_body
    }
}

/// The user's `crate = path`, with each token still located where the user wrote it (for
/// errors) but resolved as if written by the macro: lints such as `unused_qualifications`
/// then treat the paths built on it as macro output, not as the user's code. Also the span
/// for the segments the expansion appends to it: located on its last segment.
fn respan_path(path: Path) -> (TokenStream, Span) {
    let mut last = Span::call_site();
    let tokens = path
        .to_token_stream()
        .into_iter()
        .map(|mut tree| {
            last = Span::call_site().located_at(tree.span());
            tree.set_span(last);
            tree
        })
        .collect();
    (tokens, last)
}

fn output_type(
    span: Span,
    generator_path: &TokenStream,
    yield_ty: &Type,
    resume_ty: &Type,
    ret_ty: &Type,
    send: bool,
) -> ReturnType {
    let send = send.then(|| quote_spanned!(span=> + ::core::marker::Send));
    syn::parse2(quote_spanned! {span=>
        -> #generator_path<#yield_ty, #resume_ty, impl ::core::future::Future<Output = #ret_ty> #send>
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

#[cfg(test)]
mod tests {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};
    use quote::ToTokens;

    /// `examples/expanded.rs` writes out by hand, in its `mod expanded`, what the
    /// `#[generator]` fns of its `mod with_macro` expand to. This keeps the two the same,
    /// token for token (doc comments aside: the hand-written version explains itself); on a
    /// difference it prints the current expansion, to paste into the example (through
    /// rustfmt). `tests/expanded.rs` checks that the two also behave the same.
    #[test]
    fn examples_expanded_rs_is_the_expansion() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/expanded.rs");
        let Ok(source) = std::fs::read_to_string(path) else {
            // Only outside the workspace (a packaged pygen-macros), where there is no example.
            eprintln!("SKIPPED: {path} not found");
            return;
        };
        let file: syn::File = syn::parse_str(&source).expect("examples/expanded.rs parses");
        let with_macro = module_fns(&file, "with_macro");
        let expanded = module_fns(&file, "expanded");
        assert!(!with_macro.is_empty(), "no `mod with_macro` fns in {path}");
        for mut func in with_macro {
            let index = func
                .attrs
                .iter()
                .position(|attr| attr.path().is_ident("generator"))
                .expect("each fn of `mod with_macro` is a #[generator]");
            let attr = func.attrs.remove(index);
            let syn::Meta::List(list) = attr.meta else {
                panic!("#[generator(..)] with arguments")
            };
            let expansion = super::generator(list.tokens, func.to_token_stream());
            let actual: syn::ItemFn = syn::parse2(expansion.clone()).expect("one fn");
            let name = &func.sig.ident;
            let by_hand = expanded
                .iter()
                .find(|f| f.sig.ident == *name)
                .unwrap_or_else(|| panic!("no `fn {name}` in `mod expanded` of {path}"));
            let (actual, by_hand) = (tokens(&actual), tokens(by_hand));
            let same = actual
                .iter()
                .zip(&by_hand)
                .take_while(|(a, b)| a == b)
                .count();
            assert!(
                actual == by_hand,
                "`mod expanded` of {path} is not what `fn {name}` expands to any more: after \
                 `{}`, the expansion has `{}` where the example has `{}`. The expansion is \
                 now:\n\n{expansion}\n",
                actual[same.saturating_sub(8)..same].join(" "),
                actual.get(same).map_or("(the end)", String::as_str),
                by_hand.get(same).map_or("(the end)", String::as_str),
            );
        }
    }

    fn module_fns(file: &syn::File, name: &str) -> Vec<syn::ItemFn> {
        file.items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(module) if module.ident == name => module.content.as_ref(),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no `mod {name} {{ .. }}` in examples/expanded.rs"))
            .1
            .iter()
            .filter_map(|item| match item {
                syn::Item::Fn(func) => Some(func.clone()),
                _ => None,
            })
            .collect()
    }

    /// The tokens of `func` without its doc comments, flattened, spacing and trailing commas
    /// aside.
    fn tokens(func: &syn::ItemFn) -> Vec<String> {
        let mut func = func.clone();
        func.attrs.retain(|attr| !attr.path().is_ident("doc"));
        let mut out = Vec::new();
        flatten(func.into_token_stream(), &mut out);
        out
    }

    fn flatten(tokens: TokenStream, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    out.push(open.to_owned());
                    flatten(group.stream(), out);
                    // A trailing comma is rustfmt's choice, not a difference.
                    if out.last().is_some_and(|last| last == ",") {
                        out.pop();
                    }
                    out.push(close.to_owned());
                }
                TokenTree::Punct(punct) => out.push(punct.as_char().to_string()),
                other => out.push(other.to_string()),
            }
        }
    }
}
