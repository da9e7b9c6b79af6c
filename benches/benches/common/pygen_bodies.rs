//! The pygen generators of every workload, written once and stamped out into each pygen
//! row's module, so that every row has generator functions of its own (see `mod.rs`).

/// Defines `counter`, `fibonacci`, `nested`, `eight`, `averager`, `leaf`, `delegate1..3` and
/// `async_counter` in the module where it is invoked.
macro_rules! pygen_generators {
    () => {
        use pygen::prelude::*;

        #[generator(yield = u64)]
        pub(crate) fn counter(n: u64) {
            for i in 0..n {
                yield_!(i);
            }
        }

        #[generator(yield = u64)]
        pub(crate) fn fibonacci() {
            let (mut a, mut b) = (0u64, 1u64);
            loop {
                yield_!(a);
                (a, b) = (b, a.wrapping_add(b));
            }
        }

        #[generator(yield = u64)]
        pub(crate) fn nested(n: u64) {
            for i in 0..n {
                for j in 0..n {
                    if (i ^ j) % 3 == 0 {
                        yield_!(i * n + j);
                    }
                }
            }
        }

        #[generator(yield = u64)]
        pub(crate) fn eight(k: u64) {
            for i in 0..8 {
                yield_!(k * 8 + i);
            }
        }

        #[generator(yield = f64, resume = f64)]
        pub(crate) fn averager() {
            let (mut total, mut count) = (0.0, 0.0);
            let mut average = 0.0;
            loop {
                total += yield_!(average);
                count += 1.0;
                average = total / count;
            }
        }

        #[generator(yield = u64)]
        pub(crate) fn leaf(n: u64) {
            for i in 0..n {
                yield_!(i);
            }
        }

        // Delegation, three levels deep.
        #[generator(yield = u64)]
        pub(crate) fn delegate1(n: u64) {
            yield_from!(leaf(n));
        }

        #[generator(yield = u64)]
        pub(crate) fn delegate2(n: u64) {
            yield_from!(delegate1(n));
        }

        #[generator(yield = u64)]
        pub(crate) fn delegate3(n: u64) {
            yield_from!(delegate2(n));
        }

        #[generator(yield = u64)]
        pub(crate) async fn async_counter(n: u64) {
            for i in 0..n {
                let v = std::future::ready(i).await;
                yield_!(v);
            }
        }
    };
}
