use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_from!(42u32);
}

fn main() {
    let _ = numbers();
}
