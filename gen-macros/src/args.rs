//! The arguments of `#[generator(..)]`.
//!
//! Parsing is tolerant: each malformed argument gives one error on its own tokens, and where
//! the intent is clear (a misspelled key, `yield u32` without `=`, a bare `#[generator(u32)]`)
//! the value is still used, so that the function expands normally and the user sees that one
//! error instead of a cascade from a function that stopped being a generator.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Error, Path, Token, Type};

/// Every accepted form, for error messages.
pub(crate) const ACCEPTED: &str = "the accepted arguments are `yield = Type` (required), \
    `resume = Type` (what `yield_!` evaluates to; `()` by default), \
    `send` (declares the generator `Send`, for recursive boxed generators) and \
    `crate = path` (where pygen is, for crates that re-export it)";

pub(crate) struct Args {
    pub(crate) yield_ty: Option<Type>,
    pub(crate) resume_ty: Option<Type>,
    pub(crate) krate: Option<Path>,
    pub(crate) send: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Yield,
    Resume,
    Send,
    Crate,
}

impl Key {
    const ALL: [Key; 4] = [Key::Yield, Key::Resume, Key::Send, Key::Crate];

    fn name(self) -> &'static str {
        match self {
            Key::Yield => "yield",
            Key::Resume => "resume",
            Key::Send => "send",
            Key::Crate => "crate",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Key::Yield => "`yield = u32`",
            Key::Resume => "`resume = bool`",
            Key::Send => "`send`",
            Key::Crate => "`crate = ::my_crate::pygen`",
        }
    }

    /// The key a misspelled or mistaken `word` most likely meant.
    fn guess(word: &str) -> Option<Key> {
        let lower = word.to_lowercase();
        if ["item", "items", "output", "yields", "yielded", "ty", "type"].contains(&&*lower) {
            return Some(Key::Yield);
        }
        if ["input", "resumes", "arg", "send_type"].contains(&&*lower) {
            return Some(Key::Resume);
        }
        Key::ALL
            .into_iter()
            .find(|key| edit_distance(&lower, key.name()) <= 2)
    }
}

