//! The arguments of other macros in a generator body (`println!("{}", yield_!(x))`,
//! `vec![yield_!(a), yield_!(b)]`): walked like the rest of the body where they parse as
//! expressions, which most macros' arguments do, and scanned token by token otherwise.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Expr, Macro, MacroDelimiter, Path, Token};

use super::{BodyMacro, Scope, Walker};

impl Walker<'_> {
    /// Rewrites `yield_!(..)` inside the tokens of another macro (`println!`, `vec!`,
    /// `assert_eq!` ...). Arguments that parse as comma-separated expressions (most macros')
    /// are walked like the rest of the body, closures and awaits included; other tokens are
    /// scanned for bare `yield_!`/`yield_from!`, leaving nested `gen_block!`s and `async`
    /// blocks alone.
    pub(super) fn other_macro(&mut self, mac: &mut Macro) {
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
        let in_macro = core::mem::replace(&mut self.in_macro, true);
        self.rewrite_macro(mac);
        self.in_macro = in_macro;
    }

    /// See [`other_macro`](Self::other_macro).
    fn rewrite_macro(&mut self, mac: &mut Macro) {
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
}

/// Whether any token of `tokens`, at any depth, satisfies `pred`.
pub(super) fn any_token(tokens: TokenStream, pred: &impl Fn(&TokenTree) -> bool) -> bool {
    tokens.into_iter().any(|tree| match &tree {
        TokenTree::Group(group) => any_token(group.stream(), pred),
        _ => pred(&tree),
    })
}

fn macro_delimiter(group: &Group) -> MacroDelimiter {
    let span = group.delim_span();
    match group.delimiter() {
        Delimiter::Brace => MacroDelimiter::Brace(syn::token::Brace { span }),
        Delimiter::Bracket => MacroDelimiter::Bracket(syn::token::Bracket { span }),
        _ => MacroDelimiter::Paren(syn::token::Paren { span }),
    }
}
