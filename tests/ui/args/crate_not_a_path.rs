use pygen::prelude::*;

#[generator(yield = u32, crate = "pygen")]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
