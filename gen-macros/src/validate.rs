//! The validate stage: checks what the arguments and the signature ask for, reports what
//! cannot be a generator on the offending tokens, and describes the generator to make
//! ([`Generator`]). Nothing is rewritten here; where a mistake leaves the intent clear, the
//! description is what was meant (a `const fn` is made without `const`, a missing yield type
//! is an error type), so that the fn still expands and its callers see no further errors.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{
    Error, GenericArgument, PathArguments, ReturnType, Signature, Type, TypePath, parse_quote,
};

use crate::errors::{Errors, source_text};
use crate::model::{Boxed, Generator, Kind, Runtime, YieldType};
use crate::parse::Args;

pub(crate) fn generator(args: Args, sig: &Signature, errors: &mut Errors) -> Generator {
    let yield_ty = yield_type(args.yield_ty, errors);
    let resume_ty = match args.resume_ty {
        Some(ty) => match unnameable(&ty, "resume") {
            None => ty,
            Some(error) => Errors::from(error).into_type(ty.span()),
        },
        None => parse_quote!(()),
    };
    signature(sig, errors);
    let kind = if sig.asyncness.is_some() {
        Kind::AsyncFn
    } else {
        Kind::Fn
    };
    let (mut boxed, send) = boxing(args.boxed, args.send, kind, sig, errors);
    let mut return_ty = match &sig.output {
        ReturnType::Default => parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };
    let mut fallible = spelled_as_result(&return_ty);
    if let Some((written, recovered)) = generator_type_as_return(&return_ty, boxed.as_ref(), sig) {
        errors.push(written);
        boxed = Some(recovered.boxed);
        return_ty = recovered.return_ty;
        fallible = recovered.fallible;
    }
    Generator {
        kind,
        name: sig.ident.clone(),
        yield_ty,
        resume_ty,
        fallible,
        return_ty,
        runtime: match &args.krate {
            Some(path) => Runtime::at(path),
            None => Runtime::pygen(sig.fn_token.span),
        },
        send,
        boxed,
    }
}

/// The yield type; where it is missing because of mistakes in the arguments (all the errors
/// so far), an error type standing for them.
fn yield_type(ty: Option<Type>, errors: &mut Errors) -> YieldType {
    match ty {
        Some(ty) => match unnameable(&ty, "yield") {
            None => YieldType::Declared(ty),
            Some(error) => YieldType::Unknown(Errors::from(error).into_type(ty.span())),
        },
        None => YieldType::Unknown(std::mem::take(errors).into_type(Span::call_site())),
    }
}

/// `boxed`/`boxed_local` and `send`, where they can be had together: there is no boxed
/// async generator, and a `LocalBoxGen` is not `Send`.
fn boxing(
    boxed: Option<Boxed>,
    send: Option<Span>,
    kind: Kind,
    sig: &Signature,
    errors: &mut Errors,
) -> (Option<Boxed>, bool) {
    match (boxed, send) {
        (Some(boxed), _) if kind == Kind::AsyncFn => {
            errors.push(Error::new(
                boxed.span,
                format!(
                    "an `async fn` generator cannot be `{}`: pygen has no boxed async \
                     generator type; box the `AsyncGen` where it is used (`Box::pin({}(..))` \
                     is a `Stream`)",
                    boxed.method_name(),
                    sig.ident
                ),
            ));
            (None, send.is_some())
        }
        (Some(boxed), Some(send)) if !boxed.send => {
            errors.push(Error::new(
                send,
                "`send` declares the generator `Send`, and the `LocalBoxGen` that \
                 `boxed_local` makes is not: write `boxed` instead of `boxed_local` for a \
                 boxed generator that is `Send`",
            ));
            (Some(boxed), false)
        }
        (boxed, send) => (boxed, send.is_some()),
    }
}

