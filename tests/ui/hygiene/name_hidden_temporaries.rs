use pygen::prelude::*;

#[generator(yield = u32)]
fn sneaky((a, b): (u32, u32)) {
    yield_!(a);
    yield_from!([b]);
    let _ = (__value, __sub, __kind, __arg0);
}

fn main() {
    let _ = sneaky((1, 2));
}
