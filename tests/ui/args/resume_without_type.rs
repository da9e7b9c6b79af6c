use pygen::prelude::*;

#[generator(yield = u32, resume)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
