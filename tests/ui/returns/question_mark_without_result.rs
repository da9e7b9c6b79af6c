use pygen::prelude::*;

#[generator(yield = u32)]
fn parse_all(items: Vec<&'static str>) {
    for item in items {
        let n: u32 = item.parse()?;
        yield_!(n);
    }
}

fn main() {
    let _ = parse_all(vec!["1"]);
}
