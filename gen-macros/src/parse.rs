//! The parse stage: the arguments of `#[generator(..)]` and the item it is on.
//!
//! Parsing is tolerant: each malformed argument gives one error on its own tokens, and where
//! the intent is clear (a misspelled key, `yield u32` without `=`, a bare `#[generator(u32)]`)
//! the value is still used, so that the function expands normally and the user sees that one
//! error instead of a cascade from a function that stopped being a generator.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Error, ItemFn, Lifetime, Path, Token, TraitItemFn, Type};

use crate::errors::{Errors, source_text};
use crate::model::Boxed;

mod keys;

use keys::Key;

/// Every accepted form, for error messages.
const ACCEPTED: &str = "the accepted arguments are `yield = Type` (required), \
    `resume = Type` (what `yield_!` evaluates to; `()` by default), \
    `send` (declares the generator `Send`, for recursive boxed generators), \
    `boxed` or `boxed_local` (the fn returns a `BoxGen` or `LocalBoxGen`) and \
    `crate = path` (where pygen is, for crates that re-export it)";

/// The arguments as written, each at most once.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) yield_ty: Option<Type>,
    pub(crate) resume_ty: Option<Type>,
    pub(crate) krate: Option<Path>,
    /// The `send` word.
    pub(crate) send: Option<Span>,
    pub(crate) boxed: Option<Boxed>,
}

/// The function `#[generator]` is on, or the error saying what it goes on.
pub(crate) fn function(item: TokenStream) -> Result<ItemFn, Error> {
    syn::parse2(item.clone()).map_err(|error| match syn::parse2::<TraitItemFn>(item) {
        Ok(method) if method.default.is_none() => Error::new_spanned(
            &method.sig,
            format!(
                "`#[generator]` needs the function's body, and this trait method has none: \
                 declare it as returning `impl Iterator<Item = Y>`, or `LocalBoxGen<'_, Y>` \
                 for trait objects, and put `#[generator(..)]` on `{}` in each impl (with \
                 `boxed_local` for a `LocalBoxGen`)",
                method.sig.ident
            ),
        ),
        _ => Error::new(
            error.span(),
            "`#[generator]` goes on a function with a body, such as \
             `#[generator(yield = u32)] fn numbers() { yield_!(1); }`",
        ),
    })
}

/// Parses the arguments, recording one error per malformed argument in `errors`.
pub(crate) fn args(tokens: TokenStream, errors: &mut Errors) -> Args {
    let mut args = Args::default();
    let mut mistakes = Errors::default();
    let all_tokens = tokens.clone();
    let parser = |input: ParseStream<'_>| {
        while !input.is_empty() {
            if let Some(mistake) = argument(input, &mut args) {
                mistakes.push(mistake);
            }
            if input.is_empty() {
                break;
            }
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            } else {
                mistakes.push(Error::new(
                    input.span(),
                    "expected `,` between the arguments of `#[generator]`",
                ));
            }
        }
        Ok(())
    };
    let parsed = parser.parse2(tokens);
    mistakes.check(parsed);
    // A yield type that is missing because of a mistake already reported is not reported
    // again.
    if args.yield_ty.is_none() && mistakes.is_empty() {
        let message = "`#[generator]` needs the type of the values it yields";
        mistakes.push(if all_tokens.is_empty() {
            Error::new(
                Span::call_site(),
                format!("{message}: write `#[generator(yield = Type)]`"),
            )
        } else {
            Error::new_spanned(
                all_tokens,
                format!("{message}: add `yield = Type` to these arguments"),
            )
        });
    }
    errors.extend(mistakes);
    args
}

/// How an argument starts.
enum Start {
    /// With a key (`misspelt`: the error for a key read as the one it most likely means).
    Key {
        key: Key,
        span: Span,
        misspelt: Option<Error>,
    },
    /// With a type, the yield type without its key (`#[generator(u32)]`); the tokens of it
    /// already read.
    Type(TokenStream),
}

/// What follows a key.
enum Value {
    None,
    Type(Type),
    Path(Path),
    Lifetime(Lifetime),
}

