//! The lifetime of the boxed generator a `boxed`/`boxed_local` fn returns
//! (`LocalBoxGen<'lt, ..>`).
//!
//! The generator holds all the fn's arguments, so `'lt` must be outlived by every lifetime
//! in them, and by every type parameter. It is, in this order:
//!
//! 1. the one the user names, `boxed_local = 'a`;
//! 2. `'static` where the arguments have no lifetime and the fn no type parameter
//!    (`fn countdown(n: u32)`, `fn into_items(self)`);
//! 3. that lifetime, where the arguments have exactly one (`&self` alone, `s: &str` alone,
//!    or one named `'a` however often it appears) and the fn no type parameter: `'_` or `'a`,
//!    so that the signature is what a trait declaring `-> LocalBoxGen<'_, T>` expects;
//! 4. otherwise a new lifetime parameter `'__generator`, outlived by all of them: each elided
//!    lifetime of the arguments is named (`&self` becomes `&'__life0 self`) and bounded
//!    (`'__life0: '__generator`), as are the named ones, the type parameters
//!    (`T: '__generator`), `impl Trait` arguments (`+ '__generator`) and a `self` taken by
//!    value (`Self: '__generator`).
//!
//! What this cannot see: the lifetimes and type parameters of an enclosing `impl` that the
//! arguments do not mention, such as those of `Self` in a `self` taken by value (rule 2 makes
//! such a generator `'static`; name the impl's lifetime with `boxed_local = 'a`), and
//! lifetimes hidden in paths (`Ref` for `Ref<'_>`; write `Ref<'_>`).

use proc_macro2::Span;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{
    FnArg, GenericParam, Lifetime, Signature, Type, TypeBareFn, TypeImplTrait, TypeReference,
    WherePredicate, parse_quote,
};

use crate::model::Boxed;

/// The lifetime of the boxed generator; adds the parameters and bounds rule 4 needs to
/// `sig`.
pub(super) fn lifetime(boxed: &Boxed, sig: &mut Signature) -> Lifetime {
    if let Some(lifetime) = &boxed.lifetime {
        return lifetime.clone();
    }
    let mut found = Found::default();
    for input in &sig.inputs {
        found.visit_fn_arg(input);
    }
    let type_params = sig.generics.type_params().count() + found.impl_traits;
    for param in sig.generics.lifetimes() {
        found.named(&param.lifetime);
    }
    match (found.elided, found.named.as_slice(), type_params) {
        (0, [], 0) => Lifetime::new("'static", Span::call_site()),
        (1, [], 0) => Lifetime::new("'_", Span::call_site()),
        (0, [only], 0) => only.clone(),
        _ => bounded(sig, &found),
    }
}

