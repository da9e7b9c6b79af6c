//! Rewriting a generator body: each `yield_!(v)` becomes a yield through the body's hidden
//! handle, and misplaced yields, awaits and `?`s become errors on the user's tokens.
//!
//! Spans: every generated token is located on the user token it stands for (the value of
//! `yield_!`, the operand of `yield_from!`, the `yield_` name), so that type errors land
//! there; generated bindings (`__co`, `__value`, ...) have mixed-site hygiene, so the body
//! can neither name nor shadow them.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Error, Expr, ExprMacro, Item, Macro, MacroDelimiter, Path, Stmt, StmtMacro, Token, Type,
};

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

/// What kind of generator the body belongs to, for messages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `#[generator] fn`.
    Sync,
    /// `#[generator] async fn`: the body may `.await`.
    Async,
    /// `gen_block!`.
    Block,
}

pub(crate) struct BodyRewriter<'a> {
    /// The body's yield handle (a mixed-site identifier the user cannot name).
    co: &'a Ident,
    /// The path to pygen's `__private` module.
    private: &'a TokenStream,
    /// Whether the resume type is `()`, so that `yield_from!` can continue a started
    /// sub-generator with `()`, as Python's `yield from` continues one with `None`.
    unit_resume: bool,
    /// The declared yield type, to put type errors on the yielded value; `None` to infer.
    yield_ty: Option<&'a Type>,
    kind: Kind,
    /// `Some(fn name)` where the generator returns `()`, so that `?` cannot work: the first
    /// `?` becomes an error saying to declare a `Result` return type.
    no_try: Option<String>,
    /// `Some(fn name)` for a generator fn not declared `send`: `yield_from!(name(..).boxed())`
    /// in it cannot compile (see `boxes_itself`), and becomes an error saying to add `send`.
    unsent: Option<String>,
    scope: Scope,
}

impl<'a> BodyRewriter<'a> {
    pub(crate) fn new(
        co: &'a Ident,
        private: &'a TokenStream,
        unit_resume: bool,
        yield_ty: Option<&'a Type>,
        kind: Kind,
    ) -> Self {
        BodyRewriter {
            co,
            private,
            unit_resume,
            yield_ty,
            kind,
            no_try: None,
            unsent: None,
            scope: Scope::Body,
        }
    }

    /// Makes `yield_from!(name(..).boxed())` an error: the generator `name` is not declared
    /// `send`.
    pub(crate) fn not_declared_send(mut self, name: String) -> Self {
        self.unsent = Some(name);
        self
    }

    /// Rejects `?` in the body, as the generator `name` returns `()`.
    pub(crate) fn reject_try(mut self, name: String) -> Self {
        self.no_try = Some(name);
        self
    }

    fn in_scope(&mut self, scope: Scope, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        f(self);
        self.scope = outer;
    }

    /// The yield handle, located at `span` so that errors about the yield land there.
    fn co_at(&self, span: Span) -> Ident {
        Ident::new(&self.co.to_string(), self.co.span().located_at(span))
    }

