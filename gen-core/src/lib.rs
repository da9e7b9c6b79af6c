// The crate docs are the sections of `doc/`, which the READMEs (this package's and the
// repository's) also show: one text, checked to be the same by `scripts/docs.sh`, and every
// example in it run as a doc test here. They are files inside this package, so that the
// published crate builds its docs and runs their tests on its own.
#![doc = include_str!("../doc/overview.md")]
//!
//! # Quick start
//!
#![doc = include_str!("../doc/quick-start.md")]
//!
//! # From Python
//!
#![doc = include_str!("../doc/from-python.md")]
//!
//! # Owned or pinned
//!
#![doc = include_str!("../doc/owned-or-pinned.md")]
//!
//! # Storing and returning generators
//!
#![doc = include_str!("../doc/storing.md")]
//!
//! # The API at a glance
//!
//! - [`#[generator]`](generator) declares a generator function; [`gen_block!`] writes one
//!   inline; inside either, [`yield_!`] and [`yield_from!`].
//! - [`Gen`]: a synchronous generator ([`Gen::resume`], [`Gen::start`], [`Gen::throw`],
//!   [`Gen::close`], [`Gen::status`], [`Gen::is_complete`]) and the [`Generator`] trait that
//!   `Pin<&mut Gen>` implements; [`GeneratorState`] is what a resume returns, [`Status`] where
//!   a generator is in its life.
//! - [`AsyncGen`]: an async generator, a `futures::Stream`, and its [`AsyncGenerator`] trait.
//! - [`BoxGen`] and [`LocalBoxGen`] ([`Gen::boxed`], [`Gen::boxed_local`]): type-erased
//!   generators, for struct fields, trait objects and recursion (see
//!   [Storing and returning generators](#storing-and-returning-generators)).
//! - [`Plain`] and [`Fallible`]: whether a generator may be iterated directly, or returns a
//!   `Result` read with [`Gen::results`] ([`Results`]) or dropped with
//!   [`Gen::discard_return`].
//! - [`Gen::new`] and [`Co`] build generators without macros; [`delegate`] is what
//!   `yield_from!` accepts.
//! - [`prelude`] imports what a generator's author needs: the macros, [`Gen`], [`AsyncGen`],
//!   [`Generator`], [`AsyncGenerator`], [`GeneratorState`] and [`Co`].
//!
//! # Features
//!
#![doc = include_str!("../doc/features.md")]
//!
//! # How it works
//!
#![doc = include_str!("../doc/how-it-works.md")]
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
// Trampolined delegation, of boxed generators.
#[cfg(feature = "alloc")]
mod chain;
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
