//! How mistakes are reported: every one is a `syn::Error` on the user's tokens, collected in
//! one [`Errors`] and shown in one of three places, each chosen so that rustc reports the
//! mistake once and nothing else because of it:
//!
//! - **before the item**, the usual place ([`Errors::into_tokens`]);
//! - **as a type the macro could not make out** ([`Errors::into_type`]): a missing or unusable
//!   yield type becomes `[(); compile_error!(..)]`, which rustc reports once and then treats
//!   as an error type, so that the callers' `for x in numbers()` or `let n: u32 = x` are not
//!   reported too (an error before the item and a stand-in type such as `()` would be);
//! - **in place of a mistaken expression** in the body ([`in_place`]): the `compile_error!`
//!   is itself an expression of the error type, so that the code around it
//!   (`let x = yield_!(a, b); x + 1`) is not reported either.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::{Error, Expr, Type};

/// The mistakes found so far, in the order found.
#[derive(Default)]
pub(crate) struct Errors(Option<Error>);

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Errors(Some(error))
    }
}

impl Errors {
    pub(crate) fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn extend(&mut self, other: Errors) {
        if let Some(error) = other.0 {
            self.push(error);
        }
    }

    /// The value of `result`, or `None` after recording its error.
    pub(crate) fn check<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `compile_error!`s to put before the item.
    pub(crate) fn into_tokens(self) -> TokenStream {
        self.0.map(Error::into_compile_error).unwrap_or_default()
    }

    /// A type that stands for one the macro could not make out, carrying these errors (see
    /// the module's comment). `span` places the type where there are no errors to carry
    /// (never, in practice: a type is unusable because of a reported mistake).
    pub(crate) fn into_type(mut self, span: Span) -> Type {
        if self.is_empty() {
            self.push(Error::new(span, "pygen: a type could not be made out"));
        }
        let several = self
            .0
            .as_ref()
            .is_some_and(|errors| errors.into_iter().nth(1).is_some());
        let errors = self.into_tokens();
        // Braces only around several errors: rustc's `unused_braces` lint would flag one.
        let length = if several {
            quote_spanned!(span=> { #errors })
        } else {
            errors
        };
        syn::parse2(quote_spanned!(span=> [(); #length])).expect("an array type")
    }
}

/// A mistaken expression replaced by its error (see the module's comment).
pub(crate) fn in_place(error: Error) -> Expr {
    Expr::Verbatim(error.into_compile_error())
}

/// Tokens as a user would write them (roughly: `Vec<u8>`, not `Vec < u8 >`), for messages
/// that show what to write.
pub(crate) fn source_text(tokens: &impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (from, to) in [
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        (" ::", "::"),
        (":: ", "::"),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
    ] {
        text = text.replace(from, to);
    }
    text
}
