use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_from!(vec!["one", "two"]);
}

fn main() {
    let _ = numbers();
}
