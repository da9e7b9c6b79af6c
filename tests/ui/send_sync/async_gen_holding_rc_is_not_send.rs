// An async generator that holds an `Rc` across an `.await` is not `Send`, exactly like an
// `async fn`'s future: it cannot be spawned on a multi-threaded executor.
use pygen::prelude::*;
use std::rc::Rc;

fn spawn<T: Send + 'static>(_task: T) {}

#[generator(yield = u32)]
async fn ticks() {
    let shared = Rc::new(7);
    std::future::ready(()).await;
    yield_!(*shared);
}

fn main() {
    spawn(ticks());
}
