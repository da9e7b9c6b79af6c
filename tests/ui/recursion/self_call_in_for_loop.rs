// A `for` loop that yields holds its iterable across the yields: a call of the generator fn
// itself there must be boxed too.
use pygen::prelude::*;

#[generator(yield = u64)]
fn countdown(n: u64) {
    if n > 0 {
        yield_!(n);
        for rest in countdown(n - 1) {
            yield_!(rest);
        }
    }
}

fn main() {
    assert_eq!(countdown(3).count(), 3);
}
