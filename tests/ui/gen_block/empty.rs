use pygen::prelude::*;

fn main() {
    let g = gen_block!();
    let _ = g;
}
