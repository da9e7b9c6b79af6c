use pygen::prelude::*;

#[generator(yield = u32)]
struct Numbers {
    next: u32,
}

fn main() {}
