//! Generators declared through a re-export of pygen (`reexporter::reexported_gen`), in a
//! crate that does not depend on pygen itself: `#[generator(.., crate = path)]` and
//! `gen_block!` must name pygen only through that path.
//!
//! Compiled with the lints a careful user turns on, so that the paths the expansion builds on
//! the user's `crate = path` do not trip `unused_qualifications` in the user's code.
#![deny(warnings, unused_qualifications, rust_2018_idioms)]
#![deny(clippy::all)]

use reexporter::reexported_gen::{AsyncGen, Gen};

/// Everything through the full path of the re-export: sync, with a return value.
#[reexporter::reexported_gen::generator(yield = u8, crate = ::reexporter::reexported_gen)]
pub fn count(n: u8) -> u8 {
    for i in 0..n {
        yield_!(i);
    }
    n
}

/// A resume type, `yield_from!` of a generator and of an iterator.
#[reexporter::reexported_gen::generator(
    yield = u8,
    resume = u8,
    crate = ::reexporter::reexported_gen
)]
pub fn echo_then_count() -> u8 {
    let heard = yield_!(0);
    let heard_again = yield_!(heard);
    heard + heard_again
}

/// Through the prelude of the re-export, with a relative `crate = path`.
pub mod via_prelude {
    use reexporter::reexported_gen::prelude::*;

    /// `yield_from!` of a generator, then of an iterator.
    #[generator(yield = u8, crate = reexporter::reexported_gen)]
    pub fn delegating() -> u8 {
        let said = yield_from!(super::count(2));
        yield_from!([10, 11]);
        said
    }

    /// An async generator.
    #[generator(yield = u8, crate = reexporter::reexported_gen)]
    pub async fn ticks(n: u8) {
        for i in 0..n {
            core::future::ready(()).await;
            yield_!(i);
        }
    }

    /// `gen_block!` through the re-export: it forwards its own `$crate`.
    pub fn squares(n: u8) -> impl Iterator<Item = u8> {
        gen_block!(move {
            for i in 0..n {
                yield_!(i * i);
            }
        })
    }
}

/// Through a `crate::` path to a re-export of the re-export (the form that used to trip
/// `unused_qualifications`), with `send`.
pub mod via_crate_path {
    pub(crate) use reexporter::reexported_gen as runtime;

    /// A `Send` generator declared with `send`.
    #[runtime::generator(yield = u8, send, crate = crate::via_crate_path::runtime)]
    pub fn sendable() {
        yield_!(1);
        yield_!(2);
    }

    /// `gen_block!` through a path to the re-export.
    pub fn block() -> impl Iterator<Item = u8> {
        runtime::gen_block!({
            yield_!(3);
        })
    }
}

/// The types of the re-export are pygen's: a generator can be named through them.
pub fn named() -> Gen<u8, (), impl Future<Output = u8>> {
    count(1)
}

/// An async generator, named through the re-export.
pub fn named_async() -> AsyncGen<u8, (), impl Future<Output = ()>> {
    via_prelude::ticks(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reexporter::reexported_gen::GeneratorState;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    #[test]
    fn generators_declared_through_a_reexport_run() {
        let mut g = count(2);
        assert_eq!(g.resume(()), GeneratorState::Yielded(0));
        assert_eq!(g.resume(()), GeneratorState::Yielded(1));
        assert_eq!(g.resume(()), GeneratorState::Complete(2));

        let mut g = echo_then_count();
        assert_eq!(g.start(), GeneratorState::Yielded(0));
        assert_eq!(g.resume(4), GeneratorState::Yielded(4));
        assert_eq!(g.resume(5), GeneratorState::Complete(9));

        assert_eq!(
            via_prelude::delegating().collect::<Vec<_>>(),
            [0, 1, 10, 11]
        );
        assert_eq!(via_prelude::squares(3).collect::<Vec<_>>(), [0, 1, 4]);
        assert_eq!(via_crate_path::block().collect::<Vec<_>>(), [3]);
        assert_eq!(named().collect::<Vec<_>>(), [0]);

        let g = via_crate_path::sendable();
        let all = std::thread::spawn(move || g.collect::<Vec<_>>()).join();
        assert_eq!(all.expect("no panic"), [1, 2]);
    }

    #[test]
    fn async_generators_declared_through_a_reexport_run() {
        let mut g = named_async();
        let mut seen = Vec::new();
        while let Some(x) = block_on(g.next()) {
            seen.push(x);
        }
        assert_eq!(seen, [0, 1]);
    }

    /// Runs a future that never waits on anything (no executor dependency here).
    fn block_on<F: Future>(future: F) -> F::Output {
        struct Noop;
        impl Wake for Noop {
            fn wake(self: Arc<Self>) {}
        }
        let waker = Waker::from(Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }
}
