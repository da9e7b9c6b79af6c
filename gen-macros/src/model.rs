//! What the stages hand on to each other: a generator fn once its arguments and signature are
//! checked ([`Generator`], from `validate`), and what the walk of a body needs to know about
//! it ([`Body`], derived from the kind of body: `fn`, `async fn` or `gen_block!`).

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::{Ident, Lifetime, Path, Type};

/// The kinds of generator body. Everything that differs between them is derived from this,
/// in [`Body`]'s methods.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `#[generator] fn`: a `Gen`.
    Fn,
    /// `#[generator] async fn`: an `AsyncGen`, whose body may `.await`.
    AsyncFn,
    /// `gen_block!`: a `Gen` with an inferred yield type and `()` resume values.
    Block,
}

/// `#[generator(boxed)]` or `#[generator(boxed_local)]`.
pub(crate) struct Boxed {
    /// `true` for `boxed` (a `BoxGen`, `Send`), `false` for `boxed_local` (a `LocalBoxGen`).
    pub(crate) send: bool,
    /// The `boxed`/`boxed_local` word, for errors and for the spans of what it adds.
    pub(crate) span: Span,
    /// `boxed_local = 'a`: the lifetime of the boxed generator, when the user names it.
    pub(crate) lifetime: Option<Lifetime>,
    /// The boxed generator's type as the user wrote it as the return type, taken as what
    /// the fn returns (see `validate::generator_type_as_return`).
    pub(crate) written: Option<Type>,
}

impl Boxed {
    /// `BoxGen` or `LocalBoxGen`.
    pub(crate) fn type_name(&self) -> &'static str {
        if self.send { "BoxGen" } else { "LocalBoxGen" }
    }

    /// `boxed` or `boxed_local`: the method of `Gen` that boxes it, and the attribute's word.
    pub(crate) fn method_name(&self) -> &'static str {
        if self.send { "boxed" } else { "boxed_local" }
    }
}

/// Where pygen is, as the expansion names it: `::pygen`, or the user's `crate = path`.
pub(crate) struct Runtime {
    path: TokenStream,
    /// Where the segments the expansion appends are located: on the user's path if any (so
    /// that a path that does not lead to pygen is the error's place), else on `fn`.
    span: Span,
}

impl Runtime {
    /// `::pygen`, located at `span`.
    pub(crate) fn pygen(span: Span) -> Self {
        let span = Span::call_site().located_at(span);
        Runtime {
            path: quote_spanned!(span=> ::pygen),
            span,
        }
    }

    /// The user's `crate = path`, with each token still located where the user wrote it (for
    /// errors) but resolved as if written by the macro: lints such as `unused_qualifications`
    /// then treat the paths built on it as macro output, not as the user's code.
    pub(crate) fn at(path: &Path) -> Self {
        let mut span = Span::call_site();
        let path = path
            .to_token_stream()
            .into_iter()
            .map(|mut tree| {
                span = Span::call_site().located_at(tree.span());
                tree.set_span(span);
                tree
            })
            .collect();
        Runtime { path, span }
    }

    /// The tokens `gen_block!` forwards as its `$crate`.
    pub(crate) fn forwarded(path: TokenStream) -> Self {
        Runtime {
            path,
            span: Span::call_site(),
        }
    }

    /// Where the expansion's paths into pygen are located.
    pub(crate) fn span(&self) -> Span {
        self.span
    }

    /// `path::name`, for a public item of pygen (`Gen`, `Co`, `Fallible`, ...).
    pub(crate) fn item(&self, name: &str) -> TokenStream {
        let (path, span) = (&self.path, self.span);
        let name = Ident::new(name, span);
        quote_spanned!(span=> #path::#name)
    }

    /// `path::__private`: what only expansions use.
    pub(crate) fn private(&self) -> TokenStream {
        self.item("__private")
    }
}

/// The yield type, as far as the macro could make it out.
pub(crate) enum YieldType {
    /// `yield = T`: values are checked against `T` where they are yielded.
    Declared(Type),
    /// Missing or unusable: an error type carrying the reason (`Errors::into_type`), which
    /// only the signature names; the body leaves it to inference, so that the error is not
    /// repeated at each `yield_!`.
    Unknown(Type),
}

impl YieldType {
    /// The type the signature names.
    pub(crate) fn ty(&self) -> &Type {
        match self {
            YieldType::Declared(ty) | YieldType::Unknown(ty) => ty,
        }
    }