/// Rejects what cannot be in a generator fn's signature; the fn is made without it.
fn signature(sig: &Signature, errors: &mut Errors) {
    if let Some(constness) = &sig.constness {
        errors.push(Error::new_spanned(
            constness,
            "a generator fn cannot be `const`: calling it creates a state machine at run time; \
             remove `const`",
        ));
    }
    if let Some(abi) = &sig.abi {
        errors.push(Error::new_spanned(
            abi,
            "a generator fn cannot have an `extern` ABI: it returns a Rust generator value; \
             remove the ABI, or wrap the generator in an `extern` fn that drives it",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(Error::new_spanned(
            variadic,
            "a generator fn cannot be variadic",
        ));
    }
}

/// The error for a yield or resume type that the generator's type cannot name.
fn unnameable(ty: &Type, what: &str) -> Option<Error> {
    contains_impl_trait(ty).then(|| {
        Error::new_spanned(
            ty,
            format!(
                "the {what} type of a generator must be a type that can be named, not \
                 `impl Trait`: name the type, or box it (`Box<dyn Trait>`)"
            ),
        )
    })
}

pub(crate) fn contains_impl_trait(ty: &Type) -> bool {
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

/// The last segment of a path type: `Result` for `io::Result<()>`.
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(TypePath { path, .. }) => path.segments.last(),
        Type::Paren(paren) => last_segment(&paren.elem),
        Type::Group(group) => last_segment(&group.elem),
        _ => None,
    }
}

/// A return type spelled as a `Result` (`Result<..>`, `io::Result<..>`, any path whose last
/// segment is `Result`). An alias that hides a `Result` is not seen: its generator stays
/// iterable, as the docs say.
fn spelled_as_result(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|segment| segment.ident == "Result")
}

/// What a return type written as the boxed generator's type was taken to mean: that type,
/// returned as written (so that it is exactly what a trait declares, and nothing of it goes
/// unused), and the generator's return value and marker it names.
struct Recovered {
    boxed: Boxed,
    return_ty: Type,
    fallible: bool,
}

/// `-> LocalBoxGen<'_, u32>` (or `BoxGen`) declared as the return type, as a trait's
/// signature says it: the error saying what to write, and the boxed generator it meant, so
/// that the fn matches the trait's signature and no error follows from it.
fn generator_type_as_return(
    ty: &Type,
    boxed: Option<&Boxed>,
    sig: &Signature,
) -> Option<(Error, Recovered)> {
    let segment = last_segment(ty)?;
    let send = match segment.ident.to_string().as_str() {
        "BoxGen" => true,
        "LocalBoxGen" => false,
        _ => return None,
    };
    let word = if send { "boxed" } else { "boxed_local" };
    let mut types = Vec::new();
    if let PathArguments::AngleBracketed(generics) = &segment.arguments {
        for argument in &generics.args {
            if let GenericArgument::Type(ty) = argument {
                types.push(ty);
            }
        }
    }
    // `BoxGen<'a, Y, R, Ret>`: the generator's return value is the third type.
    let return_ty = types.get(2).map(|ty| (**ty).clone());
    let written = source_text(ty);
    let fix = match &return_ty {
        Some(ret) => format!("replace `-> {written}` with `-> {}`", source_text(ret)),
        None => format!("remove `-> {written}`"),
    };
    let name = &sig.ident;
    let generator_type = &segment.ident;
    let message = match boxed {
        Some(boxed) if boxed.send == send => format!(
            "with `{word}`, `{name}` returns a `{generator_type}` already; its return type \
             declares what the generator returns when it is done (`()` if nothing): {fix}"
        ),
        _ => {
            let attribute = match boxed {
                Some(other) => format!("replace `{}` with `{word}`", other.method_name()),
                None => format!("add `{word}` to `#[generator(..)]`"),
            };
            format!(
                "`#[generator]` fns declare what the generator returns when it is done (`()` \
                 if nothing), not the generator's type: to make `{name}` return a \
                 `{generator_type}`, {attribute} and {fix}"
            )
        }
    };
    let error = Error::new_spanned(ty, message);
    let recovered = Recovered {
        boxed: Boxed {
            send,
            span: ty.span(),
            lifetime: None,
            written: Some(ty.clone()),
        },
        return_ty: return_ty.unwrap_or_else(|| parse_quote!(())),
        fallible: types.get(3).is_some_and(|marker| {
            last_segment(marker).is_some_and(|segment| segment.ident == "Fallible")
        }),
    };
    Some((error, recovered))
}
