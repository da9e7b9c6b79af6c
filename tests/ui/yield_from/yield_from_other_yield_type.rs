use pygen::prelude::*;

#[generator(yield = &'static str)]
fn words() {
    yield_!("one");
}

#[generator(yield = u32)]
fn numbers() {
    yield_from!(words());
}

fn main() {
    let _ = numbers();
}
