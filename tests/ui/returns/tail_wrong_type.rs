use pygen::prelude::*;

#[generator(yield = u32)]
fn count_to(limit: u32) -> u32 {
    for i in 0..limit {
        yield_!(i);
    }
    "done"
}

fn main() {
    let _ = count_to(3);
}
