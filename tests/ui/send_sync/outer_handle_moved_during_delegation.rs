// While a delegation runs, the slot belongs to the sub-generator: the outer generator's
// handle cannot be sent into the sub-generator's body to write there, because the
// delegation future borrows it.
use pygen::{Co, Gen};
use std::sync::mpsc;

fn main() {
    let _ = Gen::new(|mut co: Co<u32>| async move {
        let (tx, rx) = mpsc::channel();
        let inner = Gen::new(move |_inner_co: Co<u32>| async move {
            let mut outer_co: Co<u32> = rx.recv().unwrap();
            outer_co.yield_(1).await;
        });
        let delegation = co.yield_from(inner);
        tx.send(co).unwrap();
        delegation.await;
    });
}
