use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn peek(g: &Gen<u32, (), impl Future<Output = ()>>) -> Option<u32> {
    g.resume(()).yielded()
}

fn main() {
    peek(&numbers());
}
