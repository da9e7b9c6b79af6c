//! Python's generator semantics, one test each (SPEC 4).

use pygen::Status;
use pygen::prelude::*;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::rc::Rc;

#[generator(yield = u32)]
fn logged(log: &RefCell<Vec<&'static str>>) -> &'static str {
    log.borrow_mut().push("started");
    yield_!(1);
    log.borrow_mut().push("resumed");
    yield_!(2);
    log.borrow_mut().push("finishing");
    "done"
}

#[test]
fn calling_a_generator_runs_nothing() {
    let log = RefCell::new(Vec::new());
    let g = logged(&log);
    assert!(log.borrow().is_empty());
    drop(g);
    assert!(log.borrow().is_empty());
}

#[test]
fn each_resume_runs_to_the_next_yield() {
    let log = RefCell::new(Vec::new());
    let mut g = logged(&log);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(*log.borrow(), ["started"]);
    assert_eq!(g.resume(()), GeneratorState::Yielded(2));
    assert_eq!(*log.borrow(), ["started", "resumed"]);
    assert_eq!(g.resume(()), GeneratorState::Complete("done"));
    assert_eq!(*log.borrow(), ["started", "resumed", "finishing"]);
    assert!(g.is_complete());
}

#[test]
fn exhausted_stays_exhausted() {
    let log = RefCell::new(Vec::new());
    let mut g = logged(&log);
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2]);
    for _ in 0..3 {
        assert_eq!(g.next(), None);
    }
    assert_eq!(log.borrow().len(), 3, "the body ran exactly once");
}

#[test]
#[should_panic(expected = "generator resumed after it completed")]
fn resume_after_completion_panics_with_a_clear_message() {
    let mut g = no_yield();
    assert_eq!(g.resume(()), GeneratorState::Complete(7));
    g.resume(());
}

#[generator(yield = u8)]
fn no_yield() -> i32 {
    7
}

#[generator(yield = u32, resume = u32)]
fn accumulate() -> u32 {
    let mut total = 0;
    loop {
        let x = yield_!(total);
        if x == 0 {
            return total;
        }
        total += x;
    }
}

#[test]
fn resume_values_are_what_yield_evaluates_to() {
    let mut g = accumulate();
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume(5), GeneratorState::Yielded(5));
    assert_eq!(g.resume(10), GeneratorState::Yielded(15));
    assert_eq!(g.resume(0), GeneratorState::Complete(15));
}

#[test]
fn a_value_sent_to_a_generator_that_has_not_started_is_refused_and_nothing_runs() {
    let mut g = accumulate();
    // No `yield_!` is waiting for 99: Python raises "can't send non-None value to a
    // just-started generator"; here the resume panics before running anything.
    let refused = catch_unwind(AssertUnwindSafe(|| g.resume(99)));
    let payload = refused.unwrap_err();
    let message = payload.downcast_ref::<&str>().copied().unwrap_or_default();
    assert!(message.contains("call `start()` first"), "{message}");
    assert_eq!(g.status(), Status::Created);
    // The generator is untouched and usable.
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume(1), GeneratorState::Yielded(1));
}

#[test]
fn a_generator_resumed_with_unit_may_start_with_resume() {
    let mut g = early_return(2);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0)); // `()` carries nothing to lose
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
}

#[test]
#[should_panic(expected = "`start()` called on a generator that is suspended at a `yield_!`")]
fn start_twice_panics() {
    let mut g = accumulate();
    g.start();
    g.start();
}

#[test]
fn start_twice_panics_before_running_anything_owned_and_pinned() {
    let mut owned = accumulate();
    owned.start();
    assert!(catch_unwind(AssertUnwindSafe(|| owned.start())).is_err());
    assert_eq!(owned.resume(3), GeneratorState::Yielded(3), "still usable");

    let mut pinned = pin!(accumulate());
    pinned.as_mut().start();
    assert!(catch_unwind(AssertUnwindSafe(|| pinned.as_mut().start())).is_err());
    assert_eq!(
        pinned.as_mut().resume(4),
        GeneratorState::Yielded(4),
        "still usable"
    );
}

#[test]
fn pinned_generators_resume_in_place() {
    let mut g = pin!(accumulate());
    assert_eq!(g.as_mut().start(), GeneratorState::Yielded(0));
    assert_eq!(g.as_mut().resume(4), GeneratorState::Yielded(4));
    assert_eq!(g.as_mut().resume(0), GeneratorState::Complete(4));
    assert!(g.is_complete());
}

