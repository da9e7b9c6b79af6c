use pygen::prelude::*;

#[generator(yield = u32)]
fn count_to(limit: u32) -> u32 {
    for i in 0..limit {
        if i > 100 {
            return "too many";
        }
        yield_!(i);
    }
    limit
}

fn main() {
    let _ = count_to(3);
}
