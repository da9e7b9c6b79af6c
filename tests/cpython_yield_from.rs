//! CPython's own `yield from` tests (`Lib/test/test_yield_from.py`, PEP 380), ported to
//! pygen with the same expected traces (issue 3, item 6).
//!
//! Each test is named after the CPython test it ports and quotes it in its doc comment. The
//! expected traces were checked by running the Python originals (CPython 3.11, and 3.13 for the
//! `TestInterestingEdgeCases` class that later versions add).
//!
//! How Python maps to pygen here (SPEC 3 and 4):
//!
//! - a `trace` list is a shared `Vec<String>` ([`Trace`]);
//! - an exception escaping a generator is a panic, caught with `catch_unwind`; the generator
//!   is complete afterwards and `next()` returns `None`;
//! - `finally:` is a local guard whose `Drop` appends to the trace ([`Finally`]); a `finally`
//!   that raises is a guard whose `Drop` panics ([`FinallyRaise`]);
//! - `g.send(v)` is `g.resume(v)`, a priming `next(g)` is `g.start()` (or `g.next()`),
//!   `g.close()` is `g.close()`, `return v` is `GeneratorState::Complete(v)` or the value of
//!   `yield_from!(..)`;
//! - `g.throw(e)` is `g.resume(Err(e))` to a generator whose resume type is `Result<(), E>`
//!   (SPEC 4): the delegating generator forwards the `Err` to the sub-generator, which reacts
//!   to it (`?` re-raises it, a `match` catches it); an exception escaping `throw` is the
//!   generator completing with `Err(e)`;
//! - `throw(GeneratorExit)` is `close()`: closing is how pygen delivers `GeneratorExit`.

use pygen::delegate::FromGenerator;
use pygen::prelude::*;
use pygen::{Generator, LocalBoxGen};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// Python's `trace = []`, shared by the generators of a test and the test itself.
type Trace = Rc<RefCell<Vec<String>>>;

fn new_trace() -> Trace {
    Rc::default()
}

/// `trace.append(event)`.
fn push(trace: &Trace, event: impl Into<String>) {
    trace.borrow_mut().push(event.into());
}

/// The trace so far, to compare with CPython's expected list.
fn events(trace: &Trace) -> Vec<String> {
    trace.borrow().clone()
}

/// Python's `raise SomeError(message)` in straight-line code: a function that panics, so that
/// the code after it in a generator body is not flagged as unreachable (Python's tests keep
/// such code, e.g. a `yield` after the `raise`).
fn raise(message: &str) {
    panic!("{message}");
}

/// The message of a caught panic (Python's `e.args[0]`).
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}

/// A `finally:` block that appends `event` to the trace.
struct Finally {
    trace: Trace,
    event: &'static str,
}

impl Finally {
    fn new(trace: &Trace, event: &'static str) -> Self {
        Finally {
            trace: trace.clone(),
            event,
        }
    }
}

impl Drop for Finally {
    fn drop(&mut self) {
        push(&self.trace, self.event);
    }
}

/// A `finally:` block that appends `event` to the trace and then raises `message`.
///
/// Python lets a `finally` that raises replace an exception already propagating; Rust aborts
/// on a panic during unwinding, so while unwinding this guard only appends (none of the ported
/// tests reach that case).
struct FinallyRaise {
    trace: Trace,
    event: Option<&'static str>,
    message: &'static str,
}

impl FinallyRaise {
    fn new(trace: &Trace, event: Option<&'static str>, message: &'static str) -> Self {
        FinallyRaise {
            trace: trace.clone(),
            event,
            message,
        }
    }
}

impl FinallyRaise {
    /// `finally: raise <message>`, appending nothing.
    fn silent(message: &'static str) -> Self {
        FinallyRaise::new(&new_trace(), None, message)
    }
}

impl Drop for FinallyRaise {
    fn drop(&mut self) {
        if let Some(event) = self.event {
            push(&self.trace, event);
        }
        if !std::thread::panicking() {
            raise(self.message);
        }
    }
}

/// `except GeneratorExit: raise ValueError(message)` around a `yield`: raises only if the
/// generator is closed (dropped) while suspended inside the guarded region.
struct RaiseOnClose {
    armed: bool,
    message: &'static str,
}

impl RaiseOnClose {
    fn new(message: &'static str) -> Self {
        RaiseOnClose {
            armed: true,
            message,
        }
    }

    /// Leaves the guarded region normally.
    fn disarm(&mut self) {
        self.armed = false;
    }
}

impl Drop for RaiseOnClose {
    fn drop(&mut self) {
        if self.armed && !std::thread::panicking() {
            raise(self.message);
        }
    }
}

/// The Python values that the return-value tests send around, with Python's `repr`.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Int(i64),
    Str(&'static str),
    Tuple(Vec<Value>),
    /// A `StopIteration(value)` instance used as an ordinary value (returned, yielded).
    StopIteration(Box<Value>),
}

impl Value {
    /// Python's `repr(value)`.
    fn repr(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Str(s) => format!("'{s}'"),
            Value::Tuple(items) if items.len() == 1 => format!("({},)", items[0].repr()),
            Value::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Value::repr).collect();
                format!("({})", items.join(", "))
            }
            Value::StopIteration(value) => format!("StopIteration({})", value.repr()),
        }
    }
}

/// `repr` of a value that may be `None`.
fn repr(value: &Option<Value>) -> String {
    value
        .as_ref()
        .map_or_else(|| "None".to_string(), Value::repr)
}

/// `repr` of the `StopIteration` a generator raises when it returns `value`.
fn stop_iteration_repr(value: &Option<Value>) -> String {
    match value {
        None => "StopIteration()".to_string(),
        Some(value) => format!("StopIteration({})", value.repr()),
    }
}

/// The `1, (2,), StopIteration(3)` sequence of return values the CPython tests use.
fn one_tuple_stop_iteration(last: i64) -> [Value; 3] {
    [
        Value::Int(1),
        Value::Tuple(vec![Value::Int(2)]),
        Value::StopIteration(Box::new(Value::Int(last))),
    ]
}

