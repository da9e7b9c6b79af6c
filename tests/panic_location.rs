//! Misuse panics report the user's line, not one of pygen's source files: every public path
//! that can panic on misuse is `#[track_caller]` down to the panic (`gen-core/src/panics.rs`).
//!
//! Each case runs the misuse under `catch_unwind` with a panic hook that records
//! `PanicHookInfo::location()`, and checks that the location is this file and the line of the
//! call that misused the generator. What each kind of call reports:
//!
//! - a synchronous call (`resume`, `start`, `throw`, `next`, owned, pinned or boxed): the line
//!   of the call;
//! - an async call (`resume(v).await`, `start().await`, `next().await`): the line of the
//!   `.await` that polls the future (the future is polled there, and the misuse is found when
//!   it is polled), except `AsyncGen::start()`, which checks at once and reports the line of
//!   the call itself;
//! - a yield handle (`Co`) used outside its generator: the line of the `co.yield_(..).await`
//!   that polls it, wherever that is (under an executor, or in another generator's body);
//! - a synchronous generator awaiting a foreign future: the line of the resume (`next()`) that
//!   found it, since the await itself is legitimate Rust that only the driver can refuse;
//! - a boxed generator (`LocalBoxGen`, `BoxGen`), resumed through `dyn Generator`: the line of
//!   the call too, because `Generator::resume`, `Generator::start` and
//!   `AsyncGenerator::poll_resume` are `#[track_caller]` in the traits themselves (an
//!   attribute on the impls alone is lost in a call through a trait object);
//! - `yield_from!(g)` / `co.yield_from(g)` of a generator that has completed: the line of the
//!   delegation (`Delegate::delegate`, `Co::yield_from` and what `yield_from!` calls are
//!   `#[track_caller]`, in the trait too).
//!
//! `next()` after completion is not a misuse: it returns `None` (`FusedIterator`), checked
//! here too.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::pin::pin;
use std::sync::Once;

use pygen::prelude::*;
use pygen::{AsyncGenerator, Co};

/// Where a panic was raised, and its message.
#[derive(Debug)]
struct Raised {
    file: String,
    line: u32,
    message: String,
}

thread_local! {
    /// The panic of this thread's `raised` call (tests run on several threads; the hook is
    /// global). `None` while no `raised` call is running: the hook then prints as usual.
    static CAUGHT: RefCell<Option<Option<Raised>>> = const { RefCell::new(None) };
}

/// Runs `f`, which must panic, and returns where it panicked. The hook records the location
/// instead of printing the panic; other panics (a failed assertion) are printed as usual.
fn raised(f: impl FnOnce()) -> Raised {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let print = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CAUGHT.with(|caught| caught.borrow().is_none()) {
                return print(info);
            }
            let location = info.location().expect("panics carry a location");
            let message = match info.payload().downcast_ref::<&str>() {
                Some(text) => (*text).to_owned(),
                None => info
                    .payload()
                    .downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_default(),
            };
            CAUGHT.with(|caught| {
                *caught.borrow_mut() = Some(Some(Raised {
                    file: location.file().to_owned(),
                    line: location.line(),
                    message,
                }))
            });
        }));
    });
    CAUGHT.with(|caught| *caught.borrow_mut() = Some(None));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    let caught = CAUGHT.with(|caught| caught.borrow_mut().take());
    assert!(result.is_err(), "expected a panic");
    caught.flatten().expect("the hook saw the panic")
}

thread_local! {
    /// The line [`noted`] was last called from, on this thread.
    static NOTED: Cell<u32> = const { Cell::new(0) };
}

/// Returns `value`, noting `line`: `co.yield_(noted(line!(), 1)).await` records the line of
/// an expression inside a generator body, where the panic is expected, in a way `cargo fmt`
/// cannot split over two lines.
fn noted<T>(line: u32, value: T) -> T {
    NOTED.with(|noted| noted.set(line));
    value
}

/// Checks that the misuse written on one line panics with a message containing `says`, at
/// that line of this file (`line!()` in a macro is the line of the invocation). Keep each
/// invocation short enough for `cargo fmt` to leave it on one line.
macro_rules! panics_at_this_line {
    ($says:expr, $($misuse:tt)*) => {{
        let raised = raised(|| {
            $($misuse)*;
        });
        let expected = (file!(), line!());
        assert!(raised.message.contains($says), "unexpected message: {}", raised.message);
        assert_eq!(
            (raised.file.as_str(), raised.line),
            expected,
            "the panic should report the user's line; it reported {}:{} ({})",
            raised.file,
            raised.line,
            raised.message
        );
    }};
}

const COMPLETED: &str = "resumed after it completed";
const NOT_STARTED: &str = "has not started";
const STARTED: &str = "`start()` called on a generator that is suspended";
const MID_STEP: &str = "still running that step";
const OUTSIDE: &str = "awaited outside of its generator";
const FOREIGN: &str = "does not belong";
const FOREIGN_FUTURE: &str = "awaited a future that is not `yield_!`";

