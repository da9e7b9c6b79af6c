// A `gen_block!` that captures an `Rc` by `move` holds it for its whole life, so it is not
// `Send`.
use pygen::prelude::*;
use std::rc::Rc;

fn main() {
    let data = Rc::new(vec![1, 2, 3]);
    let g = gen_block!(move {
        for x in data.iter() {
            yield_!(*x);
        }
    });
    std::thread::spawn(move || g.count());
}
