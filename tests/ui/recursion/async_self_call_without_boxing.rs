// An async generator has no `.boxed_local()`: its recursive call is boxed with `Box::pin`.
use pygen::prelude::*;

#[generator(yield = u64)]
async fn countdown(n: u64) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1));
    }
}

fn main() {
    let _ = countdown(3);
}