#[generator(yield = u32)]
fn one() {
    yield_!(1);
}

#[generator(yield = u32, resume = u32)]
fn echo() {
    let mut x = yield_!(0);
    loop {
        x = yield_!(x);
    }
}

#[generator(yield = u32, resume = Result<u32, String>)]
fn catcher() {
    let mut n = 0;
    loop {
        n = yield_!(n).unwrap_or(0);
    }
}

#[generator(yield = u32)]
async fn one_async() {
    yield_!(1);
}

#[generator(yield = u32, resume = u32)]
async fn echo_async() {
    let mut x = yield_!(0);
    loop {
        x = yield_!(x);
    }
}

/// A future that is pending once (and wakes its waker), then ready.
struct PendingOnce(bool);

impl Future for PendingOnce {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}

#[generator(yield = u32, resume = u32)]
async fn slow_echo() {
    let mut x = yield_!(0);
    loop {
        PendingOnce(false).await;
        x = yield_!(x);
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    futures::executor::block_on(future)
}

// ---------------------------------------------------------------------------------------
// Resumed after completion.
// ---------------------------------------------------------------------------------------

#[test]
fn resume_after_completion_reports_the_call() {
    let mut g = one();
    g.by_ref().for_each(drop);
    panics_at_this_line!(COMPLETED, g.resume(()));
    panics_at_this_line!(COMPLETED, g.start());
}

#[test]
fn next_after_completion_is_none_not_a_panic() {
    let mut g = one();
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.next(), None);
    assert_eq!(g.next(), None);
    let mut pinned = pin!(one());
    assert_eq!(pinned.as_mut().count(), 1);
    assert_eq!(pinned.next(), None);
}

#[test]
fn pinned_resume_after_completion_reports_the_call() {
    let mut g = pin!(one());
    g.as_mut().for_each(drop);
    panics_at_this_line!(COMPLETED, g.as_mut().resume(()));
    panics_at_this_line!(COMPLETED, g.as_mut().start());
}

#[test]
fn boxed_resume_after_completion_reports_the_call() {
    let mut local = one().boxed_local();
    local.by_ref().for_each(drop);
    panics_at_this_line!(COMPLETED, local.resume(()));
    let mut boxed = echo().boxed();
    boxed.close();
    panics_at_this_line!(COMPLETED, boxed.resume(1));
    panics_at_this_line!(COMPLETED, boxed.start());
}

#[test]
fn throw_after_completion_reports_the_call() {
    let mut g = catcher();
    g.close();
    panics_at_this_line!(COMPLETED, g.throw("late".into()));
    let mut boxed = catcher().boxed_local();
    boxed.close();
    panics_at_this_line!(COMPLETED, boxed.throw("late".into()));
}

// ---------------------------------------------------------------------------------------
// `resume(v)` before `start()`.
// ---------------------------------------------------------------------------------------

#[test]
fn resume_before_start_reports_the_call() {
    let mut g = echo();
    panics_at_this_line!(NOT_STARTED, g.resume(5));
    // Refused before anything ran: the generator is still usable.
    assert_eq!(g.start(), GeneratorState::Yielded(0));

    let mut pinned = pin!(echo());
    panics_at_this_line!(NOT_STARTED, pinned.as_mut().resume(5));
    assert_eq!(pinned.as_mut().start(), GeneratorState::Yielded(0));

    let mut local = echo().boxed_local();
    panics_at_this_line!(NOT_STARTED, local.resume(5));
    let mut boxed = echo().boxed();
    panics_at_this_line!(NOT_STARTED, boxed.resume(5));

    let mut thrown = catcher();
    panics_at_this_line!(NOT_STARTED, thrown.throw("early".into()));
}

// ---------------------------------------------------------------------------------------
// `start()` twice.
// ---------------------------------------------------------------------------------------

#[test]
fn start_twice_reports_the_call_owned() {
    let mut g = echo();
    g.start();
    panics_at_this_line!(STARTED, g.start());
    assert_eq!(g.resume(3), GeneratorState::Yielded(3));
}

#[test]
fn start_twice_reports_the_call_pinned() {
    let mut g = pin!(echo());
    g.as_mut().start();
    panics_at_this_line!(STARTED, g.as_mut().start());
    assert_eq!(g.as_mut().resume(3), GeneratorState::Yielded(3));
}

#[test]
fn start_twice_reports_the_call_boxed() {
    let mut local = echo().boxed_local();
    local.start();
    panics_at_this_line!(STARTED, local.start());
    let mut boxed = echo().boxed();
    boxed.start();
    panics_at_this_line!(STARTED, boxed.start());
}

// ---------------------------------------------------------------------------------------
// Async generators: the `.await` that polls the misused future.
// ---------------------------------------------------------------------------------------

