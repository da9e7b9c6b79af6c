// A generator fn delegating to a call of itself must box it: `countdown(n - 1).boxed_local()`.
use pygen::prelude::*;

#[generator(yield = u64)]
fn countdown(n: u64) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1));
    }
}

fn main() {
    assert_eq!(countdown(3).count(), 3);
}
