use gen_core::prelude::*;

#[generator(yield = u32)]
struct Numbers {
    next: u32,
}

fn main() {}