/// Python's `ValueError(message)`, for `throw`.
#[derive(Clone, Debug, PartialEq)]
struct ValueError(&'static str);

// ---------------------------------------------------------------------------------------------
// class TestPEP380Operation

/// CPython `TestPEP380Operation.test_delegation_of_initial_next_to_subgenerator`:
/// "Test delegation of initial next() call to subgenerator".
#[test]
fn test_delegation_of_initial_next_to_subgenerator() {
    #[generator(yield = u32)]
    fn g1(trace: Trace) {
        push(&trace, "Starting g1");
        yield_from!(g2(trace.clone()));
        push(&trace, "Finishing g1");
    }

    #[generator(yield = u32)]
    fn g2(trace: Trace) {
        push(&trace, "Starting g2");
        yield_!(42);
        push(&trace, "Finishing g2");
    }

    let trace = new_trace();
    for x in g1(trace.clone()) {
        push(&trace, format!("Yielded {x}"));
    }
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "Starting g2",
            "Yielded 42",
            "Finishing g2",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_raising_exception_in_initial_next_call`:
/// "Test raising exception in initial next() call".
///
/// In CPython's test `g2` contains no `yield`, so it is a plain function that raises when
/// `g1` calls it; the first part ports exactly that. The second part makes `g2` a generator
/// that raises before its first `yield` (what the test's title describes; same trace in
/// CPython), held outside `g1` so that both can be seen finished afterwards.
#[test]
fn test_raising_exception_in_initial_next_call() {
    // `g2` as in CPython: a function (no `yield`), raising inside a `try`/`finally`.
    fn g2(trace: &Trace) -> std::iter::Empty<&'static str> {
        let _finally = Finally::new(trace, "Finishing g2");
        push(trace, "Starting g2");
        raise("spanish inquisition occurred");
        std::iter::empty()
    }

    #[generator(yield = &'static str)]
    fn g1(trace: Trace) {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_from!(g2(&trace));
    }

    let expected = ["Starting g1", "Starting g2", "Finishing g2", "Finishing g1"];

    let trace = new_trace();
    let mut g = g1(trace.clone());
    let err = catch_unwind(AssertUnwindSafe(|| {
        for x in &mut g {
            push(&trace, format!("Yielded {x}"));
        }
    }))
    .expect_err("subgenerator failed to raise ValueError");
    assert_eq!(panic_message(err), "spanish inquisition occurred");
    assert_eq!(events(&trace), expected);
    assert!(g.is_complete());
    assert_eq!(g.next(), None);

    // `g2` as a generator that raises in its initial call.
    #[generator(yield = &'static str)]
    fn g2_generator(trace: Trace) {
        let _finally = Finally::new(&trace, "Finishing g2");
        push(&trace, "Starting g2");
        raise("spanish inquisition occurred");
        yield_!("never");
    }

    #[generator(yield = &'static str)]
    fn g1_of(trace: Trace, sub: &mut LocalBoxGen<'static, &'static str>) {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_from!(FromGenerator::new(sub));
    }

    let trace = new_trace();
    let mut inner = g2_generator(trace.clone()).boxed_local();
    let mut g = g1_of(trace.clone(), &mut inner);
    let err = catch_unwind(AssertUnwindSafe(|| {
        for x in &mut g {
            push(&trace, format!("Yielded {x}"));
        }
    }))
    .expect_err("subgenerator failed to raise ValueError");
    assert_eq!(panic_message(err), "spanish inquisition occurred");
    assert_eq!(events(&trace), expected);
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    drop(g);
    assert!(inner.is_complete());
    assert_eq!(inner.next(), None);
}

/// CPython `TestPEP380Operation.test_delegation_of_next_call_to_subgenerator`:
/// "Test delegation of next() call to subgenerator".
#[test]
fn test_delegation_of_next_call_to_subgenerator() {
    #[generator(yield = &'static str)]
    fn g1(trace: Trace) {
        push(&trace, "Starting g1");
        yield_!("g1 ham");
        yield_from!(g2(trace.clone()));
        yield_!("g1 eggs");
        push(&trace, "Finishing g1");
    }

    #[generator(yield = &'static str)]
    fn g2(trace: Trace) {
        push(&trace, "Starting g2");
        yield_!("g2 spam");
        yield_!("g2 more spam");
        push(&trace, "Finishing g2");
    }

    let trace = new_trace();
    for x in g1(trace.clone()) {
        push(&trace, format!("Yielded {x}"));
    }
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "Yielded g1 eggs",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_raising_exception_in_delegated_next_call`:
/// "Test raising exception in delegated next() call".
#[test]
fn test_raising_exception_in_delegated_next_call() {
    #[generator(yield = &'static str)]
    fn g1(trace: Trace) {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_!("g1 ham");
        yield_from!(g2(trace.clone()));
        yield_!("g1 eggs");
    }

    #[generator(yield = &'static str)]
    fn g2(trace: Trace) {
        let _finally = Finally::new(&trace, "Finishing g2");
        push(&trace, "Starting g2");
        yield_!("g2 spam");
        raise("hovercraft is full of eels");
        yield_!("g2 more spam");
    }

    let expected = [
        "Starting g1",
        "Yielded g1 ham",
        "Starting g2",
        "Yielded g2 spam",
        "Finishing g2",
        "Finishing g1",
    ];

    let trace = new_trace();
    let mut g = g1(trace.clone());
    let err = catch_unwind(AssertUnwindSafe(|| {
        for x in &mut g {
            push(&trace, format!("Yielded {x}"));
        }
    }))
    .expect_err("subgenerator failed to raise ValueError");
    assert_eq!(panic_message(err), "hovercraft is full of eels");
    assert_eq!(events(&trace), expected);
    assert!(g.is_complete());
    assert_eq!(g.next(), None);

    // The same with `g2` held outside `g1` (delegated to after it started, so by a re-yield
    // loop rather than inline), to see that both generators end finished.
    #[generator(yield = &'static str)]
    fn g1_of(trace: Trace, sub: &mut LocalBoxGen<'static, &'static str>) {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_!("g1 ham");
        yield_from!(FromGenerator::new(sub));
        yield_!("g1 eggs");
    }

    let trace = new_trace();
    let mut inner = g2(trace.clone()).boxed_local();
    let mut g = g1_of(trace.clone(), &mut inner);
    let err = catch_unwind(AssertUnwindSafe(|| {
        for x in &mut g {
            push(&trace, format!("Yielded {x}"));
        }
    }))
    .expect_err("subgenerator failed to raise ValueError");
    assert_eq!(panic_message(err), "hovercraft is full of eels");
    assert_eq!(events(&trace), expected);
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    drop(g);
    assert!(inner.is_complete());
    assert_eq!(inner.next(), None);
}

/// CPython `TestPEP380Operation.test_delegation_of_send`: "Test delegation of send()".
#[test]
fn test_delegation_of_send() {
    #[generator(yield = &'static str, resume = i32)]
    fn g1(trace: Trace) {
        push(&trace, "Starting g1");
        let x = yield_!("g1 ham");
        push(&trace, format!("g1 received {x}"));
        yield_from!(g2(trace.clone()));
        let x = yield_!("g1 eggs");
        push(&trace, format!("g1 received {x}"));
        push(&trace, "Finishing g1");
    }

    #[generator(yield = &'static str, resume = i32)]
    fn g2(trace: Trace) {
        push(&trace, "Starting g2");
        let x = yield_!("g2 spam");
        push(&trace, format!("g2 received {x}"));
        let x = yield_!("g2 more spam");
        push(&trace, format!("g2 received {x}"));
        push(&trace, "Finishing g2");
    }

    let trace = new_trace();
    let mut g = g1(trace.clone());
    assert_eq!(g.start(), GeneratorState::Yielded("g1 ham"));
    let mut x = 1;
    while let GeneratorState::Yielded(y) = g.resume(x) {
        push(&trace, format!("Yielded {y}"));
        x += 1;
    }
    assert!(g.is_complete());
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "g1 received 1",
            "Starting g2",
            "Yielded g2 spam",
            "g2 received 2",
            "Yielded g2 more spam",
            "g2 received 3",
            "Finishing g2",
            "Yielded g1 eggs",
            "g1 received 4",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_handling_exception_while_delegating_send`:
/// "Test handling exception while delegating 'send'".
#[test]
fn test_handling_exception_while_delegating_send() {
    #[generator(yield = &'static str, resume = i32)]
    fn g1(trace: Trace) {
        push(&trace, "Starting g1");
        let x = yield_!("g1 ham");
        push(&trace, format!("g1 received {x}"));
        yield_from!(g2(trace.clone()));
        let x = yield_!("g1 eggs");
        push(&trace, format!("g1 received {x}"));
        push(&trace, "Finishing g1");
    }

    #[generator(yield = &'static str, resume = i32)]
    fn g2(trace: Trace) {
        push(&trace, "Starting g2");
        let x = yield_!("g2 spam");
        push(&trace, format!("g2 received {x}"));
        raise("hovercraft is full of eels");
        let x = yield_!("g2 more spam");
        push(&trace, format!("g2 received {x}"));
        push(&trace, "Finishing g2");
    }

    let trace = new_trace();
    let mut g = g1(trace.clone());
    let err = catch_unwind(AssertUnwindSafe(|| {
        g.start();
        let mut x = 1;
        loop {
            match g.resume(x) {
                GeneratorState::Yielded(y) => {
                    push(&trace, format!("Yielded {y}"));
                    x += 1;
                }
                GeneratorState::Complete(()) => {
                    push(&trace, "StopIteration");
                    break;
                }
            }
        }
    }))
    .expect_err("ValueError not raised");
    assert_eq!(panic_message(err), "hovercraft is full of eels");
    assert!(g.is_complete());
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "g1 received 1",
            "Starting g2",
            "Yielded g2 spam",
            "g2 received 2",
        ]
    );
}

/// CPython `TestPEP380Operation.test_delegating_close`: "Test delegating 'close'".
#[test]
fn test_delegating_close() {
    #[generator(yield = &'static str)]
    fn g1(trace: Trace) {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_!("g1 ham");
        yield_from!(g2(trace.clone()));
        yield_!("g1 eggs");
    }

    #[generator(yield = &'static str)]
    fn g2(trace: Trace) {
        let _finally = Finally::new(&trace, "Finishing g2");
        push(&trace, "Starting g2");
        yield_!("g2 spam");
        yield_!("g2 more spam");
    }

    let trace = new_trace();
    let mut g = g1(trace.clone());
    for _ in 0..2 {
        let x = g.next().unwrap();
        push(&trace, format!("Yielded {x}"));
    }
    g.close();
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Finishing g2",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_handing_exception_while_delegating_close`:
/// "Test handling exception while delegating 'close'".
///
/// Not ported: CPython's check that the exception's `__context__` is the `GeneratorExit`
/// (panics have no context chain).
#[test]
fn test_handing_exception_while_delegating_close() {
    #[generator(yield = &'static str)]
    fn g1(trace: Trace) {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_!("g1 ham");
        yield_from!(g2(trace.clone()));
        yield_!("g1 eggs");
    }

    #[generator(yield = &'static str)]
    fn g2(trace: Trace) {
        let _finally = FinallyRaise::new(
            &trace,
            Some("Finishing g2"),
            "nybbles have exploded with delight",
        );
        push(&trace, "Starting g2");
        yield_!("g2 spam");
        yield_!("g2 more spam");
    }

    let trace = new_trace();
    let mut g = g1(trace.clone());
    let err = catch_unwind(AssertUnwindSafe(|| {
        for _ in 0..2 {
            let x = g.next().unwrap();
            push(&trace, format!("Yielded {x}"));
        }
        g.close();
    }))
    .expect_err("subgenerator failed to raise ValueError");
    assert_eq!(panic_message(err), "nybbles have exploded with delight");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Finishing g2",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_delegating_throw`: "Test delegating 'throw'".
///
/// `g.throw(e)` is `g.resume(Err(e))`; `g1` forwards it to `g2`, which re-raises it with `?`;
/// `g1` re-raises it in turn, and the exception escaping `throw` is `Complete(Err(e))`.
#[test]
fn test_delegating_throw() {
    #[generator(yield = &'static str, resume = Result<(), ValueError>)]
    fn g1(trace: Trace) -> Result<(), ValueError> {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_!("g1 ham")?;
        yield_from!(g2(trace.clone()))?;
        yield_!("g1 eggs")?;
        Ok(())
    }

    #[generator(yield = &'static str, resume = Result<(), ValueError>)]
    fn g2(trace: Trace) -> Result<(), ValueError> {
        let _finally = Finally::new(&trace, "Finishing g2");
        push(&trace, "Starting g2");
        yield_!("g2 spam")?;
        yield_!("g2 more spam")?;
        Ok(())
    }

    let trace = new_trace();
    let mut g = g1(trace.clone());
    // for i in range(2): x = next(g)
    let GeneratorState::Yielded(x) = g.start() else {
        panic!("g1 did not yield")
    };
    push(&trace, format!("Yielded {x}"));
    let GeneratorState::Yielded(x) = g.resume(Ok(())) else {
        panic!("g1 did not yield")
    };
    push(&trace, format!("Yielded {x}"));
    // g.throw(ValueError("tomato ejected"))
    assert_eq!(
        g.resume(Err(ValueError("tomato ejected"))),
        GeneratorState::Complete(Err(ValueError("tomato ejected")))
    );
    assert!(g.is_complete());
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Finishing g2",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_exception_value_crash`: a sub-generator's return value
/// (`[42]`) that nobody uses (a refcount bug in CPython once).
#[test]
fn test_exception_value_crash() {
    #[generator(yield = &'static str)]
    fn g1() {
        yield_from!(g2());
    }

    #[generator(yield = &'static str)]
    fn g2() -> Vec<i32> {
        yield_!("g2");
        vec![42]
    }

    assert_eq!(g1().collect::<Vec<_>>(), ["g2"]);

    // The return value itself, unused by `g1` above.
    let mut g = g2();
    assert_eq!(g.resume(()), GeneratorState::Yielded("g2"));
    assert_eq!(g.resume(()), GeneratorState::Complete(vec![42]));
}

/// CPython `TestPEP380Operation.test_generator_return_value`: "Test generator return value".
#[test]
fn test_generator_return_value() {
    #[generator(yield = &'static str)]
    fn g1(trace: Trace) {
        push(&trace, "Starting g1");
        yield_!("g1 ham");
        let ret = yield_from!(g2(trace.clone(), None));
        push(&trace, format!("g2 returned {}", repr(&ret)));
        for v in one_tuple_stop_iteration(3) {
            let ret = yield_from!(g2(trace.clone(), Some(v)));
            push(&trace, format!("g2 returned {}", repr(&ret)));
        }
        yield_!("g1 eggs");
        push(&trace, "Finishing g1");
    }

    #[generator(yield = &'static str)]
    fn g2(trace: Trace, v: Option<Value>) -> Option<Value> {
        push(&trace, "Starting g2");
        yield_!("g2 spam");
        yield_!("g2 more spam");
        push(&trace, "Finishing g2");
        // `if v: return v` (all the values passed are true), else the implicit `None`.
        v
    }

    let trace = new_trace();
    for x in g1(trace.clone()) {
        push(&trace, format!("Yielded {x}"));
    }
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "g2 returned None",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "g2 returned 1",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "g2 returned (2,)",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "g2 returned StopIteration(3)",
            "Yielded g1 eggs",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_delegation_of_next_to_non_generator`:
/// "Test delegation of next() to non-generator".
#[test]
fn test_delegation_of_next_to_non_generator() {
    #[generator(yield = i32)]
    fn g() {
        yield_from!(0..3);
    }

    let trace = new_trace();
    for x in g() {
        push(&trace, format!("Yielded {x}"));
    }
    assert_eq!(events(&trace), ["Yielded 0", "Yielded 1", "Yielded 2"]);
}

/// CPython `TestPEP380Operation.test_conversion_of_sendNone_to_next`:
/// "Test conversion of send(None) to next()".
///
/// `send(None)` is `resume(())`; the first one also starts the generator, as in Python.
#[test]
#[allow(non_snake_case)]
fn test_conversion_of_sendNone_to_next() {
    #[generator(yield = i32)]
    fn g() {
        yield_from!(0..3);
    }

    let trace = new_trace();
    let mut gi = g();
    for _ in 0..3 {
        let GeneratorState::Yielded(y) = gi.resume(()) else {
            panic!("g returned early")
        };
        push(&trace, format!("Yielded: {y}"));
    }
    assert_eq!(events(&trace), ["Yielded: 0", "Yielded: 1", "Yielded: 2"]);
}

/// CPython `TestPEP380Operation.test_delegation_of_close_to_non_generator`:
/// "Test delegation of close() to non-generator".
///
/// CPython also checks that nothing was written to stderr (no "Exception ignored"); here,
/// that `close()` returns normally.
#[test]
fn test_delegation_of_close_to_non_generator() {
    #[generator(yield = i32)]
    fn g(trace: Trace) {
        let _finally = Finally::new(&trace, "finishing g");
        push(&trace, "starting g");
        yield_from!(0..3);
        push(&trace, "g should not be here");
    }

    let trace = new_trace();
    let mut gi = g(trace.clone());
    assert_eq!(gi.next(), Some(0));
    gi.close();
    assert!(gi.is_complete());
    assert_eq!(gi.next(), None);
    assert_eq!(events(&trace), ["starting g", "finishing g"]);
}

// CPython `TestPEP380Operation.test_delegating_throw_to_non_generator` and
// `test_attempting_to_send_to_non_generator` send a value (or throw) into `yield from` of a
// plain iterator, which CPython rejects at run time (`AttributeError`, or the thrown exception
// raised at the `yield from`). In pygen, `yield_from!` of an iterator requires the resume
// type `()`, so both programs are compile errors: see
// `tests/ui/yield_from/iterator_with_resume_type.rs`.

/// CPython `TestPEP380Operation.test_exception_in_initial_next_call`:
/// "Test exception in initial next() call" (`yield 1/0` in the sub-generator).
#[test]
fn test_exception_in_initial_next_call() {
    #[generator(yield = i32)]
    fn g1(trace: Trace) {
        push(&trace, "g1 about to yield from g2");
        yield_from!(g2());
        push(&trace, "g1 should not be here");
    }

    #[generator(yield = i32)]
    fn g2() {
        yield_!(1 / std::hint::black_box(0));
    }

    let trace = new_trace();
    let mut gi = g1(trace.clone());
    let err = catch_unwind(AssertUnwindSafe(|| gi.next())).expect_err("no ZeroDivisionError");
    assert_eq!(panic_message(err), "attempt to divide by zero");
    assert!(gi.is_complete());
    assert_eq!(gi.next(), None);
    assert_eq!(events(&trace), ["g1 about to yield from g2"]);
}

/// A generator reachable from its own body, as Python's global `gi` / `g1` is. Resuming it
/// borrows the cell, so reaching it again while it runs finds the cell borrowed: that is
/// Python's "generator already executing" (in Rust the borrow rules stand for CPython's
/// `gi_running` check; without the shared cell the loop does not compile).
type Shared<R> = Rc<RefCell<Option<LocalBoxGen<'static, &'static str, R>>>>;

/// CPython `TestPEP380Operation.test_attempted_yield_from_loop`:
/// "Test attempted yield-from loop".
#[test]
fn test_attempted_yield_from_loop() {
    #[generator(yield = &'static str)]
    fn g1(trace: Trace, gi: Shared<()>) {
        push(&trace, "g1: starting");
        yield_!("y1");
        push(&trace, "g1: about to yield from g2");
        yield_from!(g2(trace.clone(), gi));
        push(&trace, "g1 should not be here");
    }

    // Holding the borrow across the delegation is the point: it marks `g1` as running.
    #[allow(clippy::await_holding_refcell_ref)]
    #[generator(yield = &'static str)]
    fn g2(trace: Trace, gi: Shared<()>) {
        push(&trace, "g2: starting");
        yield_!("y2");
        push(&trace, "g2: about to yield from g1");
        let mut running = gi.try_borrow_mut().expect("generator already executing");
        yield_from!(FromGenerator::new(running.as_mut().unwrap()));
        push(&trace, "g2 should not be here");
    }

    let trace = new_trace();
    let gi: Shared<()> = Rc::default();
    *gi.borrow_mut() = Some(g1(trace.clone(), gi.clone()).boxed_local());
    let err = catch_unwind(AssertUnwindSafe(|| {
        loop {
            let y = gi.borrow_mut().as_mut().unwrap().next();
            let Some(y) = y else { break };
            push(&trace, format!("Yielded: {y}"));
        }
    }))
    .expect_err("subgenerator didn't raise ValueError");
    assert!(
        panic_message(err).starts_with("generator already executing"),
        "not the ValueError"
    );
    assert!(gi.borrow().as_ref().unwrap().is_complete());
    assert_eq!(
        events(&trace),
        [
            "g1: starting",
            "Yielded: y1",
            "g1: about to yield from g2",
            "g2: starting",
            "Yielded: y2",
            "g2: about to yield from g1",
        ]
    );
}

/// Python's `class LunchError(Exception)`.
#[derive(Clone, Debug, PartialEq)]
struct LunchError(&'static str);

/// CPython `TestPEP380Operation.test_returning_value_from_delegated_throw`:
/// "Test returning value from delegated 'throw'".
///
/// The `try: .. except LunchError:` of `g2` is a labelled block that breaks out with the
/// thrown error; `g1` forwards the `Err` to `g2` through the delegation.
#[test]
fn test_returning_value_from_delegated_throw() {
    #[generator(yield = &'static str, resume = Result<(), LunchError>)]
    fn g1(trace: Trace) -> Result<(), LunchError> {
        let _finally = Finally::new(&trace, "Finishing g1");
        push(&trace, "Starting g1");
        yield_!("g1 ham")?;
        yield_from!(g2(trace.clone()))?;
        yield_!("g1 eggs")?;
        Ok(())
    }

    #[generator(yield = &'static str, resume = Result<(), LunchError>)]
    fn g2(trace: Trace) -> Result<(), LunchError> {
        let tried: Result<(), LunchError> = 'try_: {
            push(&trace, "Starting g2");
            if let Err(e) = yield_!("g2 spam") {
                break 'try_ Err(e);
            }
            if let Err(e) = yield_!("g2 more spam") {
                break 'try_ Err(e);
            }
            Ok(())
        };
        if let Err(LunchError(_)) = tried {
            push(&trace, "Caught LunchError in g2");
            yield_!("g2 lunch saved")?;
            yield_!("g2 yet more spam")?;
        }
        Ok(())
    }

    let trace = new_trace();
    let mut g = g1(trace.clone());
    let GeneratorState::Yielded(x) = g.start() else {
        panic!("g1 did not yield")
    };
    push(&trace, format!("Yielded {x}"));
    let GeneratorState::Yielded(x) = g.resume(Ok(())) else {
        panic!("g1 did not yield")
    };
    push(&trace, format!("Yielded {x}"));
    // g.throw(LunchError("tomato ejected")) returns what g2 yields next (not traced).
    assert_eq!(
        g.resume(Err(LunchError("tomato ejected"))),
        GeneratorState::Yielded("g2 lunch saved")
    );
    // for x in g: ...
    loop {
        match g.resume(Ok(())) {
            GeneratorState::Yielded(x) => push(&trace, format!("Yielded {x}")),
            GeneratorState::Complete(ret) => {
                assert_eq!(ret, Ok(()));
                break;
            }
        }
    }
    assert!(g.is_complete());
    assert_eq!(
        events(&trace),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Caught LunchError in g2",
            "Yielded g2 yet more spam",
            "Yielded g1 eggs",
            "Finishing g1",
        ]
    );
}

/// CPython `TestPEP380Operation.test_next_and_return_with_value`:
/// "Test next and return with value".
#[test]
fn test_next_and_return_with_value() {
    #[generator(yield = ())]
    fn g(trace: Trace, r: Option<Value>) -> Option<Value> {
        push(&trace, "g starting");
        yield_!(());
        push(&trace, format!("g returning {}", repr(&r)));
        r
    }

    fn f(trace: &Trace, r: Option<Value>) {
        let mut gi = g(trace.clone(), r);
        assert_eq!(gi.start(), GeneratorState::Yielded(()));
        push(trace, "f resuming g");
        match gi.resume(()) {
            GeneratorState::Yielded(()) => push(trace, "f SHOULD NOT BE HERE"),
            GeneratorState::Complete(e) => {
                push(trace, format!("f caught {}", stop_iteration_repr(&e)));
            }
        }
        assert!(gi.is_complete());
        assert_eq!(gi.next(), None);
    }

    let trace = new_trace();
    f(&trace, None);
    for v in one_tuple_stop_iteration(3) {
        f(&trace, Some(v));
    }
    assert_eq!(
        events(&trace),
        [
            "g starting",
            "f resuming g",
            "g returning None",
            "f caught StopIteration()",
            "g starting",
            "f resuming g",
            "g returning 1",
            "f caught StopIteration(1)",
            "g starting",
            "f resuming g",
            "g returning (2,)",
            "f caught StopIteration((2,))",
            "g starting",
            "f resuming g",
            "g returning StopIteration(3)",
            "f caught StopIteration(StopIteration(3))",
        ]
    );
}

/// CPython `TestPEP380Operation.test_send_and_return_with_value`:
/// "Test send and return with value".
#[test]
fn test_send_and_return_with_value() {
    #[generator(yield = (), resume = Value)]
    fn g(trace: Trace, r: Option<Value>) -> Option<Value> {
        push(&trace, "g starting");
        let x = yield_!(());
        push(&trace, format!("g received {}", x.repr()));
        push(&trace, format!("g returning {}", repr(&r)));
        r
    }

    fn f(trace: &Trace, r: Option<Value>) {
        let mut gi = g(trace.clone(), r);
        assert_eq!(gi.start(), GeneratorState::Yielded(()));
        push(trace, "f sending spam to g");
        match gi.resume(Value::Str("spam")) {
            GeneratorState::Yielded(()) => push(trace, "f SHOULD NOT BE HERE"),
            GeneratorState::Complete(e) => {
                push(trace, format!("f caught {}", stop_iteration_repr(&e)));
            }
        }
        assert!(gi.is_complete());
    }

    let trace = new_trace();
    f(&trace, None);
    for v in one_tuple_stop_iteration(3) {
        f(&trace, Some(v));
    }
    assert_eq!(
        events(&trace),
        [
            "g starting",
            "f sending spam to g",
            "g received 'spam'",
            "g returning None",
            "f caught StopIteration()",
            "g starting",
            "f sending spam to g",
            "g received 'spam'",
            "g returning 1",
            "f caught StopIteration(1)",
            "g starting",
            "f sending spam to g",
            "g received 'spam'",
            "g returning (2,)",
            "f caught StopIteration((2,))",
            "g starting",
            "f sending spam to g",
            "g received 'spam'",
            "g returning StopIteration(3)",
            "f caught StopIteration(StopIteration(3))",
        ]
    );
}

/// CPython `TestPEP380Operation.test_catching_exception_from_subgen_and_returning`:
/// "Test catching an exception thrown into a subgenerator and returning a value".
///
/// CPython's trace mixes the int `1` with strings; here every entry is a string (`"1"`).
#[test]
fn test_catching_exception_from_subgen_and_returning() {
    #[generator(yield = Value, resume = Result<(), ValueError>)]
    fn inner(trace: Trace, value: Value) -> Value {
        if let Err(ValueError(_)) = yield_!(Value::Int(1)) {
            push(&trace, "inner caught ValueError");
        }
        value
    }

    #[generator(yield = Value, resume = Result<(), ValueError>)]
    fn outer(trace: Trace, value: Value) -> Result<(), ValueError> {
        let v = yield_from!(inner(trace.clone(), value));
        push(&trace, format!("inner returned {} to outer", v.repr()));
        yield_!(v)?;
        Ok(())
    }

    let values = [
        Value::Int(2),
        Value::Tuple(vec![Value::Int(2)]),
        Value::StopIteration(Box::new(Value::Int(2))),
    ];
    for value in values {
        let trace = new_trace();
        let mut g = outer(trace.clone(), value.clone());
        // trace.append(next(g))
        let GeneratorState::Yielded(first) = g.start() else {
            panic!("outer did not yield")
        };
        push(&trace, first.repr());
        // trace.append(repr(g.throw(ValueError)))
        let GeneratorState::Yielded(thrown) = g.resume(Err(ValueError(""))) else {
            panic!("throw did not yield")
        };
        push(&trace, thrown.repr());
        assert_eq!(
            events(&trace),
            [
                "1".to_string(),
                "inner caught ValueError".to_string(),
                format!("inner returned {} to outer", value.repr()),
                value.repr(),
            ]
        );
    }
}

/// CPython `TestPEP380Operation.test_throwing_GeneratorExit_into_subgen_that_returns`:
/// "Test throwing GeneratorExit into a subgenerator that catches it and returns normally".
///
/// Throwing `GeneratorExit` is `close()`: the delegating generator closes the sub-generator
/// and does not go on (no "Exit f", no "Exit g"). `f`'s `except GeneratorExit: return` is
/// closing quietly. CPython's `throw` then re-raises `GeneratorExit`, which `close()`
/// swallows; here `close()` returns normally.
#[test]
#[allow(non_snake_case)]
fn test_throwing_GeneratorExit_into_subgen_that_returns() {
    #[generator(yield = ())]
    fn f(trace: Trace) {
        push(&trace, "Enter f");
        yield_!(());
        push(&trace, "Exit f");
    }

    #[generator(yield = ())]
    fn g(trace: Trace) {
        push(&trace, "Enter g");
        yield_from!(f(trace.clone()));
        push(&trace, "Exit g");
    }

    let trace = new_trace();
    let mut gi = g(trace.clone());
    assert_eq!(gi.next(), Some(()));
    gi.close();
    assert!(gi.is_complete());
    assert_eq!(gi.next(), None);
    assert_eq!(events(&trace), ["Enter g", "Enter f"]);
}

/// CPython `TestPEP380Operation.test_throwing_GeneratorExit_into_subgen_that_raises`:
/// "Test throwing GeneratorExit into a subgenerator that catches it and raises a different
/// exception".
///
/// Throwing `GeneratorExit` is `close()`; `f`'s `except GeneratorExit: raise ValueError(..)`
/// is a guard that panics when dropped at its `yield`. Not ported: the check that the
/// exception's `__context__` is the `GeneratorExit`.
#[test]
#[allow(non_snake_case)]
fn test_throwing_GeneratorExit_into_subgen_that_raises() {
    #[generator(yield = ())]
    fn f(trace: Trace) {
        push(&trace, "Enter f");
        let mut except_generator_exit = RaiseOnClose::new("Vorpal bunny encountered");
        yield_!(());
        push(&trace, "Exit f");
        except_generator_exit.disarm();
    }

    #[generator(yield = ())]
    fn g(trace: Trace) {
        push(&trace, "Enter g");
        yield_from!(f(trace.clone()));
        push(&trace, "Exit g");
    }

    let trace = new_trace();
    let mut gi = g(trace.clone());
    assert_eq!(gi.next(), Some(()));
    let err = catch_unwind(AssertUnwindSafe(|| gi.close()))
        .expect_err("subgenerator failed to raise ValueError");
    assert_eq!(panic_message(err), "Vorpal bunny encountered");
    assert!(gi.is_complete());
    assert_eq!(gi.next(), None);
    assert_eq!(events(&trace), ["Enter g", "Enter f"]);
}

/// CPython `TestPEP380Operation.test_yield_from_empty`.
#[test]
fn test_yield_from_empty() {
    #[generator(yield = i32)]
    fn g() {
        yield_from!(std::iter::empty());
    }

    // self.assertRaises(StopIteration, next, g())
    assert_eq!(g().next(), None);
    assert_eq!(g().resume(()), GeneratorState::Complete(()));
}

/// CPython `TestPEP380Operation.test_delegating_generators_claim_to_be_running`.
///
/// `two` tries to `yield from g1` while `g1` (which is delegating to `two`) runs, catches the
/// "generator already executing" error and goes on. As in
/// [`test_attempted_yield_from_loop`], `g1` is reachable through a shared cell, and finding
/// the cell borrowed is the error (`try_borrow_mut` is the `try`/`except ValueError`).
/// CPython's throw part asserts nothing; the `[0, 1, 2, 3]` checked here is what CPython
/// produces (run separately). In the close part, `MyIt.close()` is the iterator's `Drop`,
/// which sees `g1` running and cannot resume it.
#[test]
fn test_delegating_generators_claim_to_be_running() {
    // Check with basic iteration (resume type `()`) and with send (resume type `i32`).
    #[generator(yield = u32, resume = R)]
    fn one<R: 'static>(g1: Shared2<R>) {
        yield_!(0);
        yield_from!(two(g1));
        yield_!(3);
    }

    #[allow(clippy::await_holding_refcell_ref)] // as in `test_attempted_yield_from_loop`
    #[generator(yield = u32, resume = R)]
    fn two<R: 'static>(g1: Shared2<R>) {
        yield_!(1);
        if let Ok(mut running) = g1.try_borrow_mut() {
            yield_from!(FromGenerator::new(running.as_mut().unwrap()));
        } // except ValueError: pass
        yield_!(2);
    }

    type Shared2<R> = Rc<RefCell<Option<LocalBoxGen<'static, u32, R>>>>;

    let g1: Shared2<()> = Rc::default();
    *g1.borrow_mut() = Some(one(g1.clone()).boxed_local());
    let mut res = Vec::new();
    loop {
        let x = g1.borrow_mut().as_mut().unwrap().next();
        let Some(x) = x else { break };
        res.push(x);
    }
    assert_eq!(res, [0, 1, 2, 3]);
    assert!(g1.borrow().as_ref().unwrap().is_complete());

    // Check with send
    let g1: Shared2<i32> = Rc::default();
    *g1.borrow_mut() = Some(one(g1.clone()).boxed_local());
    let first = g1.borrow_mut().as_mut().unwrap().start();
    let mut res = vec![first.yielded().unwrap()];
    loop {
        let state = g1.borrow_mut().as_mut().unwrap().resume(42);
        match state {
            GeneratorState::Yielded(x) => res.push(x),
            GeneratorState::Complete(()) => break,
        }
    }
    assert_eq!(res, [0, 1, 2, 3]);

    // Check with throw
    #[derive(Debug)]
    struct MyErr;

    #[generator(yield = u32, resume = Result<(), MyErr>)]
    fn one_throw(g1: Shared2<Result<(), MyErr>>) {
        let _ = yield_!(0); // except MyErr: pass
        yield_from!(two_throw(g1));
        let _ = yield_!(3); // except MyErr: pass
    }

    #[allow(clippy::await_holding_refcell_ref)] // as in `test_attempted_yield_from_loop`
    #[generator(yield = u32, resume = Result<(), MyErr>)]
    fn two_throw(g1: Shared2<Result<(), MyErr>>) {
        let _ = yield_!(1); // except MyErr: pass
        if let Ok(mut running) = g1.try_borrow_mut() {
            yield_from!(FromGenerator::new(running.as_mut().unwrap()));
        } // except ValueError: pass
        let _ = yield_!(2); // except MyErr: pass
    }

    let g1: Shared2<Result<(), MyErr>> = Rc::default();
    *g1.borrow_mut() = Some(one_throw(g1.clone()).boxed_local());
    let first = g1.borrow_mut().as_mut().unwrap().start();
    let mut res = vec![first.yielded().unwrap()];
    loop {
        // res.append(g1.throw(MyErr))
        let state = g1.borrow_mut().as_mut().unwrap().resume(Err(MyErr));
        match state {
            GeneratorState::Yielded(x) => res.push(x),
            GeneratorState::Complete(()) => break,
        }
    }
    assert_eq!(res, [0, 1, 2, 3]);

    // Check with close
    struct MyIt {
        g1: Shared2<()>,
        closed: Rc<Cell<Option<bool>>>,
    }

    impl Iterator for MyIt {
        type Item = u32;
        fn next(&mut self) -> Option<u32> {
            Some(42)
        }
    }

    impl Drop for MyIt {
        // def close(self_): assertTrue(g1.gi_running); assertRaises(ValueError, next, g1)
        fn drop(&mut self) {
            self.closed.set(Some(self.g1.try_borrow_mut().is_err()));
        }
    }

    #[generator(yield = u32)]
    fn one_close(g1: Shared2<()>, closed: Rc<Cell<Option<bool>>>) {
        yield_from!(MyIt { g1, closed });
    }

    let g1: Shared2<()> = Rc::default();
    let closed = Rc::new(Cell::new(None));
    *g1.borrow_mut() = Some(one_close(g1.clone(), closed.clone()).boxed_local());
    let x = g1.borrow_mut().as_mut().unwrap().next();
    assert_eq!(x, Some(42));
    g1.borrow_mut().as_mut().unwrap().close();
    assert_eq!(closed.get(), Some(true), "MyIt was not closed while g1 ran");
    assert!(g1.borrow().as_ref().unwrap().is_complete());
}

/// Python's `MyIter` whose `__next__` raises `StopIteration(42)`: a generator of our own (not
/// a pygen one) that completes at once with a return value.
#[derive(Debug, Default)]
struct ReturnsAtOnce {
    done: bool,
}

impl Generator<()> for ReturnsAtOnce {
    type Yield = ();
    type Return = i32;

    fn resume(mut self: Pin<&mut Self>, _arg: ()) -> GeneratorState<(), i32> {
        self.done = true;
        GeneratorState::Complete(42)
    }

    fn start(self: Pin<&mut Self>) -> GeneratorState<(), i32> {
        self.resume(())
    }

    fn is_complete(&self) -> bool {
        self.done
    }

    fn close(mut self: Pin<&mut Self>) {
        self.done = true;
    }
}

/// CPython `TestPEP380Operation.test_custom_iterator_return` (issue #15568): the return value
/// of a custom iterator's `StopIteration(42)` is the value of `yield from`.
///
/// A Rust `Iterator` has no return value; a custom [`Generator`] does, and
/// [`FromGenerator`] delegates to it.
#[test]
fn test_custom_iterator_return() {
    #[generator(yield = ())]
    fn gen_(ret: Rc<Cell<Option<i32>>>) {
        ret.set(Some(yield_from!(FromGenerator::new(
            ReturnsAtOnce::default()
        ))));
    }

    let ret = Rc::new(Cell::new(None));
    assert_eq!(gen_(ret.clone()).collect::<Vec<()>>(), []);
    assert_eq!(ret.get(), Some(42));
}

/// What `test_close_with_cleared_frame` sends into its generators: nothing (`None`) or a
/// generator.
struct Msg(Option<LocalBoxGen<'static, (), Msg>>);

/// CPython `TestPEP380Operation.test_close_with_cleared_frame` (issue #17669): a chain
/// `outer` → `inner` → `innermost` in which `inner` was sent into `outer`, dropped while
/// suspended.
///
/// Partly ported: CPython also sends `outer_gen` into `inner` (a reference cycle that the
/// garbage collector breaks); a generator cannot own itself in Rust, so `None` is sent there.
/// CPython's test only checks that nothing crashes; here `finally` guards check the cleanup
/// order, the one CPython gives for this acyclic version (run separately).
#[test]
fn test_close_with_cleared_frame() {
    #[generator(yield = (), resume = Msg)]
    fn innermost(trace: Trace) {
        let _finally = Finally::new(&trace, "finally innermost");
        yield_!(());
    }

    #[generator(yield = (), resume = Msg)]
    fn inner(trace: Trace) {
        let _finally = Finally::new(&trace, "finally inner");
        let outer_gen = yield_!(());
        let got = if outer_gen.0.is_some() {
            "a generator"
        } else {
            "None"
        };
        push(&trace, format!("inner got {got}"));
        yield_from!(innermost(trace.clone()));
    }

    #[generator(yield = (), resume = Msg)]
    fn outer(trace: Trace) {
        let _finally = Finally::new(&trace, "finally outer");
        let inner_gen = yield_!(()).0.expect("outer was sent a generator");
        yield_from!(inner_gen);
    }

    let trace = new_trace();
    let inner_gen = inner(trace.clone()).boxed_local();
    let mut outer_gen = outer(trace.clone());
    // Python's `next(g)`: a value other than `None`/`()` may not be sent to a fresh generator.
    assert_eq!(outer_gen.start(), GeneratorState::Yielded(()));
    assert_eq!(
        outer_gen.resume(Msg(Some(inner_gen))),
        GeneratorState::Yielded(())
    );
    assert_eq!(outer_gen.resume(Msg(None)), GeneratorState::Yielded(()));
    drop(outer_gen);
    assert_eq!(
        events(&trace),
        [
            "inner got None",
            "finally innermost",
            "finally inner",
            "finally outer",
        ]
    );
}

/// Where `MyGen.send` stores what it receives (Python's `nonlocal v`).
type Received = Rc<Cell<Option<(i32, i32, i32, i32)>>>;

/// Python's `MyGen`, a custom iterator with a `send` method: here a custom [`Generator`]
/// whose resume type is a tuple.
struct MyGen {
    v: Received,
}

impl Generator<(i32, i32, i32, i32)> for MyGen {
    type Yield = Option<i32>;
    type Return = ();

    // def send(self, what): nonlocal v; v = what; return None
    fn resume(self: Pin<&mut Self>, what: (i32, i32, i32, i32)) -> GeneratorState<Option<i32>, ()> {
        self.v.set(Some(what));
        GeneratorState::Yielded(None)
    }

    // def __next__(self): return 42
    fn start(self: Pin<&mut Self>) -> GeneratorState<Option<i32>, ()> {
        GeneratorState::Yielded(Some(42))
    }

    fn is_complete(&self) -> bool {
        false
    }

    fn close(self: Pin<&mut Self>) {}
}

/// CPython `TestPEP380Operation.test_send_tuple_with_custom_generator` (issue #21209): a
/// tuple sent through `yield from` reaches the sub-generator as one value.
#[test]
fn test_send_tuple_with_custom_generator() {
    #[generator(yield = Option<i32>, resume = (i32, i32, i32, i32))]
    fn outer(v: Received) {
        yield_from!(FromGenerator::new(MyGen { v }));
    }

    let v = Rc::new(Cell::new(None));
    let mut g = outer(v.clone());
    assert_eq!(g.start(), GeneratorState::Yielded(Some(42)));
    assert_eq!(g.resume((1, 2, 3, 4)), GeneratorState::Yielded(None));
    assert_eq!(v.get(), Some((1, 2, 3, 4)));
}

// ---------------------------------------------------------------------------------------------
// class TestInterestingEdgeCases (CPython 3.12 and later): the subtests that map to pygen.
// `yielded_first`, `yielded_second` and `returned` are strings instead of `object()`s; a
// thrown `Exception` and `BaseException` are the same `Err` here.

/// `Exception()` / `BaseException()` for `throw`.
#[derive(Clone, Debug, PartialEq)]
struct Thrown(&'static str);

/// CPython `TestInterestingEdgeCases.test_close_and_throw_work`: subtests "close" (and
/// "throw GeneratorExit", which is `close()` here) and "throw Exception" /
/// "throw BaseException". Not ported: "throw StopIteration" (PEP 479 has no counterpart).
#[test]
fn test_close_and_throw_work() {
    // subTest("close")
    #[generator(yield = &'static str)]
    fn inner() -> &'static str {
        yield_!("yielded_first");
        yield_!("yielded_second");
        "returned"
    }

    #[generator(yield = &'static str)]
    fn outer() -> &'static str {
        yield_from!(inner())
    }

    let mut g = outer();
    assert_eq!(g.next(), Some("yielded_first"));
    g.close();
    // assert_stop_iteration(g)
    assert!(g.is_complete());
    assert_eq!(g.next(), None);

    // The generators run to the end return `returned` through the delegation.
    let mut g = outer();
    assert_eq!(g.resume(()), GeneratorState::Yielded("yielded_first"));
    assert_eq!(g.resume(()), GeneratorState::Yielded("yielded_second"));
    assert_eq!(g.resume(()), GeneratorState::Complete("returned"));

    // subTest("throw Exception")
    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn inner_throw() -> Result<&'static str, Thrown> {
        yield_!("yielded_first")?;
        yield_!("yielded_second")?;
        Ok("returned")
    }

    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn outer_throw() -> Result<&'static str, Thrown> {
        yield_from!(inner_throw())
    }

    let mut g = outer_throw();
    assert_eq!(g.start(), GeneratorState::Yielded("yielded_first"));
    assert_eq!(
        g.resume(Err(Thrown("thrown"))),
        GeneratorState::Complete(Err(Thrown("thrown")))
    );
    assert!(g.is_complete());
}

/// CPython `TestInterestingEdgeCases.test_close_and_throw_raise_exception` (and
/// `test_close_and_throw_raise_base_exception`, the same here): `inner`'s `finally: raise
/// raised`. Subtests "close" (and "throw GeneratorExit") and "throw Exception". Not ported:
/// the `__context__` checks, and "throw StopIteration".
#[test]
fn test_close_and_throw_raise_exception() {
    // subTest("close")
    #[generator(yield = &'static str)]
    fn inner() -> &'static str {
        let _finally = FinallyRaise::silent("raised");
        yield_!("yielded_first");
        yield_!("yielded_second");
        "returned"
    }

    #[generator(yield = &'static str)]
    fn outer() -> &'static str {
        yield_from!(inner())
    }

    let mut g = outer();
    assert_eq!(g.next(), Some("yielded_first"));
    let err = catch_unwind(AssertUnwindSafe(|| g.close())).expect_err("close did not raise");
    assert_eq!(panic_message(err), "raised");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);

    // subTest("throw Exception"): the exception raised by `finally` replaces the thrown one.
    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn inner_throw() -> Result<&'static str, Thrown> {
        let _finally = FinallyRaise::silent("raised");
        yield_!("yielded_first")?;
        yield_!("yielded_second")?;
        Ok("returned")
    }

    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn outer_throw() -> Result<&'static str, Thrown> {
        yield_from!(inner_throw())
    }

    let mut g = outer_throw();
    assert_eq!(g.start(), GeneratorState::Yielded("yielded_first"));
    let err = catch_unwind(AssertUnwindSafe(|| g.resume(Err(Thrown("thrown")))))
        .expect_err("throw did not raise");
    assert_eq!(panic_message(err), "raised");
    assert!(g.is_complete());
}

/// CPython `TestInterestingEdgeCases.test_close_and_throw_yield`: `inner`'s `finally: yield
/// yielded_second`. Subtest "throw Exception" (and "throw BaseException"): the `finally`
/// yields while the thrown exception waits, which is then re-raised. Not ported: "close" and
/// "throw GeneratorExit" (a `finally` that yields during close is CPython's "generator
/// ignored GeneratorExit"; a Rust `Drop` cannot yield), "throw StopIteration".
#[test]
fn test_close_and_throw_yield() {
    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn inner() -> Result<&'static str, Thrown> {
        let tried = yield_!("yielded_first"); // try:
        yield_!("yielded_second")?; // finally:
        tried?;
        Ok("returned")
    }

    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn outer() -> Result<&'static str, Thrown> {
        yield_from!(inner())
    }

    let mut g = outer();
    assert_eq!(g.start(), GeneratorState::Yielded("yielded_first"));
    // self.assertEqual(g.throw(thrown), yielded_second)
    assert_eq!(
        g.resume(Err(Thrown("thrown"))),
        GeneratorState::Yielded("yielded_second")
    );
    // next(g) raises `thrown`
    assert_eq!(
        g.resume(Ok(())),
        GeneratorState::Complete(Err(Thrown("thrown")))
    );
    assert!(g.is_complete());

    // Without a throw, the `finally` yields and the value comes back.
    let mut g = outer();
    assert_eq!(g.start(), GeneratorState::Yielded("yielded_first"));
    assert_eq!(g.resume(Ok(())), GeneratorState::Yielded("yielded_second"));
    assert_eq!(g.resume(Ok(())), GeneratorState::Complete(Ok("returned")));
}

