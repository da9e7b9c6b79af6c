// A generator fn returning a `Result` is not iterated directly: the `for` loop would drop its
// error when it ends.
use pygen::prelude::*;

#[generator(yield = String)]
fn lines(path: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    for line in text.lines() {
        yield_!(line.to_owned());
    }
    Ok(())
}

fn main() {
    for line in lines("missing.txt") {
        println!("{line}");
    }
}
