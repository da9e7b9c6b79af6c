use pygen::prelude::*;

#[generator(yield = u32, resume = bool)]
fn inner() {
    yield_!(1);
}

#[generator(yield = u32, resume = bool)]
fn outer() {
    let mut sub = inner();
    yield_from!(&mut sub);
}

fn main() {
    let _ = outer();
}
