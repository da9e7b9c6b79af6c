use pygen::prelude::*;

#[generator(yield = u32, boxed = true)]
fn numbers() {
    yield_!(1);
}

fn main() {
    assert_eq!(numbers().count(), 1);
}
