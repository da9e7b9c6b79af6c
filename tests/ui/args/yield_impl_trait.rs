use pygen::prelude::*;

#[generator(yield = impl std::fmt::Display)]
fn labels() {
    yield_!(1);
}

fn main() {
    let _ = labels();
}
