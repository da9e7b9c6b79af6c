// Resume values are part of what a generator holds once it keeps one across a `yield_!`:
// here an `Rc` received from `resume` and kept makes the generator `!Send`.
use pygen::prelude::*;
use std::rc::Rc;

#[generator(yield = u32, resume = Rc<u32>)]
fn keeps_what_it_receives() {
    let first = yield_!(0);
    yield_!(*first);
}

fn main() {
    let g = keeps_what_it_receives();
    std::thread::spawn(move || drop(g));
}
