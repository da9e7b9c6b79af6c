//! `gen_block!`: a generator expression (Python's generator expressions, nightly's `gen {}`).
//!
//! ```text
//! gen_block!(move { body })  =>  {
//!                                    let (__co, __seal) = $crate::__private::new_co::<_, ()>();
//!                                    __seal.seal(async move { let mut __co = __co; body' })
//!                                }
//! ```
//!
//! Without `move`, the block is `async { .. }`: it borrows what it uses from the enclosing
//! scope, and `let mut __co = __co;` makes it capture the handle by value. No closure is
//! involved, so the borrows may live as long as the enclosing scope.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::visit_mut::VisitMut;
use syn::{Block, Ident, Token};

use crate::visit::{BodyRewriter, Kind};

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

pub(crate) fn gen_block(input: TokenStream) -> TokenStream {
    let Input {
        krate,
        move_token,
        mut block,
    } = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.into_compile_error(),
    };
    let span = block.brace_token.span.join();
    let co = Ident::new("__co", Span::mixed_site().located_at(span));
    let seal = Ident::new("__seal", Span::mixed_site().located_at(span));
    let private = quote!(#krate::__private);
    BodyRewriter::new(&co, &private, true, None, Kind::Block).visit_block_mut(&mut block);
    let stmts = &block.stmts;
    let body = quote_spanned!(span=> {
        #[allow(unused_mut)]
        let mut #co = #co;
        #(#stmts)*
    });
    quote! {
        {
            let (#co, #seal) = #krate::__private::new_co::<_, ()>();
            #seal.seal(async #move_token #body)
        }
    }
}
