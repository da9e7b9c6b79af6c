use pygen::prelude::*;

#[generator(yield = u32)]
fn sneaky() {
    yield_!(1);
    let handle = &mut __co;
    let _ = handle;
}

fn main() {
    let _ = sneaky();
}
