use pygen::prelude::*;

#[generator(yield = f64, resume = f64)]
fn averager() {
    let mut total = 0.0;
    loop {
        total += yield_!(total);
    }
}

fn main() {
    let mut avg = averager();
    avg.start();
    avg.resume("ten");
}
