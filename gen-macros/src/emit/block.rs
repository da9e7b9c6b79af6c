//! The template of `gen_block!`: a generator expression.
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

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};
use syn::{Block, Token};

use crate::model::Runtime;

/// The generator whose body is `block`, already walked with the yield handle `co`.
pub(crate) fn gen_block(
    runtime: &Runtime,
    move_token: Option<Token![move]>,
    block: &Block,
    co: &Ident,
    seal: &Ident,
) -> TokenStream {
    let braces = block.brace_token.span;
    let stmts = &block.stmts;
    let body = quote_spanned!(braces.join()=> {
        #[allow(unused_mut)]
        let mut #co = #co;
        #(#stmts)*
    });
    // `async` is located at the user's `{`, so that the async block spans the user's block:
    // rustc's "to force the async block to take ownership of `v` ..., use the `move`
    // keyword" then suggests `gen_block!(move {`, not a change to pygen's source.
    let async_token = quote_spanned!(braces.open()=> async);
    let private = runtime.private();
    quote! {
        {
            let (#co, #seal) = #private::new_co::<_, ()>();
            #seal.seal(#async_token #move_token #body)
        }
    }
}