/// Parses the arguments, collecting one error per malformed argument. `args` is `None` only
/// where no yield type could be made out at all.
pub(crate) fn parse(tokens: TokenStream) -> (Args, Option<Error>) {
    let mut errors = Errors::default();
    let mut args = Args {
        yield_ty: None,
        resume_ty: None,
        krate: None,
        send: false,
    };
    let all_tokens = tokens.clone();
    let parser = |input: ParseStream<'_>| {
        while !input.is_empty() {
            if let Err(err) = parse_argument(input, &mut args, &mut errors) {
                errors.push(err);
                skip_argument(input);
            }
            if input.is_empty() {
                break;
            }
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            } else {
                errors.push(Error::new(
                    input.span(),
                    "expected `,` between the arguments of `#[generator]`",
                ));
            }
        }
        Ok(())
    };
    if let Err(err) = parser.parse2(tokens) {
        errors.push(err);
    }
    if args.yield_ty.is_none() && errors.0.is_none() {
        let message = "`#[generator]` needs the type of the values it yields";
        errors.push(if all_tokens.is_empty() {
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
    (args, errors.0)
}

/// Parses one argument. At most one error per argument: a recovered mistake is pushed to
/// `errors` and later problems in the same argument are not reported on top of it.
fn parse_argument(input: ParseStream<'_>, args: &mut Args, errors: &mut Errors) -> syn::Result<()> {
    let mut reported = false;
    let (key, key_span) = if input.peek(Token![yield]) {
        (Key::Yield, input.parse::<Token![yield]>()?.span)
    } else if input.peek(Token![crate]) {
        (Key::Crate, input.parse::<Token![crate]>()?.span)
    } else if input.peek(syn::Ident) && !input.peek2(Token![::]) && !input.peek2(Token![<]) {
        let ident: syn::Ident = input.parse()?;
        let word = ident.to_string();
        // A capitalised word not followed by `=` is a type (`#[generator(Seed)]`), not a
        // misspelt key, however close it is to one.
        let bare_type = !input.peek(Token![=])
            && args.yield_ty.is_none()
            && word.starts_with(|c: char| c.is_ascii_uppercase());
        match Key::ALL.into_iter().find(|key| key.name() == word) {
            Some(key) => (key, ident.span()),
            None if bare_type => {
                return positional_type(input, ident.into_token_stream(), args, errors);
            }
            None => match Key::guess(&word) {
                // Recover: read the argument as the key it most likely means.
                Some(key) => {
                    errors.push(Error::new(
                        ident.span(),
                        format!(
                            "unknown argument `{word}` of `#[generator]`: did you mean `{}`? ({ACCEPTED})",
                            key.name()
                        ),
                    ));
                    reported = true;
                    (key, ident.span())
                }
                None if !input.peek(Token![=]) && args.yield_ty.is_none() => {
                    // `#[generator(u32)]`: the yield type without its key.
                    return positional_type(input, ident.into_token_stream(), args, errors);
                }
                None => {
                    return Err(Error::new(
                        ident.span(),
                        format!("unknown argument `{word}` of `#[generator]`; {ACCEPTED}"),
                    ));
                }
            },
        }
    } else if args.yield_ty.is_none() && !input.peek(Token![,]) {
        return positional_type(input, TokenStream::new(), args, errors);
    } else {
        return Err(Error::new(
            input.span(),
            format!("expected an argument of `#[generator]`; {ACCEPTED}"),
        ));
    };
    if key == Key::Send {
        if input.peek(Token![=]) {
            let eq: Token![=] = input.parse()?;
            skip_argument(input);
            return fail(
                reported,
                Error::new(
                    eq.span,
                    "`send` takes no value: write `send` alone to declare the generator `Send`, \
                 or leave it out",
                ),
            );
        }
        if args.send {
            return fail(reported, twice(key_span, key));
        }
        args.send = true;
        return Ok(());
    }

    if input.peek(Token![=]) {
        let eq: Token![=] = input.parse()?;
        if input.is_empty() || input.peek(Token![,]) {
            return fail(reported, Error::new(eq.span, expected_value(key)));
        }
    } else if input.is_empty() || input.peek(Token![,]) {
        return fail(
            reported,
            Error::new(
                key_span,
                format!("`{}` needs a value, as in {}", key.name(), key.example()),
            ),
        );
    } else if !reported {
        // `yield u32`: say so, and take the value anyway if it parses.
        errors.push(Error::new(
            input.span(),
            format!(
                "expected `=` after `{}`, as in {}",
                key.name(),
                key.example()
            ),
        ));
        reported = true;
    }
    let start = input.span();
    let value_error = || Error::new(start, expected_value(key));
    let result = match key {
        Key::Yield => input
            .parse::<Type>()
            .map_err(|_| value_error())
            .and_then(|ty| set_once(&mut args.yield_ty, ty, key_span, key)),
        Key::Resume => input
            .parse::<Type>()
            .map_err(|_| value_error())
            .and_then(|ty| set_once(&mut args.resume_ty, ty, key_span, key)),
        Key::Crate => Path::parse_mod_style(input)
            .map_err(|_| value_error())
            .and_then(|path| set_once(&mut args.krate, path, key_span, key)),
        Key::Send => unreachable!("handled above"),
    };
    match result {
        Ok(()) => Ok(()),
        Err(error) => {
            skip_argument(input);
            fail(reported, error)
        }
    }
}

/// A second error in an argument that already has one is not reported.
fn fail(reported: bool, error: Error) -> syn::Result<()> {
    if reported { Ok(()) } else { Err(error) }
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

/// `#[generator(u32)]`: an error that shows the right form, and the type used as the yield type.
fn positional_type(
    input: ParseStream<'_>,
    first: TokenStream,
    args: &mut Args,
    errors: &mut Errors,
) -> syn::Result<()> {
    let mut tokens = first;
    while !input.is_empty() && !input.peek(Token![,]) {
        tokens.extend([input.parse::<TokenTree>()?]);
    }
    let ty: Type = syn::parse2(tokens.clone()).map_err(|_| {
        Error::new_spanned(
            &tokens,
            format!("expected an argument of `#[generator]`; {ACCEPTED}"),
        )
    })?;
    errors.push(Error::new_spanned(
        &tokens,
        format!(
            "the yield type needs its key: write `yield = {}`",
            pretty(&tokens)
        ),
    ));
    args.yield_ty = Some(ty);
    Ok(())
}

/// Tokens as a user would write them (roughly: `Vec<u8>`, not `Vec < u8 >`).
fn pretty(tokens: &TokenStream) -> String {
    let mut text = tokens.to_string();
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

/// Skips the rest of a malformed argument, up to the next top-level comma.
fn skip_argument(input: ParseStream<'_>) {
    while !input.is_empty() && !input.peek(Token![,]) {
        if input.parse::<TokenTree>().is_err() {
            break;
        }
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, span: Span, key: Key) -> syn::Result<()> {
    if slot.is_some() {
        return Err(twice(span, key));
    }
    *slot = Some(value);
    Ok(())
}

fn twice(span: Span, key: Key) -> Error {
    Error::new(span, format!("`{}` is given twice: keep one", key.name()))
}

#[derive(Default)]
struct Errors(Option<Error>);

impl Errors {
    fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }
}

/// Levenshtein distance, for "did you mean" (the words are a few bytes long).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert!(Key::guess("yeild") == Some(Key::Yield));
        assert!(Key::guess("Yield") == Some(Key::Yield));
        assert!(Key::guess("resum") == Some(Key::Resume));
        assert!(Key::guess("krate") == Some(Key::Crate));
        assert!(Key::guess("item") == Some(Key::Yield));
        assert!(Key::guess("frobnicate").is_none());
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("send", "send"), 0);
    }
}
