// A `BoxGen` is `Send` but not `Sync` (like `futures`' `BoxFuture`): it can move to another
// thread, but not be shared between threads by reference.
use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let g = numbers().boxed();
    std::thread::scope(|s| {
        s.spawn(|| g.is_complete());
    });
}
