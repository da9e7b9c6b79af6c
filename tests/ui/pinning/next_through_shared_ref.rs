use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let g = numbers();
    let shared = &g;
    shared.next();
}
