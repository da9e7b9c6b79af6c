use pygen::prelude::*;

fn main() {
    let mut g = gen_block!({
        let _heard: u32 = yield_!(1);
    });
    g.start();
}
