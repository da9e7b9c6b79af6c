//! The walk stage: goes through a generator body, replaces each `yield_!(v)` and
//! `yield_from!(g)` with its template (`emit::yields`), and each misplaced yield, `.await`,
//! `?` or unboxed recursive call with an error on the user's tokens.
//!
//! Only the body itself is the generator's: closures and `async` blocks in it are other
//! functions and futures (a yield there is an error), nested items are not walked at all,
//! and the arguments of other macros (`println!`, `vec!`) are walked where they parse as
//! expressions.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Error, Expr, ExprMacro, Item, Macro, MacroDelimiter, Path, Stmt, StmtMacro, Token};

use crate::emit::yields;
use crate::errors::in_place;
use crate::model::{Body, Kind};
use crate::recursion::{self, SelfCall};

/// Rewrites `block`, the body described by `body`.
pub(crate) fn body(body: &Body<'_>, block: &mut syn::Block) {
    Walker {
        body,
        scope: Scope::Body,
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

    /// Rewrites `yield_!(..)` inside the tokens of another macro (`println!`, `vec!`,
    /// `assert_eq!` ...). Arguments that parse as comma-separated expressions (most macros')
    /// are walked like the rest of the body, closures and awaits included; other tokens are
    /// scanned for bare `yield_!`/`yield_from!`, leaving nested `gen_block!`s and `async`
    /// blocks alone.
    fn other_macro(&mut self, mac: &mut Macro) {
        let checks_try = self.checks_try();
        let concerned = |tree: &TokenTree| match tree {
            TokenTree::Ident(ident) => {
                ident == "yield_"
                    || ident == "yield_from"
                    || (ident == "await" && !self.body.allows_await())
            }
            TokenTree::Punct(punct) => punct.as_char() == '?' && checks_try,
            _ => false,
        };
        if !any_token(mac.tokens.clone(), &concerned) {
            return;
        }
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        match mac.parse_body_with(parser) {
            Ok(mut exprs) => {
                for expr in exprs.iter_mut() {
                    self.visit_expr_mut(expr);
                }
                mac.tokens = exprs.into_token_stream();
            }
            Err(_) => mac.tokens = self.rewrite_tokens(mac.tokens.clone()),
        }
    }

    /// Rewrites the `yield_!`s and `yield_from!`s in macro arguments that are not
    /// expressions.
    fn rewrite_tokens(&mut self, tokens: TokenStream) -> TokenStream {
        let mut out = Vec::new();
        let mut iter = tokens.into_iter().peekable();
        while let Some(tree) = iter.next() {
            match tree {
                TokenTree::Ident(ident) if ident == "yield_" || ident == "yield_from" => {
                    let bang =
                        matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    if !bang || self.scope != Scope::Body {
                        out.push(TokenTree::Ident(ident));
                        continue;
                    }
                    let bang = iter.next().expect("peeked");
                    match iter.next() {
                        Some(TokenTree::Group(group)) => {
                            let mac = Macro {
                                path: Path::from(ident.clone()),
                                bang_token: syn::parse_quote!(!),
                                delimiter: macro_delimiter(&group),
                                tokens: group.stream(),
                            };
                            let kind = if ident == "yield_" {
                                BodyMacro::Yield
                            } else {
                                BodyMacro::YieldFrom
                            };
                            let expansion = self.body_macro(&mac, kind);
                            let mut block =
                                Group::new(Delimiter::Brace, expansion.into_token_stream());
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

/// Whether any token of `tokens`, at any depth, satisfies `pred`.
fn any_token(tokens: TokenStream, pred: &impl Fn(&TokenTree) -> bool) -> bool {
    tokens.into_iter().any(|tree| match &tree {
        TokenTree::Group(group) => any_token(group.stream(), pred),
        _ => pred(&tree),
    })
}

fn delimiter_span(delimiter: &MacroDelimiter) -> Span {
    match delimiter {
        MacroDelimiter::Paren(p) => p.span.join(),
        MacroDelimiter::Brace(b) => b.span.join(),
        MacroDelimiter::Bracket(b) => b.span.join(),
    }
}

fn macro_delimiter(group: &Group) -> MacroDelimiter {
    let span = group.delim_span();
    match group.delimiter() {
        Delimiter::Brace => MacroDelimiter::Brace(syn::token::Brace { span }),
        Delimiter::Bracket => MacroDelimiter::Bracket(syn::token::Bracket { span }),
        _ => MacroDelimiter::Paren(syn::token::Paren { span }),
    }
}
