use pygen::prelude::*;

fn not_a_generator() -> u32 {
    yield_!(1);
    2
}

fn main() {
    not_a_generator();
}
