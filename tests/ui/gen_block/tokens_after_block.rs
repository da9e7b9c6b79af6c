use pygen::prelude::*;

fn main() {
    let g = gen_block!({ yield_!(1); }, 2);
    let _ = g;
}