/// Reads one argument into `args` and returns its mistake, if any: at most one per argument,
/// the first one found (what follows a mistake is usually a consequence of it). Where the
/// intent is clear the argument is used anyway.
fn argument(input: ParseStream<'_>, args: &mut Args) -> Option<Error> {
    let (key, span, misspelt) = match start(input, args) {
        Ok(Start::Key {
            key,
            span,
            misspelt,
        }) => (key, span, misspelt),
        Ok(Start::Type(first)) => return Some(positional_type(input, first, args)),
        Err(error) => {
            skip_argument(input);
            return Some(error);
        }
    };
    let (value, mistake) = value(input, key, span);
    let stored = value.and_then(|value| args.store(key, span, value).err());
    misspelt.or(mistake).or(stored)
}

fn start(input: ParseStream<'_>, args: &Args) -> syn::Result<Start> {
    let known = |key, span| Start::Key {
        key,
        span,
        misspelt: None,
    };
    if input.peek(Token![yield]) {
        return Ok(known(Key::Yield, input.parse::<Token![yield]>()?.span));
    }
    if input.peek(Token![crate]) {
        return Ok(known(Key::Crate, input.parse::<Token![crate]>()?.span));
    }
    let word_alone = input.peek(syn::Ident) && !input.peek2(Token![::]) && !input.peek2(Token![<]);
    if !word_alone {
        return if args.yield_ty.is_none() && !input.peek(Token![,]) {
            Ok(Start::Type(TokenStream::new()))
        } else {
            Err(Error::new(
                input.span(),
                format!("expected an argument of `#[generator]`; {ACCEPTED}"),
            ))
        };
    }
    let ident: syn::Ident = input.parse()?;
    let word = ident.to_string();
    if let Some(key) = Key::ALL.into_iter().find(|key| key.name() == word) {
        return Ok(known(key, ident.span()));
    }
    // Without `=` and before any yield type, a word may be the yield type without its key.
    let may_be_yield_type = !input.peek(Token![=]) && args.yield_ty.is_none();
    // A capitalised one is a type (`#[generator(Seed)]`), however close it is to a key.
    if may_be_yield_type && word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Ok(Start::Type(ident.into_token_stream()));
    }
    match Key::guess(&word) {
        Some(key) => Ok(Start::Key {
            key,
            span: ident.span(),
            misspelt: Some(Error::new(
                ident.span(),
                format!(
                    "unknown argument `{word}` of `#[generator]`: did you mean `{}`? ({ACCEPTED})",
                    key.name()
                ),
            )),
        }),
        None if may_be_yield_type => Ok(Start::Type(ident.into_token_stream())),
        None => Err(Error::new(
            ident.span(),
            format!("unknown argument `{word}` of `#[generator]`; {ACCEPTED}"),
        )),
    }
}

/// Reads what follows `key`: the value (if it could be read) and the first mistake.
fn value(input: ParseStream<'_>, key: Key, key_span: Span) -> (Option<Value>, Option<Error>) {
    let result = match key {
        Key::Send => flag(input),
        Key::Boxed | Key::BoxedLocal => boxed(input, key),
        Key::Yield | Key::Resume | Key::Crate => return assigned(input, key, key_span),
    };
    match result {
        Ok(value) => (Some(value), None),
        Err(error) => {
            skip_argument(input);
            (None, Some(error))
        }
    }
}

/// `send`, which takes no value.
fn flag(input: ParseStream<'_>) -> syn::Result<Value> {
    if input.peek(Token![=]) {
        let eq: Token![=] = input.parse()?;
        return Err(Error::new(
            eq.span,
            "`send` takes no value: write `send` alone to declare the generator `Send`, \
             or leave it out",
        ));
    }
    Ok(Value::None)
}

/// `boxed`, or `boxed = 'a` (likewise `boxed_local`).
fn boxed(input: ParseStream<'_>, key: Key) -> syn::Result<Value> {
    if !input.peek(Token![=]) {
        return Ok(Value::None);
    }
    let eq: Token![=] = input.parse()?;
    input.parse().map(Value::Lifetime).map_err(|_| {
        Error::new(
            eq.span,
            format!(
                "`{name}` takes no value, or the boxed generator's lifetime: write `{name}` \
                 alone, or `{name} = 'a`",
                name = key.name()
            ),
        )
    })
}

