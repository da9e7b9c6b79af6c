//! Everything a generator author needs, in one import: `use pygen::prelude::*;`.
//!
//! ```
//! use pygen::prelude::*;
//!
//! #[generator(yield = char)]
//! fn vowels(text: &str) {
//!     for c in text.chars().filter(|c| "aeiou".contains(*c)) {
//!         yield_!(c);
//!     }
//! }
//!
//! assert_eq!(vowels("generator").collect::<String>(), "eeao");
//! ```

pub use crate::{
    AsyncGen, AsyncGenerator, Co, Gen, Generator, GeneratorState, gen_block, generator, yield_,
    yield_from,
};
