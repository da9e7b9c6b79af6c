use pygen::prelude::*;

#[generator(yield = u32)]
async fn numbers() {
    std::future::ready(()).await;
    yield_!(-1i64);
}

fn main() {
    let _ = numbers();
}
