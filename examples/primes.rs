//! An infinite sequence as a generator: every prime, by an incremental sieve of Eratosthenes
//! that needs no upper bound. The caller decides how many it wants (`take`, `nth`,
//! `take_while`), and two generators can be zipped to find twin primes.
//!
//! Mirrors the seeds' infinite prime generator (the dictionary sieve):
//!
//! ```python
//! def primes():
//!     composites = {}                  # next composite -> a prime that divides it
//!     n = 2
//!     while True:
//!         if n not in composites:
//!             yield n                  # a prime: its first multiple to cross off is n * n
//!             composites[n * n] = n
//!         else:
//!             p = composites.pop(n)    # move p's marker to its next free multiple
//!             m = n + p
//!             while m in composites:
//!                 m += p
//!             composites[m] = p
//!         n += 1
//! ```
//!
//! The Rust version also skips even numbers.
//!
//! `cargo run --release --example primes` (or `-- 100000` for the 100,000th prime)

use pygen::prelude::*;
use std::collections::HashMap;
use std::io::{self, Write};
use std::time::Instant;

/// Every prime, in order, forever. Unlike a sieve array, it needs no upper bound: its map holds
/// one marker per prime found so far, each at the next multiple of that prime to cross off.
#[generator(yield = u64)]
fn primes() {
    yield_!(2);
    // Odd numbers only: `composites` maps the next odd multiple to cross off to its prime.
    let mut composites: HashMap<u64, u64> = HashMap::new();
    let mut n = 3;
    loop {
        match composites.remove(&n) {
            None => {
                yield_!(n);
                // Smaller multiples of n have a smaller prime factor, so they are crossed
                // off already: n's first marker is n * n.
                composites.insert(n * n, n);
            }
            Some(p) => {
                let mut next = n + 2 * p;
                while composites.contains_key(&next) {
                    next += 2 * p;
                }
                composites.insert(next, p);
            }
        }
        n += 2;
    }
}

/// Prints the first primes, twin primes, and the `nth` prime with the time it took.
/// Returns the `nth` prime (1-based: the first prime is 2).
pub(crate) fn run(nth: usize, out: &mut impl Write) -> io::Result<u64> {
    let first: Vec<u64> = primes().take(15).collect();
    writeln!(out, "the first 15 primes: {first:?}")?;

    let below_100 = primes().take_while(|&p| p < 100).count();
    writeln!(out, "primes below 100: {below_100}")?;

    // Two lazy infinite sequences, one a step ahead of the other.
    let twins: Vec<(u64, u64)> = primes()
        .zip(primes().skip(1))
        .filter(|(p, q)| q - p == 2)
        .take(6)
        .collect();
    writeln!(out, "the first twin primes: {twins:?}")?;

    let start = Instant::now();
    let prime = primes().nth(nth - 1).expect("there are infinitely many");
    writeln!(
        out,
        "the prime number {nth} is {prime} (found in {:.1?})",
        start.elapsed()
    )?;
    Ok(prime)
}

fn main() -> io::Result<()> {
    let nth = std::env::args()
        .nth(1)
        .map_or(1_000_000, |arg| arg.parse().expect("usage: primes [N]"));
    run(nth, &mut io::stdout().lock())?;
    Ok(())
}
