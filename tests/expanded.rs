//! `examples/expanded.rs` writes out by hand what its generators expand to; pygen-macros' unit
//! test `examples_expanded_rs_is_the_expansion` checks that the text is the expansion, and
//! this checks that the hand-written version behaves as the macro-written one.

#[allow(dead_code)]
#[path = "../examples/expanded.rs"]
mod example;

use example::{conversation, expanded, with_macro};
use pygen::GeneratorState;

#[test]
fn the_expansion_behaves_as_the_generator() {
    for start in [0, 1, 100] {
        let written = conversation(with_macro::running_total(start));
        let by_hand = conversation(expanded::running_total(start));
        assert_eq!(written, by_hand);
    }
    assert_eq!(
        conversation(expanded::running_total(100)),
        (vec![0, 5, 102, 112, 132], 132)
    );
}

#[test]
fn the_expanded_sub_generator_behaves_as_the_generator() {
    let mut written = with_macro::echo(3);
    let mut by_hand = expanded::echo(3);
    assert_eq!(written.start(), by_hand.start());
    for sent in [7, 8, 9] {
        let state = written.resume(sent);
        assert_eq!(state, by_hand.resume(sent));
        if let GeneratorState::Complete(times) = state {
            assert_eq!(times, 3);
        }
    }
    assert!(written.is_complete() && by_hand.is_complete());
}

#[test]
fn the_expanded_fallible_boxed_generator_behaves_as_the_generator() {
    for text in ["", "1 2 3", "4 x 5"] {
        let written: Vec<_> = with_macro::numbers(text).results().collect();
        let by_hand: Vec<_> = expanded::numbers(text).results().collect();
        assert_eq!(written, by_hand);
    }
    let mut written = with_macro::numbers("7");
    let mut by_hand = expanded::numbers("7");
    assert_eq!(written.resume(()), by_hand.resume(()));
    assert_eq!(written.resume(()), GeneratorState::Complete(Ok(1)));
    assert_eq!(by_hand.resume(()), GeneratorState::Complete(Ok(1)));
}
