use pygen::prelude::*;

#[generator(yield = u32)]
fn evens(limit: u32) {
    (0..limit).filter(|n| n % 2 == 0).for_each(|n| {
        yield_!(n);
    });
}

fn main() {
    let _ = evens(10);
}
