use gen_core::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_from!();
}

fn main() {
    let _ = numbers();
}
