//! The macros that stamp out a row's cells: one `#[inline(never)]` function per consumer,
//! each creating the row's generator(s) and handing them to the consumer. A row writes only
//! how to create its generator; every row gets the same consumers.

/// A cell: runs one consumer over one row's generator of size `n` (`k`: the `take` count),
/// returns the checksum.
pub(crate) type CellFn = fn(u64, u64) -> u64;

/// The cells of an iterator workload. `$a` and `$b` create two generators of size `$n` (two
/// for `zip` and `chain`); `setup { .. }` runs first in every cell (for peers that create a
/// generator with a statement macro).
macro_rules! iter_cells {
    ($(setup { $($setup:tt)* })? |$n:ident| $a:expr, $b:expr $(,)?) => {
        #[allow(unused_variables, unused_mut)]
        mod cells {
            use super::*;
            use crate::consumers as c;

            #[inline(never)]
            fn fold($n: u64, _k: u64) -> u64 { $($($setup)*)? c::fold($a) }
            #[inline(never)]
            fn for_loop($n: u64, _k: u64) -> u64 { $($($setup)*)? c::for_loop($a) }
            #[inline(never)]
            fn take($n: u64, k: u64) -> u64 { $($($setup)*)? c::take($a, k) }
            #[inline(never)]
            fn filter_map($n: u64, _k: u64) -> u64 { $($($setup)*)? c::filter_map($a) }
            #[inline(never)]
            fn next_loop($n: u64, _k: u64) -> u64 { $($($setup)*)? c::next_loop(&mut $a) }
            #[inline(never)]
            fn pairs($n: u64, _k: u64) -> u64 { $($($setup)*)? c::pairs($a) }
            #[inline(never)]
            fn collect($n: u64, _k: u64) -> u64 { $($($setup)*)? c::collect($a) }
            #[inline(never)]
            fn zip($n: u64, _k: u64) -> u64 { $($($setup)*)? c::zip($a, $b) }
            #[inline(never)]
            fn chain($n: u64, _k: u64) -> u64 { $($($setup)*)? c::chain($a, $b) }
            #[inline(never)]
            fn max($n: u64, _k: u64) -> u64 { $($($setup)*)? c::max($a) }
            #[inline(never)]
            fn by_ref($n: u64, k: u64) -> u64 { $($($setup)*)? c::by_ref($a, k) }
            #[inline(never)]
            fn next_ool($n: u64, _k: u64) -> u64 { $($($setup)*)? c::next_out_of_line($a) }

            pub(crate) const CELLS: &[(c::Consumer, crate::cells::CellFn)] = &[
                (c::Consumer::Fold, fold),
                (c::Consumer::For, for_loop),
                (c::Consumer::Take, take),
                (c::Consumer::FilterMap, filter_map),
                (c::Consumer::Next, next_loop),
                (c::Consumer::Pairs, pairs),
                (c::Consumer::Collect, collect),
                (c::Consumer::Zip, zip),
                (c::Consumer::Chain, chain),
                (c::Consumer::Max, max),
                (c::Consumer::ByRef, by_ref),
                (c::Consumer::NextOutOfLine, next_ool),
            ];
        }
        pub(crate) use cells::CELLS;
    };
}

/// The cells of the `send` workload: `$a` and `$b` create two send functions
/// (`FnMut(f64) -> f64`: the value in, the generator's answer out), each over a started
/// generator.
macro_rules! send_cells {
    ($(setup { $($setup:tt)* })? senders: $a:expr, $b:expr $(,)?) => {
        #[allow(unused_variables, unused_mut)]
        mod cells {
            use super::*;
            use crate::consumers as c;

            #[inline(never)]
            fn send_loop(n: u64, _k: u64) -> u64 { $($($setup)*)? c::send_loop($a, n) }
            #[inline(never)]
            fn send_map(n: u64, _k: u64) -> u64 { $($($setup)*)? c::send_map($a, n) }
            #[inline(never)]
            fn send_collect(n: u64, _k: u64) -> u64 { $($($setup)*)? c::send_collect($a, n) }
            #[inline(never)]
            fn send_pairs(n: u64, _k: u64) -> u64 { $($($setup)*)? c::send_pairs($a, n) }
            #[inline(never)]
            fn send_two(n: u64, _k: u64) -> u64 { $($($setup)*)? c::send_two($a, $b, n) }
            #[inline(never)]
            fn send_ool(n: u64, _k: u64) -> u64 { $($($setup)*)? c::send_out_of_line($a, n) }

            pub(crate) const CELLS: &[(c::Consumer, crate::cells::CellFn)] = &[
                (c::Consumer::SendLoop, send_loop),
                (c::Consumer::SendMap, send_map),
                (c::Consumer::SendCollect, send_collect),
                (c::Consumer::SendPairs, send_pairs),
                (c::Consumer::SendTwo, send_two),
                (c::Consumer::SendOutOfLine, send_ool),
            ];
        }
        pub(crate) use cells::CELLS;
    };
}

/// The cells of the `async` workload: `$a` and `$b` create two `Stream`s of size `$n`.
macro_rules! stream_cells {
    ($(setup { $($setup:tt)* })? |$n:ident| $a:expr, $b:expr $(,)?) => {
        #[allow(unused_variables, unused_mut)]
        mod cells {
            use super::*;
            use crate::consumers as c;

            #[inline(never)]
            fn fold($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_fold($a) }
            #[inline(never)]
            fn for_loop($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_for($a) }
            #[inline(never)]
            fn take($n: u64, k: u64) -> u64 { $($($setup)*)? c::s_take($a, k) }
            #[inline(never)]
            fn filter_map($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_filter_map($a) }
            #[inline(never)]
            fn pairs($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_pairs($a) }
            #[inline(never)]
            fn collect($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_collect($a) }
            #[inline(never)]
            fn zip($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_zip($a, $b) }
            #[inline(never)]
            fn chain($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_chain($a, $b) }
            #[inline(never)]
            fn by_ref($n: u64, k: u64) -> u64 { $($($setup)*)? c::s_by_ref($a, k) }
            #[inline(never)]
            fn next_ool($n: u64, _k: u64) -> u64 { $($($setup)*)? c::s_next_out_of_line($a) }

            pub(crate) const CELLS: &[(c::Consumer, crate::cells::CellFn)] = &[
                (c::Consumer::Fold, fold),
                (c::Consumer::For, for_loop),
                (c::Consumer::Take, take),
                (c::Consumer::FilterMap, filter_map),
                (c::Consumer::Pairs, pairs),
                (c::Consumer::Collect, collect),
                (c::Consumer::Zip, zip),
                (c::Consumer::Chain, chain),
                (c::Consumer::ByRef, by_ref),
                (c::Consumer::NextOutOfLine, next_ool),
            ];
        }
        pub(crate) use cells::CELLS;
    };
}
