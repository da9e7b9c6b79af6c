use pygen::prelude::*;

#[generator(yield = u32, resume = i64)]
fn running_total() {
    yield_from!([1, 2, 3]);
    let _next: i64 = yield_!(4);
}

fn main() {
    let _ = running_total();
}
