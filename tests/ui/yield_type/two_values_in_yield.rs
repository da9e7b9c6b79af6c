use pygen::prelude::*;

#[generator(yield = (u32, u32))]
fn pairs() {
    yield_!(1, 2);
}

fn main() {
    let _ = pairs();
}
