use pygen::prelude::*;

async fn fetch(page: u32) -> String {
    format!("page {page}")
}

#[generator(yield = String)]
fn pages() {
    for page in 0..3 {
        let body = fetch(page).await;
        yield_!(body);
    }
}

fn main() {
    let _ = pages();
}
