//! The walk stage: goes through a generator body, replaces each `yield_!(v)` and
//! `yield_from!(g)` with its template (`emit::yields`), and each misplaced yield, `.await`,
//! `?` or unboxed recursive call with an error on the user's tokens.
//!
//! Only the body itself is the generator's: closures and `async` blocks in it are other
//! functions and futures (a yield there is an error), nested items are not walked at all,
//! and the arguments of other macros (`println!`, `vec!`) are walked where they parse as
//! expressions.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Error, Expr, ExprMacro, Item, Macro, MacroDelimiter, Path, Stmt, StmtMacro, Token};

use crate::emit::yields;
use crate::errors::in_place;
use crate::model::{Body, Kind};
use crate::recursion::{self, SelfCall};

mod other_macros;

use other_macros::any_token;

/// Rewrites `block`, the body described by `body`.
pub(crate) fn body(body: &Body<'_>, block: &mut syn::Block) {
    Walker {
        body,
        scope: Scope::Body,
        in_macro: false,
        try_reported: false,
    }
    .visit_block_mut(block);
}

/// Where the walk is, relative to the generator body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Directly in the body: yields are rewritten.
    Body,
    /// Inside a closure in the body.
    Closure,
    /// Inside an `async` block in the body.
    AsyncBlock,
}

struct Walker<'a> {
    body: &'a Body<'a>,
    scope: Scope,
    /// In the tokens of another macro, which may wrap what it is given in a future of its own
    /// (`yield_from!` then makes a delegation that sees every poll).
    in_macro: bool,
    /// A `?` in a generator returning `()` is reported once: the first one says what to
    /// write, and the others would say the same.
    try_reported: bool,
}

/// The two macros of a generator body.
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
    /// Another generator's body, left for its own expansion.
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

impl Walker<'_> {
    fn in_scope(&mut self, scope: Scope, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        f(self);
        self.scope = outer;
    }

    /// The expression replacing `yield_!(..)` or `yield_from!(..)`.
    fn body_macro(&mut self, mac: &Macro, kind: BodyMacro) -> Expr {
        match self.body_macro_tokens(mac, kind) {
            Ok(tokens) => Expr::Verbatim(tokens),
            Err(error) => in_place(error),
        }
    }

    fn body_macro_tokens(&mut self, mac: &Macro, kind: BodyMacro) -> syn::Result<TokenStream> {
        let name = kind.name();
        if let Some(message) = self.misplaced(name) {
            return Err(Error::new_spanned(mac, message));
        }
        let name_span = mac.path.segments.last().map_or_else(
            || delimiter_span(&mac.delimiter),
            |segment| segment.ident.span(),
        );
        if mac.tokens.is_empty() {
            return match kind {
                BodyMacro::Yield => {
                    let unit = quote::quote_spanned!(delimiter_span(&mac.delimiter) => ());
                    Ok(yields::yield_(self.body, unit, name_span))
                }
                BodyMacro::YieldFrom => Err(Error::new_spanned(
                    mac,
                    "`yield_from!` needs a generator or an iterator to delegate to, as in \
                     `yield_from!(sub_generator())` or `yield_from!(0..10)`",
                )),
            };
        }
        // `parse_body` reports a missing expression (`yield_!(1 +)`) at the closing
        // delimiter, not at the attribute.
        let mut value = mac
            .parse_body::<Expr>()
            .map_err(|error| malformed(mac, kind, &error))?;
        match kind {
            BodyMacro::Yield => {
                // The value is part of the body: `yield_!(yield_!(x))`, `yield_!(f.await)`.
                self.visit_expr_mut(&mut value);
                Ok(yields::yield_(
                    self.body,
                    value.into_token_stream(),
                    name_span,
                ))
            }
            BodyMacro::YieldFrom => {
                self.check_recursion(&value)?;
                self.visit_expr_mut(&mut value);
                Ok(yields::yield_from(
                    self.body,
                    value.into_token_stream(),
                    name_span,
                    !self.in_macro,
                ))
            }
        }
    }

    /// Why a yield cannot be here, if it cannot.
    fn misplaced(&self, name: &str) -> Option<String> {
        match self.scope {
            Scope::Body => None,
            Scope::Closure => Some(format!(
                "`{name}!` cannot be used inside a closure: the closure may run after the \
                 generator has moved on, so the yield would escape its generator. Yield from \
                 the generator body itself, e.g. with a `for` loop instead of `for_each`"
            )),
            Scope::AsyncBlock => Some(format!(
                "`{name}!` cannot be used inside an `async` block within a generator: the block \
                 is a separate future that may be polled elsewhere, so the yield would escape \
                 its generator. Yield from the generator body itself"
            )),
        }
    }

    /// An error if `expr`, whose generator the body will hold across a suspension (the
    /// operand of `yield_from!`, the iterable of a `for` loop that yields), is a call of the
    /// generator fn itself that is not boxed: a state machine cannot contain itself.
    fn check_recursion(&self, expr: &Expr) -> syn::Result<()> {
        let Some(generator) = self.body.checks_recursion() else {
            return Ok(());
        };
        match recursion::self_call(expr, &generator.name) {
            None => Ok(()),
            Some(SelfCall::Unboxed(call)) => Err(recursion::unboxed_error(generator, call)),
            Some(SelfCall::BoxedWithoutSend(_)) if generator.send => Ok(()),
            Some(SelfCall::BoxedWithoutSend(boxed)) => {
                Err(recursion::boxed_without_send_error(generator, boxed))
            }
        }
    }

    /// Whether a `?` here is still to be reported.
    fn checks_try(&self) -> bool {
        self.body.rejects_try().is_some() && !self.try_reported
    }

    fn await_error(&self, tokens: TokenStream) -> Error {
        let message = if self.body.kind == Kind::Block {
            "`.await` cannot be used in a `gen_block!`, which is a synchronous generator: only \
             `yield_!` may suspend it. For an async generator, which can await futures and is \
             consumed as a `Stream`, write a `#[generator(yield = Type)] async fn`"
        } else {
            "`.await` cannot be used in a synchronous generator: only `yield_!` may suspend \
             it. Write `async fn` to make this an async generator, which can await futures \
             and is consumed as a `Stream`"
        };
        Error::new_spanned(tokens, message)
    }

    /// `for x in walk(child) { yield_!(x) }`: the loop holds the iterable across its yields.
    fn for_loop(&mut self, for_loop: &mut syn::ExprForLoop) {
        let suspends = suspends(for_loop.body.to_token_stream(), self.body.allows_await());
        if self.scope == Scope::Body && suspends {
            if let Err(error) = self.check_recursion(&for_loop.expr) {
                *for_loop.expr = in_place(error);
            }
        }
        visit_mut::visit_expr_for_loop_mut(self, for_loop);
    }
}

