//! Built by `scripts/test.sh` on its own, so that pygen is compiled with
//! `default-features = false`: no `std`, no `alloc`, generators used pinned.
#![no_std]

use core::pin::pin;
use pygen::prelude::*;

/// Powers of two below `limit`.
#[generator(yield = u32)]
pub fn powers_of_two(limit: u32) -> u32 {
    let mut x = 1;
    let mut count = 0;
    while x < limit {
        yield_!(x);
        x *= 2;
        count += 1;
    }
    count
}

/// Sums the powers of two below `limit` with a pinned generator: no heap needed.
///
/// ```
/// assert_eq!(no_std_check::sum_of_powers(100), 127);
/// ```
pub fn sum_of_powers(limit: u32) -> u32 {
    let g = pin!(powers_of_two(limit));
    g.sum()
}

/// Drives a generator by hand through the `Generator` trait, returning its return value.
pub fn count_powers(limit: u32) -> u32 {
    let mut g = pin!(powers_of_two(limit));
    loop {
        if let GeneratorState::Complete(count) = g.as_mut().resume(()) {
            return count;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pinned_generators_work_without_std() {
        assert_eq!(super::sum_of_powers(100), 127);
        assert_eq!(super::count_powers(100), 7);
    }
}