#[generator(yield = u32)]
fn panics_at(n: u32) {
    for i in 0.. {
        if i == n {
            panic!("boom at {i}");
        }
        yield_!(i);
    }
}

#[test]
fn a_panic_propagates_and_leaves_the_generator_finished() {
    let mut g = panics_at(2);
    assert_eq!(g.next(), Some(0));
    assert_eq!(g.next(), Some(1));
    let err = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
    assert_eq!(err.downcast_ref::<String>().unwrap(), "boom at 2");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    assert_eq!(g.next(), None);
}

#[test]
fn a_panic_in_a_pinned_generator_leaves_it_finished() {
    let mut g = pin!(panics_at(0));
    assert!(catch_unwind(AssertUnwindSafe(|| g.as_mut().next())).is_err());
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
}

/// Counts drops into a shared cell.
struct DropCounter(Rc<Cell<u32>>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[generator(yield = u32)]
fn holds_locals(drops: Rc<Cell<u32>>) {
    let _a = DropCounter(drops.clone());
    yield_!(1);
    let _b = DropCounter(drops.clone());
    yield_!(2);
    yield_!(3);
}

#[test]
fn close_runs_destructors_of_live_locals_exactly_once() {
    let drops = Rc::new(Cell::new(0));
    let mut g = holds_locals(drops.clone());
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.next(), Some(2));
    assert_eq!(drops.get(), 0);
    g.close();
    // `_a`, `_b` and the `drops` argument moved into the generator.
    assert_eq!(drops.get(), 2);
    assert_eq!(Rc::strong_count(&drops), 1);
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    g.close();
    drop(g);
    assert_eq!(drops.get(), 2);
}

#[test]
fn drop_runs_destructors_of_live_locals_exactly_once() {
    let drops = Rc::new(Cell::new(0));
    let mut g = holds_locals(drops.clone());
    assert_eq!(g.next(), Some(1));
    drop(g);
    assert_eq!(drops.get(), 1);
    assert_eq!(Rc::strong_count(&drops), 1);
}

#[test]
fn close_of_a_pinned_generator_drops_in_place() {
    let drops = Rc::new(Cell::new(0));
    let mut g = pin!(holds_locals(drops.clone()));
    assert_eq!(g.as_mut().next(), Some(1));
    assert_eq!(g.as_mut().next(), Some(2));
    g.as_mut().close();
    assert_eq!(drops.get(), 2);
    assert_eq!(g.next(), None);
}

