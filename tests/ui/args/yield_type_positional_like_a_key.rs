use pygen::prelude::*;

// `Seed` is one letter from `send`: still read as the yield type missing its key.
pub struct Seed(u32);

#[generator(Seed)]
fn seeds() {
    yield_!(Seed(1));
}

fn main() {
    let _ = seeds();
}
