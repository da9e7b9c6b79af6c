use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield 1;
    yield_!(2);
}

fn main() {
    let _ = numbers();
}
