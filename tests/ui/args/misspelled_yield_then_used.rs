use pygen::prelude::*;

#[generator(Yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let total: u32 = numbers().sum();
    for n in numbers() {
        let _: u32 = n;
    }
    let _ = total;
}