impl VisitMut for Walker<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Macro(ExprMacro { mac, .. }) => match macro_kind(&mac.path) {
                MacroKind::Body(kind) => *expr = self.body_macro(mac, kind),
                MacroKind::GenBlock => {}
                MacroKind::Other => self.other_macro(mac),
            },
            Expr::Closure(closure) => self.in_scope(Scope::Closure, |v| {
                visit_mut::visit_expr_closure_mut(v, closure)
            }),
            Expr::Async(block) => self.in_scope(Scope::AsyncBlock, |v| {
                visit_mut::visit_expr_async_mut(v, block)
            }),
            Expr::Await(await_expr) if !self.body.allows_await() && self.scope == Scope::Body => {
                let dot = &await_expr.dot_token;
                let kw = &await_expr.await_token;
                *expr = in_place(self.await_error(quote!(#dot #kw)));
            }
            Expr::Yield(yield_expr) if self.scope == Scope::Body => {
                *expr = in_place(Error::new_spanned(
                    yield_expr.yield_token,
                    "the `yield` keyword is unstable Rust; in a generator, write `yield_!(value)` \
                     (and `yield_from!(sub)` for Python's `yield from sub`)",
                ));
            }
            Expr::Try(try_expr) if self.scope == Scope::Body && self.checks_try() => {
                let name = self.body.rejects_try().expect("checked");
                self.try_reported = true;
                *expr = in_place(Error::new_spanned(
                    try_expr.question_token,
                    format!(
                        "the `?` operator needs a generator that returns `Result` or `Option`, \
                         and `{name}` returns `()`: declare what it returns, as in \
                         `fn {name}(..) -> Result<(), Error>`, and end its body with `Ok(())`"
                    ),
                ));
            }
            Expr::ForLoop(for_loop) => self.for_loop(for_loop),
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        // `yield_! { v }` may stand as a statement without a `;`, like any braced macro; its
        // expansion is an expression, which needs one before the next statement.
        let not_last = block.stmts.len().saturating_sub(1);
        for stmt in &mut block.stmts[..not_last] {
            let Stmt::Macro(StmtMacro {
                mac, semi_token, ..
            }) = stmt
            else {
                continue;
            };
            if semi_token.is_none()
                && matches!(mac.delimiter, MacroDelimiter::Brace(_))
                && matches!(macro_kind(&mac.path), MacroKind::Body(_))
            {
                *semi_token = Some(Token![;](mac.delimiter.span().close()));
            }
        }
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(StmtMacro {
            mac, semi_token, ..
        }) = stmt
        {
            match macro_kind(&mac.path) {
                MacroKind::Body(kind) => {
                    let expr = self.body_macro(mac, kind);
                    *stmt = Stmt::Expr(expr, *semi_token);
                }
                MacroKind::GenBlock => {}
                MacroKind::Other => self.other_macro(mac),
            }
            return;
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }

    /// Nested items (fns, impls, modules) are not part of this generator.
    fn visit_item_mut(&mut self, _: &mut Item) {}
}

/// The error for a `yield_!(..)` or `yield_from!(..)` whose tokens are not one expression.
fn malformed(mac: &Macro, kind: BodyMacro, error: &Error) -> Error {
    let comma = mac
        .tokens
        .clone()
        .into_iter()
        .any(|tree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ','));
    let message = if comma && kind == BodyMacro::Yield {
        "`yield_!` takes one value: to yield several at once, yield a tuple, as in \
         `yield_!((a, b))`"
            .to_owned()
    } else {
        let name = kind.name();
        format!("{error}: `{name}!` takes one expression, as in `{name}!(value)`")
    };
    Error::new(error.span(), message)
}

/// Whether `tokens` (a loop's body) may suspend the generator: a `yield_!`, a
/// `yield_from!`, or (in an async generator) an `.await`.
fn suspends(tokens: TokenStream, awaits: bool) -> bool {
    any_token(tokens, &|tree| match tree {
        TokenTree::Ident(ident) => {
            ident == "yield_" || ident == "yield_from" || (awaits && ident == "await")
        }
        _ => false,
    })
}

fn delimiter_span(delimiter: &MacroDelimiter) -> Span {
    match delimiter {
        MacroDelimiter::Paren(p) => p.span.join(),
        MacroDelimiter::Brace(b) => b.span.join(),
        MacroDelimiter::Bracket(b) => b.span.join(),
    }
}