/// Rule 4: a new lifetime parameter outlived by everything the arguments hold. Each bound
/// goes where the user bounds that parameter already (inline, or in the `where` clause), so
/// that clippy's `multiple_bound_locations` does not flag the user's fn.
fn bounded(sig: &mut Signature, found: &Found) -> Lifetime {
    let outlived = Lifetime::new("'__generator", Span::call_site());
    let mut namer = Namer {
        names: Vec::new(),
        outlived: &outlived,
    };
    for input in &mut sig.inputs {
        namer.visit_fn_arg_mut(input);
    }
    let by_value_self = sig
        .inputs
        .iter()
        .any(|input| matches!(input, FnArg::Receiver(receiver) if receiver.reference.is_none()));
    let generics = &mut sig.generics;
    let mut where_clause = generics
        .where_clause
        .take()
        .unwrap_or_else(|| parse_quote!(where));
    let bound: syn::TypeParamBound = parse_quote!(#outlived);
    for param in generics.type_params_mut() {
        let ident = &param.ident;
        let in_where = where_clause
            .predicates
            .iter_mut()
            .find_map(|predicate| match predicate {
                WherePredicate::Type(predicate) if names(&predicate.bounded_ty, ident) => {
                    Some(predicate)
                }
                _ => None,
            });
        match in_where {
            Some(predicate) => predicate.bounds.push(bound.clone()),
            None => param.bounds.push(bound.clone()),
        }
    }
    let mut outside = found.named.clone();
    for param in generics.lifetimes_mut() {
        outside.retain(|lifetime| *lifetime != param.lifetime);
        let in_where = where_clause
            .predicates
            .iter_mut()
            .find_map(|predicate| match predicate {
                WherePredicate::Lifetime(predicate) if predicate.lifetime == param.lifetime => {
                    Some(predicate)
                }
                _ => None,
            });
        match in_where {
            Some(predicate) => predicate.bounds.push(outlived.clone()),
            None => param.bounds.push(outlived.clone()),
        }
    }
    // Lifetimes of an enclosing impl, and `Self`, can only be bounded in the `where` clause.
    for lifetime in outside {
        where_clause
            .predicates
            .push(parse_quote!(#lifetime: #outlived));
    }
    if by_value_self {
        where_clause.predicates.push(parse_quote!(Self: #outlived));
    }
    // The new lifetimes go first, as lifetime parameters come before the others.
    let mut new_params: Vec<GenericParam> = namer
        .names
        .iter()
        .map(|name| parse_quote!(#name: #outlived))
        .collect();
    new_params.push(parse_quote!(#outlived));
    for (index, param) in new_params.into_iter().enumerate() {
        generics.params.insert(index, param);
    }
    generics.where_clause = Some(where_clause);
    outlived
}

/// Whether `ty` is the type parameter `ident`.
fn names(ty: &Type, ident: &syn::Ident) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none() && path.path.is_ident(ident))
}

/// The lifetimes and anonymous type parameters of the arguments.
#[derive(Default)]
struct Found {
    /// Elided lifetimes: `&T`, `&self`, `'_`.
    elided: usize,
    /// Named lifetimes other than `'static`, each once.
    named: Vec<Lifetime>,
    /// `impl Trait` arguments.
    impl_traits: usize,
}

impl Found {
    fn named(&mut self, lifetime: &Lifetime) {
        if lifetime.ident != "static" && !self.named.contains(lifetime) {
            self.named.push(lifetime.clone());
        }
    }
}

impl Visit<'_> for Found {
    fn visit_receiver(&mut self, receiver: &syn::Receiver) {
        // `self: &Self` is `&self`, and `self: Box<Self>` is visited as a type.
        match &receiver.reference {
            Some((_, None)) if receiver.colon_token.is_none() => self.elided += 1,
            Some((_, Some(lifetime))) if receiver.colon_token.is_none() => self.named(lifetime),
            _ => visit::visit_type(self, &receiver.ty),
        }
    }

    fn visit_type_reference(&mut self, reference: &TypeReference) {
        if reference.lifetime.is_none() {
            self.elided += 1;
        }
        visit::visit_type_reference(self, reference);
    }

    fn visit_lifetime(&mut self, lifetime: &Lifetime) {
        if lifetime.ident == "_" {
            self.elided += 1;
        } else {
            self.named(lifetime);
        }
    }

    fn visit_type_impl_trait(&mut self, impl_trait: &TypeImplTrait) {
        self.impl_traits += 1;
        visit::visit_type_impl_trait(self, impl_trait);
    }

    /// The lifetimes of a `fn(&str)` type are its own.
    fn visit_type_bare_fn(&mut self, _: &TypeBareFn) {}

    /// And so are those of `Fn(&str)` in `impl Fn(&str)` or `Box<dyn Fn(&str)>`.
    fn visit_parenthesized_generic_arguments(&mut self, _: &syn::ParenthesizedGenericArguments) {}
}

/// Names the elided lifetimes of the arguments (`'__life0`, ...) and bounds their `impl
/// Trait`s by `outlived`.
struct Namer<'a> {
    names: Vec<Lifetime>,
    outlived: &'a Lifetime,
}

impl Namer<'_> {
    fn fresh(&mut self) -> Lifetime {
        let name = format!("'__life{}", self.names.len());
        let lifetime = Lifetime::new(&name, Span::call_site());
        self.names.push(lifetime.clone());
        lifetime
    }
}

impl VisitMut for Namer<'_> {
    fn visit_receiver_mut(&mut self, receiver: &mut syn::Receiver) {
        if receiver.colon_token.is_none() {
            if let Some((_, lifetime @ None)) = &mut receiver.reference {
                let fresh = self.fresh();
                *lifetime = Some(fresh.clone());
                // `receiver.ty` is what `&self` means, `&Self`: kept in step.
                if let Type::Reference(reference) = &mut *receiver.ty {
                    reference.lifetime = Some(fresh);
                }
            }
            return;
        }
        visit_mut::visit_receiver_mut(self, receiver);
    }

    fn visit_type_reference_mut(&mut self, reference: &mut TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.fresh());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.fresh();
        }
    }

    fn visit_type_impl_trait_mut(&mut self, impl_trait: &mut TypeImplTrait) {
        visit_mut::visit_type_impl_trait_mut(self, impl_trait);
        let outlived = self.outlived;
        impl_trait.bounds.push(parse_quote!(#outlived));
    }

    fn visit_type_bare_fn_mut(&mut self, _: &mut TypeBareFn) {}

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{ToTokens, quote};

    fn plan(sig: &str) -> (String, String) {
        let mut sig: Signature = syn::parse_str(sig).expect("a signature");
        let boxed = Boxed {
            send: false,
            span: Span::call_site(),
            lifetime: None,
            written: None,
        };
        let lifetime = lifetime(&boxed, &mut sig);
        let text = |tokens: proc_macro2::TokenStream| tokens.to_string().replace(' ', "");
        (text(quote!(#lifetime)), text(sig.to_token_stream()))
    }

    #[test]
    fn no_lifetimes_is_static() {
        assert_eq!(plan("fn f(n: u32)").0, "'static");
        assert_eq!(plan("fn f(self, s: &'static str)").0, "'static");
        assert_eq!(
            plan("fn f(g: fn(&str) -> &str, h: Box<dyn Fn(&u8)>)").0,
            "'static"
        );
    }

    #[test]
    fn one_lifetime_is_that_one() {
        assert_eq!(plan("fn f(&self)"), ("'_".into(), "fnf(&self)".into()));
        assert_eq!(plan("fn f(s: &str)").0, "'_");
        assert_eq!(plan("fn f<'a>(s: &'a str, t: &'a str)").0, "'a");
        assert_eq!(plan("fn f(it: Iter<'_, u8>)").0, "'_");
    }

    #[test]
    fn several_lifetimes_get_a_new_one() {
        let (lifetime, sig) = plan("fn f<'a, T: Clone>(&self, x: &'a T, y: &str, z: impl Copy)");
        assert_eq!(lifetime, "'__generator");
        assert_eq!(
            sig,
            "fnf<'__life0:'__generator,'__life1:'__generator,'__generator,'a:'__generator,\
             T:Clone+'__generator>(&'__life0self,x:&'aT,y:&'__life1str,z:implCopy+'__generator)"
        );
        // Bounds go where the user's are; lifetimes of an enclosing impl and `Self` in the
        // `where` clause.
        let (_, sig) = plan("fn f<T>(self, t: T, u: &'b u8) where T: Copy");
        assert!(
            sig.ends_with("whereT:Copy+'__generator,'b:'__generator,Self:'__generator"),
            "{sig}"
        );
    }
}
