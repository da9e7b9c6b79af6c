//! `gen_block!`: a generator expression (Python's generator expressions, nightly's `gen {}`),
//! in the stages of `#[generator]`: parse the input, walk the block, emit the template.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Block, Ident, Token};

use crate::emit;
use crate::errors::Errors;
use crate::model::{Body, Runtime};
use crate::walk;

/// What `pygen::gen_block!` passes on: its `$crate` in parentheses, then the user's tokens.
struct Input {
    krate: TokenStream,
    move_token: Option<Token![move]>,
    block: Block,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let krate = match input.parse::<TokenTree>()? {
            TokenTree::Group(group) => group.stream(),
            other => return Err(syn::Error::new(other.span(), "expected the crate path")),
        };
        let move_token = input.parse()?;
        let block = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "`gen_block!` takes a block: `gen_block!({ .. })`, or `gen_block!(move { .. })` \
                 to move what it uses into the generator",
            )
        })?;
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the block of `gen_block!`"));
        }
        Ok(Input {
            krate,
            move_token,
            block,
        })
    }
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let Input {
        krate,
        move_token,
        mut block,
    } = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return Errors::from(error).into_tokens(),
    };
    let runtime = Runtime::forwarded(krate);
    let span = block.brace_token.span.join();
    let co = Ident::new("__co", Span::mixed_site().located_at(span));
    let seal = Ident::new("__seal", Span::mixed_site().located_at(span));
    walk::body(&Body::of_block(&runtime, co.clone()), &mut block);
    emit::block::gen_block(&runtime, move_token, &block, &co, &seal)
}
