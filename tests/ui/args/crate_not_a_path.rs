use gen_core::prelude::*;

#[generator(yield = u32, crate = "gen_core")]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
