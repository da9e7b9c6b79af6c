use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    let local = 7;
    let borrowed = &local;
    yield_!(*borrowed);
    yield_!(*borrowed);
}

fn main() {
    let mut g = Box::pin(numbers());
    g.as_mut().start();
    let moved = *g;
    let _ = moved;
}
