//! Rewriting a generator body: each `yield_!(v)` becomes a yield through the body's hidden
//! handle, and misplaced yields or awaits become errors on the user's tokens.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Error, Expr, ExprMacro, Item, Macro, MacroDelimiter, Path, Stmt, StmtMacro, Type};

/// Where the visitor is, relative to the generator body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Directly in the body: yields are rewritten.
    Body,
    /// Inside a closure in the body.
    Closure,
    /// Inside an `async` block in the body.
    AsyncBlock,
}

pub(crate) struct BodyRewriter<'a> {
    /// The body's yield handle (a mixed-site identifier the user cannot name).
    co: &'a Ident,
    /// The path to gen-core.
    krate: &'a TokenStream,
    /// Whether the resume type is `()`, so that `yield_from!` can continue a started
    /// sub-generator with `()`, as Python's `yield from` continues one with `None`.
    unit_resume: bool,
    /// The declared yield type, to put type errors on the yielded value; `None` to infer.
    yield_ty: Option<&'a Type>,
    /// Whether the body may `.await` other futures (an async generator).
    is_async: bool,
    scope: Scope,
}

impl<'a> BodyRewriter<'a> {
    pub(crate) fn new(
        co: &'a Ident,
        krate: &'a TokenStream,
        unit_resume: bool,
        yield_ty: Option<&'a Type>,
        is_async: bool,
    ) -> Self {
        BodyRewriter {
            co,
            krate,
            unit_resume,
            yield_ty,
            is_async,
            scope: Scope::Body,
        }
    }

    fn in_scope(&mut self, scope: Scope, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        f(self);
        self.scope = outer;
    }

    /// The expression replacing `yield_!(..)` or `yield_from!(..)`, or an error in its place.
    fn body_macro_expr(&self, mac: &Macro, kind: BodyMacro) -> TokenStream {
        let name = kind.name();
        match self.scope {
            Scope::Body => {}
            Scope::Closure => {
                return error(
                    mac,
                    &format!(
                        "`{name}!` cannot be used inside a closure: the closure may run after \
                         the generator has moved on, so the yield would escape its generator. \
                         Yield from the generator body itself, e.g. with a `for` loop instead \
                         of `for_each`"
                    ),
                );
            }
            Scope::AsyncBlock => {
                return error(
                    mac,
                    &format!(
                        "`{name}!` cannot be used inside an `async` block within a generator: \
                         the block is a separate future that may be polled elsewhere, so the \
                         yield would escape its generator. Yield from the generator body itself"
                    ),
                );
            }
        }
        let value = if mac.tokens.is_empty() {
            if kind == BodyMacro::YieldFrom {
                return error(
                    mac,
                    "`yield_from!` needs a generator or an iterator to delegate to: \
                     `yield_from!(sub_generator)`",
                );
            }
            quote_spanned!(delimiter_span(&mac.delimiter) => ())
        } else {
            match syn::parse2::<Expr>(mac.tokens.clone()) {
                Ok(value) => value.into_token_stream(),
                Err(err) => return err.into_compile_error(),
            }
        };
        match kind {
            BodyMacro::Yield => self.yield_tokens(value, mac.path.span()),
            BodyMacro::YieldFrom => self.yield_from_tokens(value, mac.path.span()),
        }
    }

