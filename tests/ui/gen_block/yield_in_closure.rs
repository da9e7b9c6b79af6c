use pygen::prelude::*;

fn main() {
    let g = gen_block!(move {
        [1, 2].iter().for_each(|x| {
            yield_!(*x);
        });
    });
    let _ = g;
}
