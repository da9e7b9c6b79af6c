use pygen::prelude::*;

#[generator(yield = u32)]
fn listener() {
    let heard: u32 = yield_!(1);
    yield_!(heard);
}

fn main() {
    let _ = listener();
}
