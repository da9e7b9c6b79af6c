use pygen::prelude::*;

#[generator(yield = u32, resum = bool)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
