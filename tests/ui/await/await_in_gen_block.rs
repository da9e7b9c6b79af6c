use pygen::prelude::*;

async fn fetch(page: u32) -> String {
    format!("page {page}")
}

fn main() {
    let pages = gen_block!(move {
        for page in 0..3 {
            yield_!(fetch(page).await);
        }
    });
    let _ = pages;
}