#[test]
fn async_resume_after_completion_reports_the_await() {
    let mut g = echo_async();
    g.close();
    panics_at_this_line!(COMPLETED, block_on(async { g.resume(1).await }));
    // `start()` checks at once: the call's line.
    panics_at_this_line!(COMPLETED, drop(g.start()));
}

#[test]
fn async_next_after_completion_is_none_not_a_panic() {
    let mut g = one_async();
    assert_eq!(block_on(g.next()), Some(1));
    assert_eq!(block_on(g.next()), None);
    assert_eq!(block_on(g.next()), None);
}

#[test]
fn pinned_async_resume_after_completion_reports_the_await() {
    let mut g = pin!(echo_async());
    g.as_mut().close();
    panics_at_this_line!(COMPLETED, block_on(async { g.as_mut().resume(1).await }));
}

#[test]
fn async_resume_before_start_reports_the_await() {
    let mut g = echo_async();
    panics_at_this_line!(NOT_STARTED, block_on(async { g.resume(1).await }));
    assert_eq!(block_on(g.start()), GeneratorState::Yielded(0));

    let mut pinned = pin!(echo_async());
    let p = pinned.as_mut();
    panics_at_this_line!(NOT_STARTED, block_on(async { p.resume(1).await }));
}

#[test]
fn async_start_twice_reports_the_call_owned() {
    let mut g = echo_async();
    block_on(g.start());
    panics_at_this_line!(STARTED, drop(g.start()));
}

#[test]
fn async_start_twice_reports_the_await_pinned() {
    let mut g = pin!(echo_async());
    block_on(g.as_mut().start());
    panics_at_this_line!(STARTED, block_on(async { g.as_mut().start().await }));
}

#[test]
fn async_resume_mid_step_reports_the_await() {
    let mut g = slow_echo();
    block_on(g.start());
    // Polled once: the body takes 1, then waits on `PendingOnce`; the future is dropped.
    {
        let mut step = pin!(g.resume(1));
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        assert!(step.as_mut().poll(&mut cx).is_pending());
    }
    assert_eq!(g.status(), pygen::Status::Awaiting);
    panics_at_this_line!(MID_STEP, block_on(async { g.resume(2).await }));
    // `start()` finishes the step.
    assert_eq!(block_on(g.start()), GeneratorState::Yielded(1));
}

// ---------------------------------------------------------------------------------------
// A yield handle leaked out of its generator.
// ---------------------------------------------------------------------------------------

/// A generator's handle, returned by it as its return value.
fn leaked_handle() -> Co<u32> {
    let mut g = Gen::new(|co: Co<u32>| async move { co });
    match g.resume(()) {
        GeneratorState::Complete(co) => co,
        GeneratorState::Yielded(_) => unreachable!(),
    }
}

#[test]
fn a_leaked_handle_awaited_under_an_executor_reports_the_await() {
    let mut co = leaked_handle();
    panics_at_this_line!(OUTSIDE, block_on(async { co.yield_(1).await }));
}

#[test]
fn a_leaked_handle_awaited_in_another_generator_reports_the_await() {
    let co = leaked_handle();
    let mut thief = Gen::new(move |_own: Co<u32>| {
        let mut stolen = co;
        async move {
            stolen.yield_(noted(line!(), 1)).await;
        }
    });
    let raised = raised(|| {
        thief.next();
    });
    assert!(raised.message.contains(FOREIGN), "{}", raised.message);
    let expected = (file!(), NOTED.with(Cell::get));
    assert_eq!((raised.file.as_str(), raised.line), expected, "{raised:?}");
}

#[test]
fn a_sync_generator_awaiting_a_foreign_future_reports_the_resume() {
    let mut g = Gen::new(|mut co: Co<u32>| async move {
        PendingOnce(false).await;
        co.yield_(1).await;
    });
    panics_at_this_line!(FOREIGN_FUTURE, g.next());
}

#[test]
fn co_yield_from_of_a_completed_generator_reports_the_call() {
    let mut done = one();
    done.by_ref().for_each(drop);
    let mut outer = Gen::new(move |mut co: Co<u32>| async move {
        co.yield_from(noted(line!(), done)).await;
    });
    let got = raised(|| {
        outer.next();
    });
    assert!(got.message.contains("already completed"), "{}", got.message);
    let expected = (file!(), NOTED.with(Cell::get));
    assert_eq!((got.file.as_str(), got.line), expected, "{got:?}");
}

#[test]
fn yield_from_macro_of_a_completed_generator_reports_the_yield_from() {
    let mut done = one();
    done.by_ref().for_each(drop);
    let mut outer = gen_block!(move {
        yield_from!(noted(line!(), done));
    });
    let got = raised(|| {
        outer.next();
    });
    assert!(got.message.contains("already completed"), "{}", got.message);
    let expected = (file!(), NOTED.with(Cell::get));
    assert_eq!((got.file.as_str(), got.line), expected, "{got:?}");
}