/// CPython `TestInterestingEdgeCases.test_close_and_throw_return`: `inner`'s `finally: return
/// returned`. Subtest "throw Exception" (and "throw BaseException"): the `return` in
/// `finally` swallows the thrown exception, and `throw` raises `StopIteration(returned)`.
/// Not ported: "close" (a `Drop` cannot return a value; closing is
/// `test_close_and_throw_work`'s "close"), "throw StopIteration".
#[test]
fn test_close_and_throw_return() {
    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn inner() -> &'static str {
        'try_: {
            if yield_!("yielded_first").is_err() {
                break 'try_;
            }
            if yield_!("yielded_second").is_err() {
                break 'try_;
            }
        }
        "returned" // finally: return returned
    }

    #[generator(yield = &'static str, resume = Result<(), Thrown>)]
    fn outer() -> &'static str {
        yield_from!(inner())
    }

    let mut g = outer();
    assert_eq!(g.start(), GeneratorState::Yielded("yielded_first"));
    assert_eq!(
        g.resume(Err(Thrown("thrown"))),
        GeneratorState::Complete("returned")
    );
    assert!(g.is_complete());
}

/// What `test_throws_in_iter` delegates to: an iterable whose `__iter__` raises.
struct Silly;

impl IntoIterator for Silly {
    type Item = i32;
    type IntoIter = std::iter::Empty<i32>;

    fn into_iter(self) -> std::iter::Empty<i32> {
        raise("nobody expects the spanish inquisition");
        std::iter::empty()
    }
}

/// CPython `TestInterestingEdgeCases.test_throws_in_iter` (GH-126366, CPython 3.14 and
/// backports): `yield from` an object whose `__iter__` raises.
#[test]
fn test_throws_in_iter() {
    #[generator(yield = i32)]
    fn my_generator() {
        yield_from!(Silly);
    }

    let mut g = my_generator();
    let err = catch_unwind(AssertUnwindSafe(|| g.next())).expect_err("__iter__ did not raise");
    assert_eq!(panic_message(err), "nobody expects the spanish inquisition");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
}
