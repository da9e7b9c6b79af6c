use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    let doubled = vec![(|| yield_!(2))()];
    let _ = doubled;
}

fn main() {
    let _ = numbers();
}
