// `#[generator]` without its yield type is one error, on the attribute: the callers that
// iterate the generator and use its items are not reported too.
use pygen::prelude::*;

#[generator]
fn numbers() {
    yield_!(1u32);
    yield_!(2u32);
}

fn main() {
    for n in numbers() {
        let doubled: u32 = n * 2;
        println!("{doubled}");
    }
    let total: u32 = numbers().sum();
    assert_eq!(total, 3);
}
