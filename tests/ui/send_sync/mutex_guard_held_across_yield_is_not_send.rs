// A `MutexGuard` held across a `yield_!` makes the generator `!Send` (the lock must be
// released on the thread that took it), as it does an `async fn`'s future.
use pygen::prelude::*;
use std::sync::Mutex;

#[generator(yield = u32)]
fn drain(queue: &Mutex<Vec<u32>>) {
    let mut items = queue.lock().unwrap();
    while let Some(item) = items.pop() {
        yield_!(item);
    }
}

fn main() {
    let queue = Mutex::new(vec![1, 2, 3]);
    std::thread::scope(|s| {
        let g = drain(&queue);
        s.spawn(move || g.count());
    });
}
