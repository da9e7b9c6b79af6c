// A `gen_block!` that borrows a local cannot outlive it: rustc's suggestion to add `move`
// points at the user's block, `gen_block!(move {`.
use pygen::prelude::*;

fn evens(limit: u32) -> impl Iterator<Item = u32> {
    let step = 2;
    gen_block!({
        let mut n = 0;
        while n < limit {
            yield_!(n);
            n += step;
        }
    })
}

fn main() {
    assert_eq!(evens(5).count(), 3);
}
