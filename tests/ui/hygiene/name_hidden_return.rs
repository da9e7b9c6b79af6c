use pygen::prelude::*;

#[generator(yield = u32)]
fn sneaky() -> u32 {
    yield_!(1);
    __ret
}

fn main() {
    let _ = sneaky();
}
