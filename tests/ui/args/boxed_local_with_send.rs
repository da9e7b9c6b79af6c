// `send` declares the generator `Send`, which a `LocalBoxGen` is not: `boxed` is the `Send` one.
use pygen::prelude::*;

#[generator(yield = u32, boxed_local, send)]
fn numbers() {
    yield_!(1);
}

fn main() {
    assert_eq!(numbers().count(), 1);
}
