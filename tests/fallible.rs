//! A generator fn whose return type is spelled as a `Result` makes a `Fallible` generator:
//! not an iterator or stream itself (`tests/ui/fallible/`), read with `.results()` or, on
//! purpose, `.discard_return()`; `resume`, `start` and `yield_from!` work as for any other.
//! Other return types are unaffected.

use std::num::ParseIntError;

use futures::StreamExt;
use futures::executor::block_on;
use pygen::prelude::*;
use pygen::{AsyncGen, Fallible, Gen, LocalBoxGen, Plain};

#[generator(yield = u32)]
fn numbers(text: &'static str) -> Result<(), ParseIntError> {
    for word in text.split_whitespace() {
        yield_!(word.parse()?);
    }
    Ok(())
}

#[test]
fn a_result_return_makes_a_fallible_generator() {
    let g: Gen<u32, (), _, Fallible> = numbers("1 2 x 3");
    let items: Vec<_> = g.results().collect();
    assert!(matches!(items[..], [Ok(1), Ok(2), Err(_)]), "{items:?}");
    let all: Result<Vec<u32>, _> = numbers("4 5").results().collect();
    assert_eq!(all, Ok(vec![4, 5]));
}

#[test]
fn discard_return_iterates_on_purpose() {
    assert_eq!(
        numbers("1 2 x 3").discard_return().collect::<Vec<_>>(),
        [1, 2]
    );
}

#[test]
fn resume_works_as_before() {
    let mut g = numbers("7 y");
    assert_eq!(g.resume(()), GeneratorState::Yielded(7));
    match g.resume(()) {
        GeneratorState::Complete(Err(error)) => {
            assert_eq!(error.to_string(), "invalid digit found in string")
        }
        other => panic!("{other:?}"),
    }
}

mod io_like {
    pub(crate) type Result<T> = core::result::Result<T, String>;
}

/// Any path whose last segment is `Result`: `io::Result<..>`, `anyhow::Result<..>`.
#[generator(yield = &'static str)]
fn lines(text: &'static str) -> io_like::Result<usize> {
    let mut count = 0;
    for line in text.lines() {
        if line.is_empty() {
            return Err(format!("empty line after {count}"));
        }
        yield_!(line);
        count += 1;
    }
    Ok(count)
}

#[test]
fn a_path_ending_in_result_is_fallible() {
    let g: Gen<&str, (), _, Fallible> = lines("a\nb\n\nc");
    let mut results = g.results();
    assert_eq!(
        results.by_ref().collect::<Vec<_>>(),
        [Ok("a"), Ok("b"), Err("empty line after 2".to_owned())]
    );
}

/// A sub-generator's `Result` is the delegation's value, and `?` propagates it.
#[generator(yield = u32)]
fn sums(texts: Vec<&'static str>) -> Result<u32, ParseIntError> {
    let mut delegated = 0;
    for text in texts {
        yield_from!(numbers(text))?;
        delegated += 1;
    }
    Ok(delegated)
}

#[test]
fn yield_from_a_fallible_generator() {
    let mut g = sums(vec!["1 2", "3", "x", "4"]);
    let mut yielded = Vec::new();
    let ret = loop {
        match g.resume(()) {
            GeneratorState::Yielded(n) => yielded.push(n),
            GeneratorState::Complete(ret) => break ret,
        }
    };
    assert_eq!(yielded, [1, 2, 3]);
    assert!(ret.is_err());
}

type Outcome = Result<(), String>;

/// An alias the macro cannot see through: the generator stays iterable (and its error is
/// dropped by `for`): spell `-> Result<..>`, or call `.results()`.
#[generator(yield = u8)]
fn behind_an_alias() -> Outcome {
    yield_!(1);
    Err("lost".to_owned())
}

#[generator(yield = u8)]
fn counted() -> usize {
    yield_!(1);
    yield_!(2);
    2
}

#[generator(yield = u8)]
fn optional() -> Option<u8> {
    yield_!(1);
    None
}

#[test]
fn other_returns_are_unaffected() {
    let g: Gen<u8, (), _, Plain> = counted();
    assert_eq!(g.collect::<Vec<_>>(), [1, 2]);
    assert_eq!(optional().collect::<Vec<_>>(), [1]);
    let g: Gen<u8, (), _, Plain> = behind_an_alias();
    assert_eq!(g.collect::<Vec<_>>(), [1]);
    assert_eq!(
        behind_an_alias().results().collect::<Vec<_>>(),
        [Ok(1), Err("lost".to_owned())]
    );
}

#[generator(yield = u32, send)]
fn sent(text: &'static str) -> Result<(), ParseIntError> {
    for word in text.split_whitespace() {
        yield_!(word.parse()?);
    }
    Ok(())
}

#[test]
fn send_and_fallible() {
    let g = sent("1 x");
    let items = std::thread::spawn(move || g.results().collect::<Vec<_>>())
        .join()
        .unwrap();
    assert!(matches!(items[..], [Ok(1), Err(_)]));
}

#[generator(yield = u32, boxed_local)]
fn boxed(text: &'static str) -> Result<(), ParseIntError> {
    for word in text.split_whitespace() {
        yield_!(word.parse()?);
    }
    Ok(())
}

#[test]
fn boxed_and_fallible() {
    let g: LocalBoxGen<'static, u32, (), Result<(), ParseIntError>, Fallible> = boxed("5 z");
    let items: Vec<_> = g.results().collect();
    assert!(matches!(items[..], [Ok(5), Err(_)]));
    assert_eq!(boxed("5 6 z").discard_return().collect::<Vec<_>>(), [5, 6]);
}

#[generator(yield = u32)]
async fn async_numbers(text: &'static str) -> Result<(), ParseIntError> {
    for word in text.split_whitespace() {
        std::future::ready(()).await;
        yield_!(word.parse()?);
    }
    Ok(())
}

#[generator(yield = u32)]
async fn async_counted() -> usize {
    yield_!(1);
    1
}

#[test]
fn async_fallible_generators() {
    let g: AsyncGen<u32, (), _, Fallible> = async_numbers("1 2 x 3");
    let items: Vec<_> = block_on(g.results().collect());
    assert!(matches!(items[..], [Ok(1), Ok(2), Err(_)]), "{items:?}");
    let discarded: Vec<u32> = block_on(async_numbers("1 2 x 3").discard_return().collect());
    assert_eq!(discarded, [1, 2]);
    let g: AsyncGen<u32, (), _, Plain> = async_counted();
    assert_eq!(block_on(g.collect::<Vec<_>>()), [1]);
}

mod rt {
    pub(crate) use pygen::*;
}

/// Through a re-export (`crate = path`): the marker and the wrapper are named through it.
#[generator(yield = u8, crate = crate::rt)]
fn reexported(fail: bool) -> Result<(), &'static str> {
    yield_!(1);
    if fail { Err("failed") } else { Ok(()) }
}

#[test]
fn fallible_through_a_reexport() {
    let g: Gen<u8, (), _, Fallible> = reexported(true);
    assert_eq!(g.results().collect::<Vec<_>>(), [Ok(1), Err("failed")]);
    assert_eq!(reexported(false).discard_return().count(), 1);
}
