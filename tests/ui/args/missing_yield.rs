use pygen::prelude::*;

#[generator(resume = bool)]
fn numbers() {
    yield_!(1u32);
}

fn main() {
    let _ = numbers();
}
