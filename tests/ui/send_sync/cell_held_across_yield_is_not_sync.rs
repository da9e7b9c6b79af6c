// A `Cell` held across a `yield_!` leaves the generator `Send` (it can move to another
// thread) but not `Sync`: it cannot be shared between threads by reference.
use pygen::prelude::*;
use std::cell::Cell;

#[generator(yield = u32)]
fn counter() {
    let count = Cell::new(0);
    loop {
        count.set(count.get() + 1);
        yield_!(count.get());
    }
}

fn main() {
    let g = counter();
    std::thread::spawn(move || drop(g)); // fine: `Send`
    let shared = counter();
    std::thread::scope(|s| {
        s.spawn(|| shared.is_complete());
    });
}
