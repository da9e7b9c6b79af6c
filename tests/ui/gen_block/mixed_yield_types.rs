use pygen::prelude::*;

fn main() {
    let g = gen_block!({
        yield_!(1u32);
        yield_!("two");
    });
    let _ = g;
}
