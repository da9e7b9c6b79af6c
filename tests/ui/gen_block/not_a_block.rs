use pygen::prelude::*;

fn main() {
    let g = gen_block!(1 + 2);
    let _ = g;
}
