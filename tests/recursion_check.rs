//! The macro's check for unboxed recursive calls (`tests/ui/recursion/`) only rejects calls
//! whose generator the body holds across a suspension; these recursive generators hold none
//! unboxed, and compile and run.

use pygen::prelude::*;

/// Boxed where it is delegated to, through an adapter.
#[generator(yield = u32)]
fn boxed_through_adapter(n: u32) {
    if n > 0 {
        yield_!(n);
        yield_from!(boxed_through_adapter(n - 1).boxed_local().map(|v| v * 10));
    }
}

/// Consumed on the spot: nothing of it is held across a yield.
#[generator(yield = u32)]
fn consumed_on_the_spot(n: u32) -> usize {
    let below = if n > 0 {
        consumed_on_the_spot(n - 1).count()
    } else {
        0
    };
    yield_!(n);
    below + 1
}

/// Moved into a variable that is boxed before the delegation: rustc accepts it (the
/// variable's value is moved out before the yield), so the macro does too.
#[generator(yield = u32)]
fn through_a_variable(n: u32) {
    yield_!(n);
    if n > 0 {
        let rest = through_a_variable(n - 1);
        yield_from!(rest.boxed_local());
    }
}

/// A `for` loop that does not yield does not hold its iterable across a yield.
#[generator(yield = u32)]
fn loop_without_yield(n: u32) -> u32 {
    let mut total = 0;
    if n > 0 {
        for v in loop_without_yield(n - 1) {
            total += v;
        }
    }
    yield_!(total + n);
    total + n
}

/// A `for` loop over the boxed recursive call.
#[generator(yield = u32)]
fn loop_over_boxed(n: u32) {
    if n > 0 {
        for v in loop_over_boxed(n - 1).boxed_local() {
            yield_!(v);
        }
        yield_!(n);
    }
}

struct Walker;

impl Walker {
    #[generator(yield = u32)]
    fn down(n: u32) {
        if n > 0 {
            yield_!(n);
            yield_from!(Self::down(n - 1).boxed_local());
        }
    }
}

#[test]
fn recursion_the_check_lets_through() {
    assert_eq!(boxed_through_adapter(3).collect::<Vec<_>>(), [3, 20, 100]);
    assert_eq!(consumed_on_the_spot(3).collect::<Vec<_>>(), [3]);
    assert_eq!(through_a_variable(2).collect::<Vec<_>>(), [2, 1, 0]);
    assert_eq!(loop_without_yield(3).collect::<Vec<_>>(), [6]);
    assert_eq!(loop_over_boxed(3).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(Walker::down(2).collect::<Vec<_>>(), [2, 1]);
}

/// `Box::pin(..)` boxes the recursive call too: a pinned box of a generator is delegated to
/// in place (Python's `yield from walk(child)`).
#[generator(yield = u32)]
fn pinned_in_a_box(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    yield_!(n);
    1 + yield_from!(Box::pin(pinned_in_a_box(n - 1)))
}

/// The way for an async generator, which has no `.boxed_local()`.
#[generator(yield = u32)]
async fn async_countdown(n: u32) {
    if n > 0 {
        std::future::ready(()).await;
        yield_!(n);
        yield_from!(Box::pin(async_countdown(n - 1)));
    }
}

#[test]
fn box_pin_recursion() {
    let mut g = pinned_in_a_box(3);
    let mut yielded = Vec::new();
    let depth = loop {
        match g.resume(()) {
            GeneratorState::Yielded(n) => yielded.push(n),
            GeneratorState::Complete(depth) => break depth,
        }
    };
    assert_eq!((yielded, depth), (vec![3, 2, 1], 3));
    let all: Vec<u32> =
        futures::executor::block_on(futures::StreamExt::collect(async_countdown(3)));
    assert_eq!(all, [3, 2, 1]);
}
