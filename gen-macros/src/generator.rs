//! `#[generator]`, stage by stage: parse the arguments and the fn, validate what they ask
//! for, walk the body, emit the generator fn. Every stage records its mistakes in the same
//! [`Errors`], and the fn is expanded whatever they are (see `validate`), so that one mistake
//! gives one error.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use crate::errors::Errors;
use crate::model::Body;
use crate::{emit, parse, validate, walk};

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut func = match parse::function(item.clone()) {
        Ok(func) => func,
        // Not a fn: the error, and the item left as it was, so that nothing else breaks
        // because it disappeared.
        Err(error) => {
            let error = Errors::from(error).into_tokens();
            return quote!(#error #item);
        }
    };
    let mut errors = Errors::default();
    let args = parse::args(args, &mut errors);
    let generator = validate::generator(args, &func.sig, &mut errors);
    let co = Ident::new(
        "__co",
        Span::mixed_site().located_at(func.sig.fn_token.span),
    );
    walk::body(&Body::of_fn(&generator, co.clone()), &mut func.block);
    let expansion = emit::function(&generator, func, &co);
    let errors = errors.into_tokens();
    quote!(#errors #expansion)
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
            let expansion = super::expand(list.tokens, func.to_token_stream());
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
