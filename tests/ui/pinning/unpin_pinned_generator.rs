use pygen::prelude::*;
use std::pin::Pin;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let mut g = std::pin::pin!(numbers());
    g.as_mut().start();
    let inner: &mut _ = Pin::get_mut(g);
    let _ = std::mem::replace(inner, numbers());
}
