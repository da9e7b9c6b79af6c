//! The nightly rows of the depth sweep (a nightly rustc only: `gen` and `yield` do not even
//! parse on stable, whatever the `cfg`): `gen` blocks re-yielding the level below, as distinct
//! functions `g1..gN` (`$OUT_DIR/depth_gen_chains.rs`) or recursively through
//! `Box<dyn Iterator>`.

use super::eat;

pub(crate) fn g0(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            yield i;
        }
    }
}

#[allow(clippy::all, reason = "generated")]
mod chains {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/depth_gen_chains.rs"));
}

pub(crate) use chains::GEN_INLINE;

/// The recursive nightly chain: `gen` blocks re-yielding a `Box<dyn Iterator>`.
fn gen_boxed_chain(depth: u64, n: u64) -> Box<dyn Iterator<Item = u64>> {
    if depth == 0 {
        Box::new(g0(n))
    } else {
        Box::new(gen move {
            for x in gen_boxed_chain(depth - 1, n) {
                yield x;
            }
        })
    }
}

#[inline(never)]
pub(crate) fn gen_boxed(depth: u64, n: u64) -> u64 {
    gen_boxed_chain(depth, n).fold(0, eat)
}
