use pygen::prelude::*;

#[generator(u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
