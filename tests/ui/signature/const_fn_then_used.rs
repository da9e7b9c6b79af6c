use pygen::prelude::*;

#[generator(yield = u32)]
const fn numbers() {
    yield_!(1);
}

fn main() {
    let all: Vec<u32> = numbers().collect();
    let _ = all;
}
