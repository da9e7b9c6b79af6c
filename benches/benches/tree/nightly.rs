//! The nightly row of the tree walk (a nightly rustc only): `gen` blocks recursing through
//! `Box<dyn Iterator>`, re-yielding each subtree.

use super::{Tree, eat};

fn walk(t: &Tree) -> Box<dyn Iterator<Item = u64> + '_> {
    Box::new(gen move {
        if let Some(left) = &t.left {
            for x in walk(left) {
                yield x;
            }
        }
        yield t.value;
        if let Some(right) = &t.right {
            for x in walk(right) {
                yield x;
            }
        }
    })
}

#[inline(never)]
pub(crate) fn gen_row(t: &Tree) -> u64 {
    walk(t).fold(0, eat)
}
