use pygen::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    println!("{:?}", yield_!(String::from("one")));
}

fn main() {
    let _ = numbers();
}
