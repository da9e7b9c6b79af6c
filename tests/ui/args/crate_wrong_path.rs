use pygen::prelude::*;

mod runtime {}

#[generator(yield = u32, crate = crate::runtime)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
