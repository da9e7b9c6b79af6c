use pygen::prelude::*;

#[generator(yeild = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
