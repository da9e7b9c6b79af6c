//! Python-style generators for stable Rust.
//!
//! Write a function that `yield_!`s values, call it, and get a lazy, resumable, possibly
//! infinite sequence whose whole state is one small state machine: constant memory however
//! long the sequence, no allocation per item (none at all when pinned in place), and the
//! speed of a hand-written [`Iterator`].
//!
//! ```
//! use pygen::prelude::*;
//!
//! #[generator(yield = u64)]
//! fn fibonacci() {
//!     let (mut a, mut b) = (0u64, 1u64);
//!     loop {
//!         yield_!(a);
//!         (a, b) = (b, a.wrapping_add(b));
//!     }
//! }
//!
//! let first: Vec<u64> = fibonacci().take(10).collect();
//! assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
//! ```
//!
//! # From Python
//!
//! | Python | pygen |
//! |---|---|
//! | `def f(): yield x` | `#[generator(yield = T)] fn f() { yield_!(x); }` |
//! | `g = f()` runs nothing | `let g = f();` runs nothing |
//! | `for x in g`, `next(g)` | `for x in g`, `g.next()` ([`Iterator`] when the resume type is `()`) |
//! | `y = yield x`, `g.send(v)` | `let y = yield_!(x);` with `resume = V`, [`g.resume(v)`](Gen::resume) → [`GeneratorState`] |
//! | priming `next(g)` before `send` | [`g.start()`](Gen::start) |
//! | `return v` → `StopIteration.value` | `return v` / tail expression → [`GeneratorState::Complete(v)`](GeneratorState::Complete) |
//! | exhausted generator keeps raising `StopIteration` | `next()` keeps returning `None` ([`FusedIterator`](core::iter::FusedIterator)) |
//! | exception inside the generator | a panic propagates out of `next`/`resume`; the generator is then complete |
//! | `g.close()`, `finally:` | [`g.close()`](Gen::close) or `drop(g)`: destructors of live locals run |
//! | a frame on the heap | one box per generator at its first resume, or none with [`pin!`](core::pin::pin) |
//! | `x = yield from g` | [`let x = yield_from!(g);`](yield_from) |
//! | `yield from walk(child)` | `yield_from!(walk(child).boxed_local())` ([`Gen::boxed_local`], [`Gen::boxed`]) |
//! | `(f(x) for x in xs)` | [`gen_block!({ for x in xs { yield_!(f(x)) } })`](gen_block) |
//! | `async def` with `yield`, `async for`, `asend` | `#[generator] async fn` → [`AsyncGen`], a `futures::Stream`; [`AsyncGen::resume`] |
//! | `g.throw(e)` | `resume = Result<T, E>`: `yield_!` evaluates to `Err(e)`, which the body can `?` |
//! | errors while streaming | [`Gen::results`]: an iterator of `Result<Y, E>` that ends with the error |
//!
//! # Consuming a generator
//!
//! A generator value ([`Gen`]) can be used owned or pinned:
//!
//! ```
//! use pygen::prelude::*;
//! use std::pin::pin;
//!
//! #[generator(yield = u32)]
//! fn count_to(n: u32) {
//!     for i in 1..=n {
//!         yield_!(i);
//!     }
//! }
//!
//! // Owned: an Iterator; its state is boxed once, at the first `next()`.
//! assert_eq!(count_to(3).collect::<Vec<_>>(), [1, 2, 3]);
//!
//! // Pinned on the stack: no allocation; `Pin<&mut Gen>` is the Iterator.
//! let g = pin!(count_to(3));
//! assert_eq!(g.sum::<u32>(), 6);
//! ```
//!
//! # Declaring a generator
//!
//! [`#[generator(yield = Y)]`](generator) goes on free functions, methods (`&self`,
//! `&mut self`, `self`), trait impl methods, generic functions, functions with lifetimes,
//! `where` clauses and `impl Trait` arguments. `resume = R` sets the type `yield_!` evaluates
//! to, and the function's return type is the generator's return value. Generators may borrow
//! their arguments across yields. Without macros, use [`Gen::new`].
//!
//! # How it works
//!
//! The attribute rewrites the body into an `async` block in which every `yield_!(v)` is
//! `co.yield_(v).await`, and returns it wrapped in a [`Gen`]. Rust compiles that block into a
//! state machine: an enum of the local variables alive at each `yield_!`. Nothing else is
//! stored: the generator is that state machine plus one word.
//!
//! To resume it, [`Gen`] puts a small slot on its own stack (the resume value going in, room
//! for the yielded value coming out) and polls the body once, with a waker that points at the
//! slot. The `yield_` future finds the slot through the waker, moves the value in and
//! suspends; `resume` moves it out. After inlining, the compiler sees a loop over a local
//! state machine and usually compiles it like a hand-written iterator.
//!
//! Why it is sound: each generator gets a unique nonce, shared with the yield handle of its
//! body, and a yield only writes into a slot that carries its own nonce and was made by
//! pygen's driver, so a handle smuggled into another generator, or awaited under an
//! executor, panics instead of writing a value of the wrong type. A started body is only
//! polled pinned, in place or in its box. All `unsafe` code is in two small files,
//! `raw.rs` (the slot and waker) and `storage.rs` (in place or boxed), each invariant
//! written down there.
//!
//! # Features
//!
//! - `std` (default): implies `alloc`.
//! - `alloc`: owned generators (`Iterator` for [`Gen`], [`Gen::resume`]), which box their
//!   body on first resume. Without it (`default-features = false`, `#![no_std]`), generators
//!   are used pinned, through [`Generator`] and `Pin<&mut Gen>`'s `Iterator`.
#![no_std]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod async_gen;
mod async_generator;
mod body;
#[cfg(feature = "alloc")]
mod boxed;
mod co;
pub mod delegate;
mod drive;
mod generator;
mod iter;
mod kind;
mod macros;
mod nonce;
mod panics;
mod raw;
mod results;
mod state;
mod storage;
mod sync_gen;

pub mod prelude;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use async_gen::{AsyncGen, AsyncResults};
#[cfg(feature = "alloc")]
pub use async_gen::{Next, Resume};
pub use async_generator::{AsyncGenerator, PinnedResume};
#[cfg(feature = "alloc")]
pub use boxed::{BoxGen, LocalBoxGen};
pub use co::{Co, Yield};
pub use generator::Generator;
pub use kind::{Fallible, IterResume, Iterable, Plain};
pub use results::Results;
pub use state::{GeneratorState, Status};
pub use sync_gen::Gen;

#[doc(inline)]
pub use pygen_macros::generator;

/// The README's examples, compiled and run as doc tests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
