// `boxed_local()` erases a generator that need not be `Send`, so the result never is, even
// when the generator inside was: use `boxed()` to get a `BoxGen`, which is.
use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
    yield_!(2);
}

fn main() {
    let g = numbers().boxed_local();
    std::thread::spawn(move || g.sum::<u32>());
}
