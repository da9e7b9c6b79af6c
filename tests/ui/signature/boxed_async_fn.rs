// There is no boxed async generator type: `boxed` on an `async fn` says where to box it.
use pygen::prelude::*;

#[generator(yield = u32, boxed_local)]
async fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
