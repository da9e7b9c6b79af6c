//! The first ten Fibonacci numbers from an infinite generator.
//!
//! `cargo run --example fibonacci`

use pygen::prelude::*;

/// Every Fibonacci number, lazily; wraps around after `u64::MAX`.
#[generator(yield = u64)]
fn fibonacci() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

fn main() {
    let first: Vec<u64> = fibonacci().take(10).collect();
    println!("first ten: {first:?}");
    let big = fibonacci().find(|n| *n > 1_000_000_000_000).unwrap();
    println!("first above 10^12: {big}");
}