#[test]
fn completion_drops_everything_once() {
    let drops = Rc::new(Cell::new(0));
    let g = holds_locals(drops.clone());
    assert_eq!(g.collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(drops.get(), 2);
    assert_eq!(Rc::strong_count(&drops), 1);
}

#[test]
fn an_unstarted_generator_dropped_releases_its_arguments() {
    let drops = Rc::new(Cell::new(0));
    let arg = DropCounter(drops.clone());
    let g = takes_and_ignores(arg, drops.clone());
    assert_eq!(
        Rc::strong_count(&drops),
        3,
        "both arguments live in the generator"
    );
    drop(g);
    assert_eq!(drops.get(), 1);
    assert_eq!(Rc::strong_count(&drops), 1);
}

#[generator(yield = ())]
fn takes_and_ignores(_unused: DropCounter, _also_unused: Rc<Cell<u32>>) {}

#[test]
fn arguments_live_as_long_as_the_generator_even_if_unused() {
    let drops = Rc::new(Cell::new(0));
    let mut g = ignores_until_end(DropCounter(drops.clone()));
    assert_eq!(g.next(), Some(()));
    assert_eq!(
        drops.get(),
        0,
        "kept alive across the yield, as in an async fn"
    );
    assert_eq!(g.next(), None);
    assert_eq!(drops.get(), 1);
}

#[generator(yield = ())]
fn ignores_until_end(_guard: DropCounter) {
    yield_!(());
}

#[generator(yield = u64)]
fn parse_all(inputs: Vec<&'static str>) -> Result<usize, std::num::ParseIntError> {
    for input in &inputs {
        yield_!(input.parse::<u64>()?);
    }
    Ok(inputs.len())
}

#[test]
fn question_mark_sets_the_return_value() {
    let mut ok = parse_all(vec!["1", "2"]);
    assert_eq!(ok.resume(()), GeneratorState::Yielded(1));
    assert_eq!(ok.resume(()), GeneratorState::Yielded(2));
    assert_eq!(ok.resume(()), GeneratorState::Complete(Ok(2)));

    let mut bad = parse_all(vec!["1", "x", "3"]);
    assert_eq!(bad.resume(()), GeneratorState::Yielded(1));
    match bad.resume(()) {
        GeneratorState::Complete(Err(e)) => {
            assert_eq!(e.to_string(), "invalid digit found in string")
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[generator(yield = i32)]
fn early_return(limit: i32) -> &'static str {
    for i in 0.. {
        if i == limit {
            return "limit";
        }
        yield_!(i);
    }
    unreachable!()
}

#[test]
fn return_sets_the_return_value() {
    let mut g = early_return(1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(g.resume(()), GeneratorState::Complete("limit"));
}

#[test]
fn generators_are_lazy_iterators_with_adapters() {
    let squares = early_return(10).map(|x| x * x).filter(|x| x % 2 == 0);
    assert_eq!(squares.collect::<Vec<_>>(), [0, 4, 16, 36, 64]);
    assert_eq!(early_return(10).sum::<i32>(), 45);
    assert_eq!(early_return(10).count(), 10);
    assert_eq!(early_return(10).last(), Some(9));
    assert_eq!(pin!(early_return(4)).fold(0, |a, x| a * 10 + x), 123);
}

#[test]
fn fold_runs_a_started_generator_to_its_end() {
    let mut g = early_return(5);
    assert_eq!(g.next(), Some(0));
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.fold(String::new(), |a, x| a + &x.to_string()), "234");
}

#[test]
fn is_complete_is_false_while_suspended() {
    let mut g = early_return(1);
    assert!(!g.is_complete());
    g.next();
    assert!(!g.is_complete());
    g.next();
    assert!(g.is_complete());
}

#[test]
fn debug_output_tells_the_state() {
    let mut g = early_return(1);
    assert_eq!(format!("{g:?}"), "Gen { status: Created, .. }");
    g.next();
    assert_eq!(format!("{g:?}"), "Gen { status: Suspended, .. }");
    g.next();
    assert_eq!(format!("{g:?}"), "Gen { status: Complete, .. }");
}

#[test]
fn status_tells_created_suspended_and_complete_apart_owned_and_pinned() {
    let mut owned = early_return(1);
    assert_eq!(owned.status(), Status::Created);
    owned.next();
    assert_eq!(owned.status(), Status::Suspended);
    owned.next();
    assert_eq!(owned.status(), Status::Complete);

    let mut pinned = pin!(early_return(1));
    assert_eq!(pinned.status(), Status::Created);
    pinned.next();
    assert_eq!(pinned.status(), Status::Suspended);
    pinned.as_mut().close();
    assert_eq!(pinned.status(), Status::Complete);

    // A panic completes it too.
    let mut broken = pin!(Gen::new(|mut co: Co<u8>| async move {
        co.yield_(1).await;
        panic!("broken");
    }));
    broken.next();
    assert!(catch_unwind(AssertUnwindSafe(|| broken.next())).is_err());
    assert_eq!(broken.status(), Status::Complete);
}

#[generator(yield = String)]
fn moves_between_resumes(prefix: String) {
    let mut buf = prefix.clone();
    for i in 0..3 {
        let borrowed = &mut buf; // a borrow of a local held across the yield
        borrowed.push_str(&i.to_string());
        yield_!(borrowed.clone());
    }
}

#[test]
fn an_owned_started_generator_can_be_moved() {
    let mut g = moves_between_resumes("x".into());
    assert_eq!(g.next().as_deref(), Some("x0"));
    let mut moved = Box::new(g);
    assert_eq!(moved.next().as_deref(), Some("x01"));
    let mut again = *moved;
    assert_eq!(again.next().as_deref(), Some("x012"));
    assert_eq!(again.next(), None);
}

#[test]
fn arguments_bound_by_wildcard_patterns_live_in_the_generator_too() {
    let drops = Rc::new(Cell::new(0));
    let counter = || DropCounter(drops.clone());
    let g = wildcard_arguments(counter(), (counter(), counter()), counter());
    assert_eq!(
        drops.get(),
        0,
        "like an `async fn`, calling drops no argument, even one bound by `_`"
    );
    drop(g);
    assert_eq!(drops.get(), 4);
}

#[generator(yield = ())]
fn wildcard_arguments(_: DropCounter, (_, _): (DropCounter, DropCounter), _named: DropCounter) {}
