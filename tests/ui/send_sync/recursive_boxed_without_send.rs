// A recursive generator that boxes itself with `boxed()` must declare `send`: its own type
// is opaque inside its body, so the compiler cannot see that it is `Send` without it
// (`#[generator(yield = u64, send)]`).
use pygen::prelude::*;

#[generator(yield = u64)]
fn countdown(n: u64) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1).boxed());
    }
}

fn main() {
    assert_eq!(countdown(3).count(), 3);
}