    /// The type yielded values are checked against, if any.
    pub(crate) fn declared(&self) -> Option<&Type> {
        match self {
            YieldType::Declared(ty) => Some(ty),
            YieldType::Unknown(_) => None,
        }
    }
}

/// A `#[generator]` fn, checked: what its arguments and signature ask for.
pub(crate) struct Generator {
    /// `Kind::Fn` or `Kind::AsyncFn`.
    pub(crate) kind: Kind,
    /// The fn's name, for the messages and checks that concern calls of itself.
    pub(crate) name: Ident,
    pub(crate) yield_ty: YieldType,
    /// `resume = R`, `()` by default.
    pub(crate) resume_ty: Type,
    /// The declared return type: the generator's return value, `()` by default.
    pub(crate) return_ty: Type,
    pub(crate) runtime: Runtime,
    /// `send`: the body's future is declared `Send`.
    pub(crate) send: bool,
    pub(crate) boxed: Option<Boxed>,
    /// The return type is spelled as a `Result`: the generator gets the `Fallible` marker,
    /// so that iterating it without saying what happens to the error does not compile.
    pub(crate) fallible: bool,
}

/// What the walk of a body needs to know: the hidden names it writes yields with, and what
/// is allowed in it, derived from the kind of body.
pub(crate) struct Body<'a> {
    pub(crate) kind: Kind,
    /// The body's yield handle (a mixed-site identifier the user cannot name).
    pub(crate) co: Ident,
    /// The path to pygen's `__private` module.
    pub(crate) private: TokenStream,
    /// The type yielded values are checked against; `None` to infer it.
    pub(crate) yield_ty: Option<&'a Type>,
    /// The resume type is `()`, so that `yield_from!` may continue a started sub-generator
    /// with `()`, as Python's `yield from` continues one with `None`.
    pub(crate) unit_resume: bool,
    /// The generator fn, for a `#[generator]` body; `None` for a `gen_block!`.
    pub(crate) function: Option<&'a Generator>,
}

impl<'a> Body<'a> {
    /// The body of the generator fn `generator`.
    pub(crate) fn of_fn(generator: &'a Generator, co: Ident) -> Self {
        Body {
            kind: generator.kind,
            co,
            private: generator.runtime.private(),
            yield_ty: generator.yield_ty.declared(),
            unit_resume: is_unit(&generator.resume_ty),
            function: Some(generator),
        }
    }

    /// The body of a `gen_block!`: yield type inferred, resumed with `()`.
    pub(crate) fn of_block(runtime: &Runtime, co: Ident) -> Self {
        Body {
            kind: Kind::Block,
            co,
            private: runtime.private(),
            yield_ty: None,
            unit_resume: true,
            function: None,
        }
    }

    /// `.await` is allowed only in an `async fn`'s body.
    pub(crate) fn allows_await(&self) -> bool {
        self.kind == Kind::AsyncFn
    }

    /// The generator fn whose `?`s are errors, as it returns `()`.
    pub(crate) fn rejects_try(&self) -> Option<&'a Ident> {
        self.function
            .filter(|generator| is_unit(&generator.return_ty))
            .map(|generator| &generator.name)
    }

    /// The generator fn whose calls of itself are checked for boxing: not one declared
    /// `boxed`/`boxed_local`, whose calls of itself return boxed generators already.
    pub(crate) fn checks_recursion(&self) -> Option<&'a Generator> {
        self.function.filter(|generator| generator.boxed.is_none())
    }
}

pub(crate) fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(tuple) if tuple.elems.is_empty())
}
