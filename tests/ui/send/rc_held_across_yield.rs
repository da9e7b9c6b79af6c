use pygen::prelude::*;
use std::rc::Rc;

#[generator(yield = u32)]
fn shared() {
    let counter = Rc::new(5);
    yield_!(*counter);
    yield_!(*counter + 1);
}

fn main() {
    let g = shared();
    std::thread::spawn(move || g.sum::<u32>());
}