/// `key = value`, and the forms that are read as meaning it (`yield u32`).
fn assigned(input: ParseStream<'_>, key: Key, key_span: Span) -> (Option<Value>, Option<Error>) {
    let mut mistake = None;
    if input.peek(Token![=]) {
        let eq: Token![=] = input.parse().expect("peeked");
        if input.is_empty() || input.peek(Token![,]) {
            return (None, Some(Error::new(eq.span, expected_value(key))));
        }
    } else if input.is_empty() || input.peek(Token![,]) {
        let message = format!("`{}` needs a value, as in {}", key.name(), key.example());
        return (None, Some(Error::new(key_span, message)));
    } else {
        // `yield u32`: say so, and take the value anyway if it parses.
        let message = format!(
            "expected `=` after `{}`, as in {}",
            key.name(),
            key.example()
        );
        mistake = Some(Error::new(input.span(), message));
    }
    let start = input.span();
    let value = if key == Key::Crate {
        Path::parse_mod_style(input).map(Value::Path)
    } else {
        input.parse().map(Value::Type)
    };
    match value {
        Ok(value) => (Some(value), mistake),
        Err(_) => {
            skip_argument(input);
            (
                None,
                mistake.or(Some(Error::new(start, expected_value(key)))),
            )
        }
    }
}

fn expected_value(key: Key) -> String {
    format!(
        "expected {} after `{} =`, as in {}",
        if key == Key::Crate {
            "a path"
        } else {
            "a type"
        },
        key.name(),
        key.example()
    )
}

impl Args {
    /// Stores the value of `key`, which may be given once.
    fn store(&mut self, key: Key, span: Span, value: Value) -> Result<(), Error> {
        let stored = match (key, value) {
            (Key::Yield, Value::Type(ty)) => set_once(&mut self.yield_ty, ty),
            (Key::Resume, Value::Type(ty)) => set_once(&mut self.resume_ty, ty),
            (Key::Crate, Value::Path(path)) => set_once(&mut self.krate, path),
            (Key::Send, _) => set_once(&mut self.send, span),
            (Key::Boxed | Key::BoxedLocal, value) => {
                let send = key == Key::Boxed;
                if self.boxed.as_ref().is_some_and(|other| other.send != send) {
                    return Err(Error::new(
                        span,
                        "`boxed` and `boxed_local` cannot both be given: `boxed` makes the fn \
                         return a `BoxGen`, which is `Send`, and `boxed_local` a `LocalBoxGen`, \
                         which need not be; keep one",
                    ));
                }
                let lifetime = match value {
                    Value::Lifetime(lifetime) => Some(lifetime),
                    _ => None,
                };
                let boxed = Boxed {
                    send,
                    span,
                    lifetime,
                    written: None,
                };
                set_once(&mut self.boxed, boxed)
            }
            _ => unreachable!("each key is read with its kind of value"),
        };
        if stored {
            Ok(())
        } else {
            Err(Error::new(
                span,
                format!("`{}` is given twice: keep one", key.name()),
            ))
        }
    }
}

/// Stores `value` in an empty `slot`; `false` if it was not empty.
fn set_once<T>(slot: &mut Option<T>, value: T) -> bool {
    let empty = slot.is_none();
    if empty {
        *slot = Some(value);
    }
    empty
}

/// `#[generator(u32)]`: the type is used as the yield type, and the error shows the right
/// form.
fn positional_type(input: ParseStream<'_>, first: TokenStream, args: &mut Args) -> Error {
    let mut tokens = first;
    while !input.is_empty() && !input.peek(Token![,]) {
        tokens.extend([input.parse::<TokenTree>().expect("not empty")]);
    }
    match syn::parse2::<Type>(tokens.clone()) {
        Ok(ty) => {
            args.yield_ty = Some(ty);
            Error::new_spanned(
                &tokens,
                format!(
                    "the yield type needs its key: write `yield = {}`",
                    source_text(&tokens)
                ),
            )
        }
        Err(_) => Error::new_spanned(
            &tokens,
            format!("expected an argument of `#[generator]`; {ACCEPTED}"),
        ),
    }
}

/// Skips the rest of a malformed argument, up to the next top-level comma.
fn skip_argument(input: ParseStream<'_>) {
    while !input.is_empty() && !input.peek(Token![,]) {
        if input.parse::<TokenTree>().is_err() {
            break;
        }
    }
}
