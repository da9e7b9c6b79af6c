use pygen::prelude::*;
use std::rc::Rc;

#[generator(yield = u32, send)]
fn declared_send() {
    let shared = Rc::new(1);
    yield_!(*shared);
    yield_!(*shared);
}

fn main() {
    let _ = declared_send();
}
