use pygen::prelude::*;

fn main() {
    let g = gen_block!(move || {
        yield_!(1);
    });
    let _ = g;
}
