use pygen::prelude::*;

#[generator(yield = u32)]
fn outer() {
    fn helper() {
        yield_!(1);
    }
    helper();
    yield_!(2);
}

fn main() {
    let _ = outer();
}
