// `.next()` on a fallible async generator: the method exists only for generators whose
// return value may be dropped (rustc reports it as an unsatisfied `Fallible: Iterable`).
use pygen::prelude::*;

#[generator(yield = u32)]
async fn numbers(text: &'static str) -> Result<(), std::num::ParseIntError> {
    for word in text.split_whitespace() {
        yield_!(word.parse()?);
    }
    Ok(())
}

async fn sum() -> u32 {
    let mut total = 0;
    let mut g = numbers("1 2");
    while let Some(n) = g.next().await {
        total += n;
    }
    total
}

fn main() {
    let _ = sum();
}
