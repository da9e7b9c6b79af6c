use gen_core::prelude::*;

fn main() {
    let g = gen_block!(move || {
        yield_!(1);
    });
    let _ = g;
}
