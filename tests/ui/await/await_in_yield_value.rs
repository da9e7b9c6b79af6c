use pygen::prelude::*;

async fn fetch(page: u32) -> String {
    format!("page {page}")
}

#[generator(yield = String)]
fn pages() {
    for page in 0..3 {
        yield_!(fetch(page).await);
    }
}

fn main() {
    let _ = pages();
}
