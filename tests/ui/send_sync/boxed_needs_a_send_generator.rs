// `boxed()` makes a `BoxGen`, which is `Send`, so it only accepts `Send` generators; a
// generator holding an `Rc` across a `yield_!` can be erased with `boxed_local()` instead.
use pygen::prelude::*;
use pygen::BoxGen;
use std::rc::Rc;

#[generator(yield = u32)]
fn local() {
    let shared = Rc::new(1);
    yield_!(*shared);
}

fn main() {
    let _g: BoxGen<'static, u32> = local().boxed();
}
