//! The arguments of `#[generator(..)]`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Path, Token, Type};

/// Every accepted form, for error messages.
pub(crate) const ACCEPTED: &str = "accepted arguments: `yield = Type` (required), \
    `resume = Type` (the type `yield_!` evaluates to; default `()`), \
    `send` (declares the generator `Send`, for recursive generators that box themselves \
    with `.boxed()`), \
    `crate = path` (where gen-core is, for crates that re-export it; default `::gen_core`)";

pub(crate) struct Args {
    pub(crate) yield_ty: Type,
    pub(crate) resume_ty: Option<Type>,
    pub(crate) krate: Option<Path>,
    pub(crate) send: bool,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut yield_ty = None;
        let mut resume_ty = None;
        let mut krate = None;
        let mut send = None;
        while !input.is_empty() {
            let lookahead = input.lookahead1();
            if lookahead.peek(Token![yield]) {
                let key: Token![yield] = input.parse()?;
                input.parse::<Token![=]>()?;
                set_once(&mut yield_ty, input.parse()?, key.span, "yield")?;
            } else if lookahead.peek(Token![crate]) {
                let key: Token![crate] = input.parse()?;
                input.parse::<Token![=]>()?;
                set_once(&mut krate, input.parse()?, key.span, "crate")?;
            } else if input.peek(syn::Ident) {
                let key: syn::Ident = input.parse()?;
                if key == "resume" {
                    input.parse::<Token![=]>()?;
                    set_once(&mut resume_ty, input.parse()?, key.span(), "resume")?;
                } else if key == "send" {
                    set_once(&mut send, (), key.span(), "send")?;
                } else {
                    return Err(Error::new(
                        key.span(),
                        format!("unknown argument `{key}` of `#[generator]`; {ACCEPTED}"),
                    ));
                }
            } else {
                return Err(Error::new(
                    input.span(),
                    format!("expected an argument of `#[generator]`; {ACCEPTED}"),
                ));
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        let Some(yield_ty) = yield_ty else {
            return Err(Error::new(
                Span::call_site(),
                format!(
                    "`#[generator]` needs the type of the yielded values: write \
                     `#[generator(yield = Type)]`; {ACCEPTED}"
                ),
            ));
        };
        Ok(Args {
            yield_ty,
            resume_ty,
            krate,
            send: send.is_some(),
        })
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, span: Span, name: &str) -> syn::Result<()> {
    if slot.is_some() {
        return Err(Error::new(span, format!("`{name}` is given twice")));
    }
    *slot = Some(value);
    Ok(())
}
