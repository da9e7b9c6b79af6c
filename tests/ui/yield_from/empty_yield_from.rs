use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_from!();
}

fn main() {
    let _ = numbers();
}