    /// The expression replacing `yield_!(..)` or `yield_from!(..)`, or an error in its place.
    fn body_macro_expr(&mut self, mac: &Macro, kind: BodyMacro) -> TokenStream {
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
                    "`yield_from!` needs a generator or an iterator to delegate to, as in \
                     `yield_from!(sub_generator())` or `yield_from!(0..10)`",
                );
            }
            quote_spanned!(delimiter_span(&mac.delimiter) => ())
        } else {
            // `parse_body` reports a missing expression (`yield_!(1 +)`) at the closing
            // delimiter, not at the attribute.
            match mac.parse_body::<Expr>() {
                Ok(mut value) => {
                    // The value is part of the body: `yield_!(yield_!(x))`, `yield_!(f.await)`.
                    self.visit_expr_mut(&mut value);
                    value.into_token_stream()
                }
                Err(err) => {
                    let comma = mac
                        .tokens
                        .clone()
                        .into_iter()
                        .any(|tree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ','));
                    let message = if comma && kind == BodyMacro::Yield {
                        "`yield_!` takes one value: to yield several at once, yield a tuple, \
                         as in `yield_!((a, b))`"
                            .to_owned()
                    } else {
                        format!("{err}: `{name}!` takes one expression, as in `{name}!(value)`")
                    };
                    return Error::new(err.span(), message).into_compile_error();
                }
            }
        };
        let name_span = mac.path.segments.last().map_or_else(
            || delimiter_span(&mac.delimiter),
            |segment| segment.ident.span(),
        );
        match kind {
            BodyMacro::Yield => self.yield_tokens(value, name_span),
            BodyMacro::YieldFrom => self.yield_from_tokens(value, name_span),
        }
    }

    /// `yield_!(value)`: with a declared yield type, `value` is first bound with that type, so
    /// that a wrong value is "expected `u32`, found `&str`" on the value, pointing at the
    /// declared type as the reason.
    fn yield_tokens(&self, value: TokenStream, span: Span) -> TokenStream {
        let co = self.co_at(span);
        match self.yield_ty {
            Some(ty) => {
                let bound = Ident::new("__value", Span::mixed_site().located_at(span));
                quote_spanned! {span=>
                    {
                        let #bound: #ty = #value;
                        #co.yield_(#bound).await
                    }
                }
            }
            None => quote_spanned! {span=>
                #co.yield_(#value).await
            },
        }
    }

    /// Delegation: see `pygen::__private::Operand` for the dispatch. The operand is
    /// passed on with its own span, so that an operand of the wrong type is the error's
    /// primary span. The bindings live in a block that ends before the `.await`: no
    /// reference to the operand is held across it (which would make the generator `!Send`
    /// when the operand is `!Sync`), and the moved-from operand is not kept in the state
    /// machine next to the delegation that now holds it (rustc keeps the storage of a local
    /// in scope at an `.await`, moved-from or not: rust-lang/rust#62958), which doubled the
    /// size of a generator at each level of delegation.
    fn yield_from_tokens(&self, sub: TokenStream, span: Span) -> TokenStream {
        if let Some(name) = &self.unsent {
            if let Some(boxed) = boxes_itself(&sub, name) {
                let message = format!(
                    "a recursive generator that boxes itself with `.boxed()` must be declared \
                     `Send`: add `send` to its attribute, as in `#[generator(yield = ..., send)]` \
                     (inside its own body the compiler cannot see that `{name}` is `Send`), or \
                     use `.boxed_local()` if it need not be sent to another thread"
                );
                return Error::new(boxed.span(), message).into_compile_error();
            }
        }
        let private = self.private;
        let (first_span, last_span) = outer_spans(&sub, span);
        let wrapped = Ident::new("__sub", Span::mixed_site().located_at(first_span));
        let kind = Ident::new("__kind", Span::mixed_site().located_at(span));
        let co = self.co_at(span);
        // The operand and the handle, as expressions spanning the user's operand (see
        // `spanning`), so that errors about the operand are shown on it.
        let operand = spanning(quote!(#wrapped.0), first_span, last_span);
        let co_arg = spanning(quote!(&mut #co), first_span, last_span);
        let first = if self.unit_resume {
            quote_spanned!(span=> ::core::option::Option::Some(()))
        } else {
            quote_spanned!(span=> ::core::option::Option::None)
        };
        let delegate = Ident::new("__delegate", span);
        let delegation = quote_spanned! {span=>
            #[allow(unused_imports)]
            // In rustfmt's order, so that `examples/expanded.rs` can be formatted.
            use #private::{
                NeitherLevel as _, OtherGeneratorLevel as _, OtherIteratorLevel as _,
                SameGeneratorLevel as _, SameIteratorLevel as _,
            };
            let #wrapped = #private::Operand::new(#sub, &#co);
            let #kind = (&&&&&#wrapped).__yield_from_kind();
            #kind.#delegate(#co_arg, #operand, #first)
        };
        // `{ .. }.await` spanning the operand, as `spanning` does: rustc's errors about the
        // awaited delegation (a recursive call, a future that is not `Send`) point at it.
        let mut block = Group::new(Delimiter::Brace, delegation);
        block.set_span(first_span);
        let await_ = quote_spanned!(last_span=> .await);
        quote!(#block #await_)
    }

    /// Rewrites `yield_!(..)` inside the tokens of another macro (`println!`, `vec!`,
    /// `assert_eq!` ...). Arguments that parse as comma-separated expressions (most macros')
    /// are visited like the rest of the body, closures and awaits included; other tokens are
    /// scanned for bare `yield_!`/`yield_from!`, leaving nested `gen_block!`s and `async`
    /// blocks alone.
    fn rewrite_macro(&mut self, mac: &mut Macro) {
        let concerned = |tree: &TokenTree| match tree {
            TokenTree::Ident(ident) => {
                ident == "yield_"
                    || ident == "yield_from"
                    || (ident == "await" && self.checks_await())
            }
            TokenTree::Punct(punct) => punct.as_char() == '?' && self.no_try.is_some(),
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

    /// Whether `.await` in the body is an error (a synchronous generator).
    fn checks_await(&self) -> bool {
        self.kind != Kind::Async
    }

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
                            let expansion = self.body_macro_expr(&mac, kind);
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

    fn await_error(&self, tokens: TokenStream) -> TokenStream {
        let message = if self.kind == Kind::Block {
            "`.await` cannot be used in a `gen_block!`, which is a synchronous generator: only \
             `yield_!` may suspend it. For an async generator, which can await futures and is \
             consumed as a `Stream`, write a `#[generator(yield = Type)] async fn`"
        } else {
            "`.await` cannot be used in a synchronous generator: only `yield_!` may suspend \
             it. Write `async fn` to make this an async generator, which can await futures \
             and is consumed as a `Stream`"
        };
        error(tokens, message)
    }
}

impl VisitMut for BodyRewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Macro(ExprMacro { mac, .. }) => match macro_kind(&mac.path) {
                MacroKind::Body(kind) => *expr = Expr::Verbatim(self.body_macro_expr(mac, kind)),
                MacroKind::GenBlock => {}
                MacroKind::Other => self.rewrite_macro(mac),
            },
            Expr::Closure(closure) => self.in_scope(Scope::Closure, |v| {
                visit_mut::visit_expr_closure_mut(v, closure)
            }),
            Expr::Async(block) => self.in_scope(Scope::AsyncBlock, |v| {
                visit_mut::visit_expr_async_mut(v, block)
            }),
            Expr::Await(await_expr) if self.checks_await() && self.scope == Scope::Body => {
                let dot = &await_expr.dot_token;
                let kw = &await_expr.await_token;
                *expr = Expr::Verbatim(self.await_error(quote!(#dot #kw)));
            }
            Expr::Yield(yield_expr) if self.scope == Scope::Body => {
                let keyword = &yield_expr.yield_token;
                *expr = Expr::Verbatim(error(
                    keyword,
                    "the `yield` keyword is unstable Rust; in a generator, write `yield_!(value)` \
                     (and `yield_from!(sub)` for Python's `yield from sub`)",
                ));
            }
            Expr::Try(try_expr) if self.scope == Scope::Body && self.no_try.is_some() => {
                let name = self.no_try.take().expect("checked");
                *expr = Expr::Verbatim(error(
                    try_expr.question_token,
                    &format!(
                        "the `?` operator needs a generator that returns `Result` or `Option`, \
                         and `{name}` returns `()`: declare what it returns, as in \
                         `fn {name}(..) -> Result<(), Error>`, and end its body with `Ok(())`"
                    ),
                ));
            }
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
                    let expr = Expr::Verbatim(self.body_macro_expr(mac, kind));
                    *stmt = Stmt::Expr(expr, *semi_token);
                }
                MacroKind::GenBlock => {}
                MacroKind::Other => self.rewrite_macro(mac),
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

/// Whether any token of `tokens`, at any depth, satisfies `pred`.
fn any_token(tokens: TokenStream, pred: &impl Fn(&TokenTree) -> bool) -> bool {
    tokens.into_iter().any(|tree| match &tree {
        TokenTree::Group(group) => any_token(group.stream(), pred),
        _ => pred(&tree),
    })
}

/// If `operand` is `name(..).boxed()` or `Self::name(..).boxed()`, a call of the generator
/// fn `name` itself, boxed with `boxed()`: the `boxed` token. Such a recursive generator is
/// `Send` only if declared so (`send`): inside its own body its type is opaque, and rustc
/// reports an ambiguity ("cannot satisfy `impl Future: Send`") through pygen's internal
/// types. Method calls (`child.walk().boxed()`) are not matched: the receiver could be of
/// another type with a method of the same name.
fn boxes_itself(operand: &TokenStream, name: &str) -> Option<Ident> {
    let Ok(Expr::MethodCall(boxed)) = syn::parse2::<Expr>(operand.clone()) else {
        return None;
    };
    if boxed.method != "boxed" || !boxed.args.is_empty() {
        return None;
    }
    let Expr::Call(call) = &*boxed.receiver else {
        return None;
    };
    let Expr::Path(path) = &*call.func else {
        return None;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let calls_itself = match segments.as_slice() {
        [only] => only == name,
        [self_type, method] => self_type == "Self" && method == name,
        _ => false,
    };
    (calls_itself && path.qself.is_none()).then(|| boxed.method.clone())
}

/// A `compile_error!` spanning `tokens`, usable in expression position.
fn error(tokens: impl ToTokens, message: &str) -> TokenStream {
    Error::new_spanned(tokens, message).into_compile_error()
}

/// `(expr,).0`: `expr`, as an expression whose span runs from `first` to `last` (the
/// parentheses are located on `first`, `.0` on `last`) in the user's code. An error about an
/// expression made of generated, hygienic tokens (`__sub.0`) is otherwise shown on the whole
/// attribute; this way it is shown on the user's tokens that `first` and `last` delimit.
fn spanning(expr: TokenStream, first: Span, last: Span) -> TokenStream {
    let mut tuple = Group::new(Delimiter::Parenthesis, quote!(#expr,));
    tuple.set_span(first);
    let mut field = proc_macro2::Literal::usize_unsuffixed(0);
    field.set_span(last);
    let dot = quote_spanned!(last=> .);
    quote!(#tuple #dot #field)
}

/// The spans of the first and last tokens of `tokens` (`fallback` if empty): together they
/// make generated code span the whole user expression.
fn outer_spans(tokens: &TokenStream, fallback: Span) -> (Span, Span) {
    let mut iter = tokens.clone().into_iter();
    let first = iter.next().map_or(fallback, |tree| tree.span());
    let last = iter.last().map_or(first, |tree| tree.span());
    (first, last)
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
