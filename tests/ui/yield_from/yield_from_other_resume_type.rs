use pygen::prelude::*;

#[generator(yield = u32, resume = bool)]
fn asks() {
    let _answer: bool = yield_!(1);
}

#[generator(yield = u32, resume = String)]
fn outer() {
    yield_from!(asks());
}

fn main() {
    let _ = outer();
}
