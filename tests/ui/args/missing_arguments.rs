use pygen::prelude::*;

#[generator]
fn numbers() {
    yield_!(1u32);
}

fn main() {
    let _ = numbers();
}
