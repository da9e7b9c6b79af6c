use pygen::prelude::*;

#[generator(yield = u32)]
async fn numbers() {
    let task = async {
        yield_!(1);
    };
    task.await;
}

fn main() {
    let _ = numbers();
}
