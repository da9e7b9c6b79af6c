// Every future that yields through a generator borrows its `Co` mutably, so a body cannot
// hold two at once (to poll them on two threads, say, and write one slot from both).
use pygen::{Co, Gen};

fn main() {
    let _ = Gen::new(|mut co: Co<u32>| async move {
        let first = co.yield_all([1]);
        let second = co.yield_(2);
        first.await;
        second.await;
    });
}
