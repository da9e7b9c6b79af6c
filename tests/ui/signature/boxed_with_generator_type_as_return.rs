// With `boxed_local` the fn returns the `LocalBoxGen`; its return type is still the
// generator's return value (the fourth parameter written here).
use pygen::LocalBoxGen;
use pygen::prelude::*;

#[generator(yield = u32, boxed_local)]
fn numbers(n: u32) -> LocalBoxGen<'static, u32, (), usize> {
    for i in 0..n {
        yield_!(i);
    }
    n as usize
}

fn main() {
    assert_eq!(numbers(3).count(), 3);
}
