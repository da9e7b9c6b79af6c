use pygen::prelude::*;

async fn fetch(page: u32) -> String {
    format!("page {page}")
}

#[generator(yield = u32)]
fn pages() {
    println!("{}", fetch(0).await);
    yield_!(1);
}

fn main() {
    let _ = pages();
}