    fn yield_tokens(&self, value: TokenStream, span: Span) -> TokenStream {
        let co = self.co;
        let bound = Ident::new("__value", Span::mixed_site().located_at(span));
        let annotation = self.yield_ty.map(|ty| quote!(: #ty));
        quote_spanned! {span=>
            {
                let #bound #annotation = #value;
                #co.yield_(#bound).await
            }
        }
    }

    /// Delegation (see `gen_core::delegate`): autoref dispatch picks generator delegation when
    /// the operand is a gen-core generator, iteration when it is any other `IntoIterator`.
    fn yield_from_tokens(&self, sub: TokenStream, span: Span) -> TokenStream {
        let co = self.co;
        let krate = self.krate;
        let wrapped = Ident::new("__sub", Span::mixed_site().located_at(span));
        let kind = Ident::new("__kind", Span::mixed_site().located_at(span));
        let first = if self.unit_resume {
            quote!(::core::option::Option::Some(()))
        } else {
            quote!(::core::option::Option::None)
        };
        quote_spanned! {span=>
            {
                #[allow(unused_imports)]
                use #krate::__private::{ViaGenerator as _, ViaIterator as _};
                let #wrapped = #krate::__private::YieldFrom(#sub);
                let #kind = (&&#wrapped).__yield_from_kind();
                #kind.__delegate(&mut #co, #wrapped.0, #first).await
            }
        }
    }

    /// Rewrites bare `yield_!(..)` inside the tokens of another macro (`println!`, `vec!`,
    /// `assert_eq!` ...), leaving nested `gen_block!`s and `async` blocks alone.
    fn rewrite_tokens(&self, tokens: TokenStream) -> TokenStream {
        let mut out = Vec::new();
        let mut iter = tokens.into_iter().peekable();
        while let Some(tree) = iter.next() {
            match tree {
                TokenTree::Ident(ident)
                    if (ident == "yield_" || ident == "yield_from")
                        && self.scope == Scope::Body =>
                {
                    let bang =
                        matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    if !bang {
                        out.push(TokenTree::Ident(ident));
                        continue;
                    }
                    let bang = iter.next().expect("peeked");
                    match iter.next() {
                        Some(TokenTree::Group(group)) => {
                            let value = if group.stream().is_empty() {
                                quote_spanned!(group.span() => ())
                            } else {
                                group.stream()
                            };
                            let expansion = if ident == "yield_" {
                                self.yield_tokens(value, ident.span())
                            } else {
                                self.yield_from_tokens(value, ident.span())
                            };
                            let mut block = Group::new(Delimiter::Brace, expansion);
                            block.set_span(group.span());
                            out.push(TokenTree::Group(block));
                        }
                        other => {
                            out.push(TokenTree::Ident(ident));
                            out.push(bang);
                            out.extend(other);
                        }
                    }
                }
                TokenTree::Ident(ident) if ident == "gen_block" || ident == "async" => {
                    // Their blocks are other generators or futures: copy them verbatim, up to
                    // and including the next group.
                    out.push(TokenTree::Ident(ident));
                    for next in iter.by_ref() {
                        let is_group = matches!(next, TokenTree::Group(_));
                        out.push(next);
                        if is_group {
                            break;
                        }
                    }
                }
                TokenTree::Group(group) => {
                    let mut rewritten =
                        Group::new(group.delimiter(), self.rewrite_tokens(group.stream()));
                    rewritten.set_span(group.span());
                    out.push(TokenTree::Group(rewritten));
                }
                other => out.push(other),
            }
        }
        out.into_iter().collect()
    }
}

impl VisitMut for BodyRewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Macro(ExprMacro { mac, .. }) => match macro_kind(&mac.path) {
                MacroKind::Body(kind) => *expr = Expr::Verbatim(self.body_macro_expr(mac, kind)),
                MacroKind::GenBlock => {}
                MacroKind::Other => mac.tokens = self.rewrite_tokens(mac.tokens.clone()),
            },
            Expr::Closure(closure) => self.in_scope(Scope::Closure, |v| {
                visit_mut::visit_expr_closure_mut(v, closure)
            }),
            Expr::Async(block) => self.in_scope(Scope::AsyncBlock, |v| {
                visit_mut::visit_expr_async_mut(v, block)
            }),
            Expr::Await(await_expr) if !self.is_async && self.scope == Scope::Body => {
                let dot = &await_expr.dot_token;
                let kw = &await_expr.await_token;
                *expr = Expr::Verbatim(error(
                    quote!(#dot #kw),
                    "`.await` cannot be used in a synchronous generator: only `yield_!` may \
                     suspend it. Write `async fn` to make this an async generator, which can \
                     await futures and is consumed as a `Stream`",
                ));
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(StmtMacro {
            mac, semi_token, ..
        }) = stmt
        {
            match macro_kind(&mac.path) {
                MacroKind::Body(kind) => {
                    let expr = Expr::Verbatim(self.body_macro_expr(mac, kind));
                    *stmt = Stmt::Expr(expr, *semi_token);
                }
                MacroKind::GenBlock => {}
                MacroKind::Other => mac.tokens = self.rewrite_tokens(mac.tokens.clone()),
            }
            return;
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }

    /// Nested items (fns, impls, modules) are not part of this generator.
    fn visit_item_mut(&mut self, _: &mut Item) {}
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyMacro {
    Yield,
    YieldFrom,
}

impl BodyMacro {
    fn name(self) -> &'static str {
        match self {
            BodyMacro::Yield => "yield_",
            BodyMacro::YieldFrom => "yield_from",
        }
    }
}

enum MacroKind {
    Body(BodyMacro),
    GenBlock,
    Other,
}

fn macro_kind(path: &Path) -> MacroKind {
    match path.segments.last() {
        Some(last) if last.ident == "yield_" => MacroKind::Body(BodyMacro::Yield),
        Some(last) if last.ident == "yield_from" => MacroKind::Body(BodyMacro::YieldFrom),
        Some(last) if last.ident == "gen_block" => MacroKind::GenBlock,
        _ => MacroKind::Other,
    }
}

/// A `compile_error!` spanning `tokens`, usable in expression position.
fn error(tokens: impl ToTokens, message: &str) -> TokenStream {
    Error::new_spanned(tokens, message).into_compile_error()
}

fn delimiter_span(delimiter: &MacroDelimiter) -> Span {
    match delimiter {
        MacroDelimiter::Paren(p) => p.span.join(),
        MacroDelimiter::Brace(b) => b.span.join(),
        MacroDelimiter::Bracket(b) => b.span.join(),
    }
}
