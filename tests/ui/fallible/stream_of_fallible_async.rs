// The same for an async generator: it is not a `Stream` itself.
use futures::StreamExt;
use futures::executor::block_on;
use pygen::prelude::*;

#[generator(yield = u32)]
async fn numbers(text: &'static str) -> Result<(), std::num::ParseIntError> {
    for word in text.split_whitespace() {
        yield_!(word.parse()?);
    }
    Ok(())
}

fn main() {
    let all: Vec<u32> = block_on(StreamExt::collect(numbers("1 2")));
    assert_eq!(all, [1, 2]);
}
