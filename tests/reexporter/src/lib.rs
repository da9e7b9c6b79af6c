//! Re-exports pygen under another name, for the `crate = path` tests in `downstream/`.
#![no_std]

/// pygen, re-exported. Generators declared through it need
/// `#[generator(.., crate = ::reexporter::reexported_gen)]`.
pub use pygen as reexported_gen;
