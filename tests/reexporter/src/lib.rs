//! Re-exports gen-core under another name, for the `crate = path` tests in `downstream/`.
#![no_std]

/// gen-core, re-exported. Generators declared through it need
/// `#[generator(.., crate = ::reexporter::reexported_gen)]`.
pub use gen_core as reexported_gen;
