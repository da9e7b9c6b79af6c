use pygen::prelude::*;

fn main() {
    let g = gen_block!({
        yield_!(1);
        let _ = (&__co, &__seal);
    });
    let _ = g;
}
