use pygen::prelude::*;

#[generator(yield = u32, lazy = true)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
