//! Abuse that safe code can commit (issue 8): yield handles smuggled out of their generator,
//! generators dropped in the middle of a delegation, destructors and consumers that panic,
//! generators forgotten, delegation 10 000 levels deep, zero-sized and 4 KiB values. Each
//! test checks the behaviour (a panic with the right message, the right values, the right
//! order) and, through `tracking`, that every value created was dropped exactly once.
//!
//! Tests whose names start with `leaks_on_purpose_` leak heap memory with `mem::forget` and
//! are skipped by `scripts/sanitizers.sh` (the leak checkers would rightly report them).

mod tracking;

use futures::{FutureExt, StreamExt};
use pygen::delegate::FromGenerator;
use pygen::prelude::*;
use pygen::{Co, LocalBoxGen};
use std::cell::RefCell;
use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::mpsc;
use std::task::{Context, Poll, Waker};
use tracking::{PanicOnDrop, Tracked, Tracker, expect_panic, step};

const FOREIGN: &str = "inside a generator it does not belong to";
const OUTSIDE: &str = "awaited outside of its generator";

type Log = Rc<RefCell<Vec<String>>>;

/// Records `name` in the log when dropped, and holds a tracked value.
struct Finally {
    log: Log,
    name: &'static str,
    _value: Tracked,
}

impl Drop for Finally {
    fn drop(&mut self) {
        self.log.borrow_mut().push(format!("finally {}", self.name));
    }
}

fn finally(log: &Log, name: &'static str, t: Tracker) -> Finally {
    Finally {
        log: log.clone(),
        name,
        _value: t.make(),
    }
}

fn polled_once<F: Future>(fut: Pin<&mut F>, waker: &Waker) -> Poll<F::Output> {
    fut.poll(&mut Context::from_waker(waker))
}

// ---------------------------------------------------------------------------------------
// Yield handles leaked out of their generator.
// ---------------------------------------------------------------------------------------

#[test]
fn a_handle_leaked_through_a_channel_panics_in_the_generator_that_receives_it() {
    let t = Tracker::new();
    let (tx, rx) = mpsc::channel::<Co<Tracked>>();
    // The owner hands its handle to a channel and finishes.
    let mut owner = Gen::new(move |co: Co<Tracked>| async move {
        tx.send(co).unwrap();
        7
    });
    assert_eq!(owner.resume(()), GeneratorState::Complete(7));
    // A generator of the same types picks the handle up and yields through it.
    let mut thief = Gen::new(move |_own: Co<Tracked>| async move {
        let mut stolen = rx.recv().unwrap();
        stolen.yield_(t.make()).await;
    });
    let message = expect_panic(|| thief.next());
    assert!(message.contains(FOREIGN), "{message}");
    assert!(thief.is_complete());
    assert_eq!(thief.next(), None);
    t.assert_exact(1);
}

#[test]
fn a_handle_leaked_across_threads_panics_in_the_generator_of_the_other_thread() {
    let t = Tracker::new();
    let (tx, rx) = mpsc::channel::<Co<Tracked>>();
    let mut owner = Gen::new(move |mut co: Co<Tracked>| async move {
        co.yield_(t.make()).await;
        tx.send(co).unwrap();
    });
    assert!(owner.next().is_some());
    assert_eq!(owner.next(), None);
    let message = std::thread::spawn(move || {
        let stolen = rx.recv().unwrap();
        let mut there = Gen::new(move |_own: Co<Tracked>| async move {
            let mut stolen = stolen;
            stolen.yield_(t.make()).await;
        });
        expect_panic(|| there.next())
    })
    .join()
    .unwrap();
    assert!(message.contains(FOREIGN), "{message}");
    t.assert_exact(2);
}

/// A handle inside a struct, returned as the generator's return value.
struct Smuggler {
    co: Co<Tracked, Tracked>,
    note: &'static str,
}

fn smuggled() -> Smuggler {
    let mut g = Gen::new(|co: Co<Tracked, Tracked>| async move {
        Smuggler {
            co,
            note: "escaped",
        }
    });
    match g.start() {
        GeneratorState::Complete(smuggler) => smuggler,
        GeneratorState::Yielded(_) => unreachable!(),
    }
}

#[test]
fn a_handle_returned_in_a_struct_panics_under_an_executor_and_drops_its_value() {
    let t = Tracker::new();
    let mut smuggler = smuggled();
    assert_eq!(smuggler.note, "escaped");
    let message = expect_panic(|| {
        let mut yield_ = pin!(smuggler.co.yield_(t.make()));
        let _ = polled_once(yield_.as_mut(), Waker::noop());
    });
    assert!(message.contains(OUTSIDE), "{message}");
    // Under a real executor too, inside an async block.
    let message = expect_panic(|| {
        futures::executor::block_on(async {
            smuggler.co.yield_(t.make()).await;
        })
    });
    assert!(message.contains(OUTSIDE), "{message}");
    t.assert_exact(2);
}

#[test]
fn a_handle_used_after_its_generator_was_dropped_panics_in_an_async_generator() {
    let t = Tracker::new();
    let smuggler = smuggled();
    // An async generator of another yield type, under a real executor.
    let mut g = AsyncGen::new(move |_own: Co<String>| async move {
        let mut co = smuggler.co;
        futures::future::ready(()).await;
        co.yield_(t.make()).await;
    });
    let message = expect_panic(|| futures::executor::block_on(g.next()));
    assert!(message.contains(FOREIGN), "{message}");
    assert!(g.is_complete());
    t.assert_exact(1);
}

/// A `Delegate` implementation of the user's own that yields through a handle it smuggled
/// in, instead of the one `yield_from!` lends it. Its future owns that handle (a boxed `async`
/// block), so nothing is leaked.
struct Smuggle(Co<Tracked>, Vec<Tracked>);

impl pygen::delegate::Delegate for Smuggle {
    type Yield = u64;
    type Resume = ();
    type Return = ();
    type Future<'co> = Pin<Box<dyn Future<Output = ()> + 'co>>;

    fn delegate<'co>(self, _lent: &'co mut Co<u64>, _first: Option<()>) -> Self::Future<'co> {
        let Smuggle(mut smuggled, values) = self;
        Box::pin(async move { smuggled.yield_all(values).await })
    }
}

fn leaked_unit_handle() -> Co<Tracked> {
    let mut g = Gen::new(|co: Co<Tracked>| async move { co });
    g.resume(()).complete().unwrap()
}

#[test]
fn a_handle_used_through_a_delegate_impl_in_a_gen_block_of_another_type_panics() {
    let t = Tracker::new();
    let smuggle = Smuggle(leaked_unit_handle(), vec![t.make(), t.make()]);
    let mut block = gen_block!(move {
        yield_from!(smuggle);
        yield_!(1u64);
    });
    let message = expect_panic(|| block.next());
    assert!(message.contains(FOREIGN), "{message}");
    assert!(block.is_complete());
    t.assert_exact(2);
}

#[test]
fn a_handle_used_in_a_boxed_generator_of_another_type_panics() {
    let t = Tracker::new();
    let smuggler = smuggled();
    let mut boxed: LocalBoxGen<'_, String> = Gen::new(move |_own: Co<String>| async move {
        let mut co = smuggler.co;
        co.yield_(t.make()).await;
    })
    .boxed_local();
    let message = expect_panic(|| boxed.next());
    assert!(message.contains(FOREIGN), "{message}");
    assert!(boxed.is_complete());
    t.assert_exact(1);
}

#[test]
fn a_handle_parked_outside_and_taken_back_by_its_own_generator_still_works() {
    // Leaving the body is not in itself misuse: only yielding elsewhere is.
    let parked: Rc<RefCell<Option<Co<u8>>>> = Rc::default();
    let cell = parked.clone();
    let mut g = Gen::new(move |co: Co<u8>| async move {
        *cell.borrow_mut() = Some(co);
        let mut co = cell.borrow_mut().take().unwrap();
        co.yield_(1).await;
        co.yield_(2).await;
    });
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2]);
    assert!(parked.borrow().is_none());
}

// The outer generator's handle cannot be moved into an inline sub-generator while the
// delegation runs (the delegation future borrows it): `tests/ui/send_sync/
// outer_handle_moved_during_delegation.rs`.

#[test]
fn a_sub_generator_handle_returned_to_the_outer_generator_panics_there() {
    let t = Tracker::new();
    let mut outer = Gen::new(move |mut co: Co<Tracked>| async move {
        let inner = Gen::new(move |mut co: Co<Tracked>| async move {
            co.yield_(t.make()).await;
            co // the sub-generator's handle comes back as its return value
        });
        let mut inner_co = co.yield_from(inner).await;
        // The outer generator tries to yield through it: same types, but not its slot.
        inner_co.yield_(t.make()).await;
    });
    assert!(outer.next().is_some());
    let message = expect_panic(|| outer.next());
    assert!(message.contains(FOREIGN), "{message}");
    t.assert_exact(2);
}

// Two delegations (or yields) in flight in one step cannot exist: each future borrows the
// handle mutably (`tests/ui/send_sync/two_slot_futures_at_once.rs`).

// ---------------------------------------------------------------------------------------
// Generators dropped or closed in the middle of a delegation.
// ---------------------------------------------------------------------------------------

/// Yields a value, receives one, yields again, returns a third.
fn leaf(log: Log, t: Tracker) -> Gen<Tracked, Tracked, impl Future<Output = Tracked>> {
    Gen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let _finally = finally(&log, "leaf", t);
        let got = co.yield_(t.make()).await;
        log.borrow_mut().push("leaf resumed".into());
        let _kept = got;
        let _ = co.yield_(t.make()).await;
        t.make()
    })
}

/// How `middle` delegates to `leaf`.
#[derive(Clone, Copy, Debug)]
enum Via {
    /// A fresh generator by value: its body moves into the delegation (inline).
    Inline,
    /// A generator started before the delegation (its body already boxed), by value, with
    /// `yield_from_started`.
    Started,
    /// Type-erased: the re-yield loop.
    Boxed,
    /// Pinned in the delegating body, by reference.
    Pinned,
    /// Through `FromGenerator` (the re-yield loop over the `Generator` trait).
    FromGenerator,
}

const ALL_VIA: [Via; 5] = [
    Via::Inline,
    Via::Started,
    Via::Boxed,
    Via::Pinned,
    Via::FromGenerator,
];

/// Delegates to `leaf` (`via`), yields once more, returns a new value.
fn middle(log: Log, t: Tracker, via: Via) -> Gen<Tracked, Tracked, impl Future<Output = Tracked>> {
    Gen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let _finally = finally(&log, "middle", t);
        let sub = leaf(log.clone(), t);
        let ret = match via {
            Via::Inline => co.yield_from(sub).await,
            Via::Started => {
                // Start it here, pass its first value on, then delegate with the
                // resume value received for it.
                let mut sub = sub;
                let first = sub.start().yielded().unwrap();
                let resume = co.yield_(first).await;
                co.yield_from_started(sub, resume).await
            }
            Via::Boxed => co.yield_from(sub.boxed_local()).await,
            Via::Pinned => {
                let sub = pin!(sub);
                co.yield_from(sub).await
            }
            Via::FromGenerator => {
                let sub = pin!(sub);
                co.yield_from(FromGenerator::new(sub)).await
            }
        };
        let _ret = ret;
        co.yield_(t.make()).await;
        t.make()
    })
}

/// Delegates to `middle`, inline for `Via::Inline`, boxed otherwise, and returns its value.
fn top(log: Log, t: Tracker, via: Via) -> Gen<Tracked, Tracked, impl Future<Output = Tracked>> {
    Gen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let _finally = finally(&log, "top", t);
        let sub = middle(log.clone(), t, via);
        match via {
            Via::Inline => co.yield_from(sub).await,
            _ => co.yield_from(sub.boxed_local()).await,
        }
    })
}

/// Runs `top` for `steps` resumes (then drops or closes it, or runs it out), and returns the
/// log and the tracker.
fn run_top(via: Via, steps: usize, close: bool, pinned: bool) -> (Vec<String>, Tracker) {
    let t = Tracker::new();
    let log: Log = Rc::default();
    if pinned {
        // Resumed in place through `Pin<&mut Gen>`: never boxed.
        let mut g = pin!(top(log.clone(), t, via));
        for _ in 0..steps {
            if g.is_complete() {
                break;
            }
            drop(step!(g.as_mut(), t.make()));
        }
        if close {
            g.as_mut().close();
            assert!(g.is_complete());
        }
    } else {
        // Owned: boxed at the first resume.
        let mut g = top(log.clone(), t, via);
        for _ in 0..steps {
            if g.is_complete() {
                break;
            }
            drop(step!(g, t.make()));
        }
        if close {
            g.close();
            assert!(g.is_complete());
        }
    }
    let log = log.borrow().clone();
    (log, t)
}

#[test]
fn dropping_or_closing_mid_delegation_drops_inner_first_and_every_value_once() {
    for via in ALL_VIA {
        for close in [false, true] {
            for pinned in [false, true] {
                // 1 resume: started, inside the leaf. 2: in the leaf, after a resume value.
                for steps in [1, 2] {
                    let context = format!("{via:?} close={close} pinned={pinned} steps={steps}");
                    let (log, t) = run_top(via, steps, close, pinned);
                    let mut expected: Vec<&str> = Vec::new();
                    if steps == 2 {
                        expected.push("leaf resumed");
                    }
                    expected.extend(["finally leaf", "finally middle", "finally top"]);
                    assert_eq!(log, expected, "{context}");
                    // 3 `Finally` values, one value yielded, `steps - 1` resume values
                    // (the first step is a start) and, at step 2, one yield more.
                    t.assert_exact(3 + steps + steps - 1);
                }
            }
        }
    }
}

#[test]
fn running_every_delegation_to_its_end_drops_every_value_once() {
    for via in ALL_VIA {
        let (log, t) = run_top(via, 10, false, false);
        assert_eq!(
            log,
            [
                "leaf resumed",
                "finally leaf",
                "finally middle",
                "finally top"
            ],
            "{via:?}"
        );
        // 3 finally, 3 yields, 2 returns (`top` passes on `middle`'s), 3 resume values (it
        // completes at the 4th step; the first is a start).
        t.assert_exact(11);
    }
}

/// An async sub-generator that waits on a future the test controls.
fn async_leaf(
    log: Log,
    t: Tracker,
    gate: Rc<RefCell<bool>>,
) -> AsyncGen<Tracked, Tracked, impl Future<Output = Tracked>> {
    AsyncGen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let _finally = finally(&log, "async leaf", t);
        let got = co.yield_(t.make()).await;
        // Not ready until the test opens the gate.
        poll_fn(move |_| {
            if *gate.borrow() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
        log.borrow_mut().push("async leaf passed the gate".into());
        drop(got);
        co.yield_(t.make()).await;
        t.make()
    })
}

/// How `async_top` delegates to `async_leaf`: by value (fresh, its body moves into the
/// delegation), pinned in the body, or by value after starting it (its body already boxed).
#[derive(Clone, Copy, Debug)]
enum AsyncVia {
    Inline,
    Pinned,
    Started,
}

fn async_top(
    log: Log,
    t: Tracker,
    gate: Rc<RefCell<bool>>,
    via: AsyncVia,
) -> AsyncGen<Tracked, Tracked, impl Future<Output = Tracked>> {
    AsyncGen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let _finally = finally(&log, "async top", t);
        let sub = async_leaf(log.clone(), t, gate);
        let ret = match via {
            AsyncVia::Inline => co.yield_from(sub).await,
            AsyncVia::Pinned => {
                let sub = pin!(sub);
                co.yield_from(sub).await
            }
            AsyncVia::Started => {
                let mut sub = sub;
                let first = sub.start().await.yielded().unwrap();
                let resume = co.yield_(first).await;
                co.yield_from_started(sub, resume).await
            }
        };
        drop(ret);
        t.make()
    })
}

const ALL_ASYNC_VIA: [AsyncVia; 3] = [AsyncVia::Inline, AsyncVia::Pinned, AsyncVia::Started];

#[test]
fn dropping_an_async_generator_mid_delegation_while_the_sub_generator_waits() {
    for via in ALL_ASYNC_VIA {
        for close in [false, true] {
            let t = Tracker::new();
            let log: Log = Rc::default();
            let gate = Rc::new(RefCell::new(false));
            let mut g = async_top(log.clone(), t, gate.clone(), via);
            let waker = Waker::noop();
            let first = polled_once(pin!(g.start()), waker);
            assert!(matches!(first, Poll::Ready(GeneratorState::Yielded(_))));
            drop(first);
            // The resume value is taken by the delegation (re-yield loop) or by the
            // sub-generator's yield, then the sub-generator waits at the gate.
            let resume = t.make();
            let resume_id = resume.id();
            assert!(polled_once(pin!(g.resume(resume)), waker).is_pending());
            // The step is in progress: another value is refused (dropped by the unwinding),
            // `start()` carries the step on.
            let refused = expect_panic(|| polled_once(pin!(g.resume(t.make())), waker));
            assert!(refused.contains("finish the step first"), "{refused}");
            assert!(polled_once(pin!(g.start()), waker).is_pending());
            assert!(
                !t.is_dropped(resume_id),
                "the delivered resume value is alive"
            );
            if close {
                g.close();
            } else {
                drop(g);
            }
            assert_eq!(
                *log.borrow(),
                ["finally async leaf", "finally async top"],
                "{via:?} close={close}"
            );
            // 2 finally, 1 yield, 2 resume values (the second was refused and dropped with
            // its future).
            t.assert_exact(5);
        }
    }
}

#[test]
fn an_async_generator_waiting_inside_a_delegation_resumes_with_the_value_delivered_once() {
    for via in ALL_ASYNC_VIA {
        let t = Tracker::new();
        let log: Log = Rc::default();
        let gate = Rc::new(RefCell::new(false));
        let mut g = async_top(log.clone(), t, gate.clone(), via);
        futures::executor::block_on(async {
            assert!(matches!(g.start().await, GeneratorState::Yielded(_)));
            let resume = g.resume(t.make());
            let mut resume = pin!(resume);
            assert!(futures::poll!(resume.as_mut()).is_pending());
            *gate.borrow_mut() = true;
            assert!(matches!(resume.await, GeneratorState::Yielded(_)));
            assert!(matches!(
                g.resume(t.make()).await,
                GeneratorState::Complete(_)
            ));
        });
        assert_eq!(
            *log.borrow(),
            [
                "async leaf passed the gate",
                "finally async leaf",
                "finally async top"
            ],
            "{via:?}"
        );
        // 2 finally, 2 yields, 2 returns, 2 resume values.
        t.assert_exact(8);
    }
}

// ---------------------------------------------------------------------------------------
// Destructors that panic during close, drop and completion.
// ---------------------------------------------------------------------------------------

#[generator(yield = Tracked)]
fn bomb_between(t: Tracker, log: Log) {
    let _before = finally(&log, "declared before the bomb", t);
    let _bomb = PanicOnDrop("bomb in a destructor");
    let _after = finally(&log, "declared after the bomb", t);
    yield_!(t.make());
    yield_!(t.make());
}

#[test]
fn a_destructor_panicking_during_close_still_runs_the_others_once() {
    for pinned in [false, true] {
        let t = Tracker::new();
        let log: Log = Rc::default();
        let message = if pinned {
            let mut g = pin!(bomb_between(t, log.clone()));
            assert!(g.next().is_some());
            let message = expect_panic(|| g.as_mut().close());
            assert!(g.is_complete());
            g.as_mut().close(); // closing again does nothing
            assert_eq!(g.next(), None);
            message
        } else {
            let mut g = bomb_between(t, log.clone());
            assert!(g.next().is_some());
            let message = expect_panic(|| g.close());
            assert!(g.is_complete());
            g.close();
            assert_eq!(g.next(), None);
            message
        };
        assert_eq!(message, "bomb in a destructor");
        // Locals are dropped in reverse order of declaration, the panic does not stop them.
        assert_eq!(
            *log.borrow(),
            [
                "finally declared after the bomb",
                "finally declared before the bomb"
            ],
            "pinned={pinned}"
        );
        t.assert_exact(3);
    }
}

#[test]
fn a_destructor_panicking_during_drop_propagates_once_and_frees_the_box() {
    let t = Tracker::new();
    let log: Log = Rc::default();
    let mut g = bomb_between(t, log.clone());
    assert!(g.next().is_some()); // boxed now
    let message = expect_panic(move || drop(g));
    assert_eq!(message, "bomb in a destructor");
    assert_eq!(log.borrow().len(), 2);
    t.assert_exact(3);
}

#[test]
fn a_destructor_panicking_in_a_sub_generator_during_close_finishes_both() {
    for boxed in [false, true] {
        let t = Tracker::new();
        let log: Log = Rc::default();
        let inner = bomb_between(t, log.clone());
        let outer_log = log.clone();
        let mut g = Gen::new(move |mut co: Co<Tracked>| async move {
            let _outer = finally(&outer_log, "outer", t);
            if boxed {
                co.yield_from(inner.boxed_local()).await;
            } else {
                co.yield_from(inner).await;
            }
        });
        assert!(g.next().is_some());
        assert_eq!(expect_panic(|| g.close()), "bomb in a destructor");
        assert!(g.is_complete());
        assert_eq!(
            *log.borrow(),
            [
                "finally declared after the bomb",
                "finally declared before the bomb",
                "finally outer"
            ],
            "boxed={boxed}"
        );
        t.assert_exact(4);
    }
}

#[test]
fn a_destructor_panicking_when_the_body_returns_finishes_the_generator() {
    let t = Tracker::new();
    let kept = t.make();
    let kept_id = kept.id();
    let mut g = Gen::new(move |mut co: Co<Tracked>| async move {
        let _bomb = PanicOnDrop("bomb at the return");
        let _kept = kept;
        co.yield_(t.make()).await;
        t.make()
    });
    assert!(g.next().is_some());
    assert_eq!(expect_panic(|| g.resume(())), "bomb at the return");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    assert!(
        t.is_dropped(kept_id),
        "the other local was dropped by the unwinding"
    );
    // The return value, made just before the locals are dropped, is leaked by rustc itself
    // when a local's destructor panics at a return (rust-lang/rust#47949; a plain `fn` does
    // the same on rustc 1.95), so allow that one leak. What pygen controls: no value is
    // dropped twice and the generator is finished.
    let leaked = t.live();
    assert!(leaked <= 1, "{leaked} values leaked");
    t.assert_leaked(3, leaked);
}

#[test]
fn a_destructor_panicking_when_an_async_generator_is_closed() {
    let t = Tracker::new();
    let log: Log = Rc::default();
    let inner_log = log.clone();
    let mut g = AsyncGen::new(move |mut co: Co<Tracked>| async move {
        let _before = finally(&inner_log, "before", t);
        let _bomb = PanicOnDrop("async bomb");
        futures::future::ready(()).await;
        co.yield_(t.make()).await;
    });
    assert!(futures::executor::block_on(g.next()).is_some());
    assert_eq!(expect_panic(|| g.close()), "async bomb");
    assert!(g.is_complete());
    assert_eq!(futures::executor::block_on(g.next()), None);
    assert_eq!(*log.borrow(), ["finally before"]);
    t.assert_exact(2);
}

// ---------------------------------------------------------------------------------------
// Consumers that panic between resumes.
// ---------------------------------------------------------------------------------------

#[generator(yield = Tracked)]
fn five(t: Tracker, log: Log) -> usize {
    let _finally = finally(&log, "five", t);
    for _ in 0..5 {
        yield_!(t.make());
    }
    5
}

#[test]
fn a_consumer_panic_between_resumes_leaves_the_generator_usable() {
    let t = Tracker::new();
    let log: Log = Rc::default();
    let mut g = five(t, log.clone());
    let mut seen = 0;
    // The consumer panics while holding the second value.
    let caught = catch_unwind(AssertUnwindSafe(|| {
        for value in g.by_ref() {
            seen += 1;
            if seen == 2 {
                let _held = value;
                panic!("consumer failed");
            }
        }
    }));
    assert!(caught.is_err());
    assert!(!g.is_complete(), "the generator itself did not fail");
    assert!(log.borrow().is_empty());
    // It carries on from where it was.
    assert_eq!(g.by_ref().count(), 3);
    assert_eq!(g.next(), None);
    assert_eq!(*log.borrow(), ["finally five"]);
    t.assert_exact(6);
}

#[test]
fn a_consumer_panic_inside_fold_drops_the_generator_in_place() {
    // `fold`-based adapters pin the generator on the consumer's stack: the unwinding drops
    // it there.
    let t = Tracker::new();
    let log: Log = Rc::default();
    let g = five(t, log.clone());
    let mut seen = 0;
    let caught = catch_unwind(AssertUnwindSafe(|| {
        g.for_each(|_value| {
            seen += 1;
            if seen == 3 {
                panic!("consumer failed in fold");
            }
        });
    }));
    assert!(caught.is_err());
    assert_eq!(*log.borrow(), ["finally five"]);
    // 1 finally, 3 yields.
    t.assert_exact(4);
}

#[test]
fn a_consumer_panic_in_a_stream_adapter_leaves_the_async_generator_usable() {
    let t = Tracker::new();
    let mut g = AsyncGen::new(move |mut co: Co<Tracked>| async move {
        for _ in 0..4 {
            futures::future::ready(()).await;
            co.yield_(t.make()).await;
        }
    });
    let caught = catch_unwind(AssertUnwindSafe(|| {
        futures::executor::block_on(async {
            let mut n = 0;
            while let Some(_value) = g.next().await {
                n += 1;
                if n == 2 {
                    panic!("consumer failed");
                }
            }
        })
    }));
    assert!(caught.is_err());
    let mut rest = 0;
    futures::executor::block_on(async {
        while let Some(_value) = g.next().await {
            rest += 1;
        }
    });
    assert_eq!(rest, 2);
    t.assert_exact(4);
}

#[test]
fn a_consumer_panic_after_a_body_panic_sees_a_finished_generator() {
    let t = Tracker::new();
    let mut g = Gen::new(move |mut co: Co<Tracked>| async move {
        let _kept = t.make();
        co.yield_(t.make()).await;
        panic!("body failed");
    });
    assert!(g.next().is_some());
    assert_eq!(expect_panic(|| g.next()), "body failed");
    assert!(g.is_complete());
    let message = expect_panic(|| g.resume(()));
    assert!(message.contains("resumed after it completed"), "{message}");
    t.assert_exact(2);
}

// ---------------------------------------------------------------------------------------
// Generators forgotten with `mem::forget`: leaks are allowed, undefined behaviour is not.
// ---------------------------------------------------------------------------------------

#[generator(yield = u8)]
fn holds(_argument: Tracked, _log: Log) {
    yield_!(1);
}

#[test]
fn leaks_on_purpose_forgetting_an_unstarted_generator_leaks_its_arguments_only() {
    // An unstarted generator lives inline (no heap), so forgetting it leaks only its
    // arguments: here a tracked value (a plain id) and an `Rc`, whose count stays raised.
    let t = Tracker::new();
    let log: Log = Rc::default();
    let g = holds(t.make(), log.clone());
    std::mem::forget(g);
    assert_eq!(Rc::strong_count(&log), 2);
    t.assert_leaked(1, 1);
}

#[test]
fn leaks_on_purpose_forgetting_a_suspended_generator_runs_no_destructor() {
    let t = Tracker::new();
    let log: Log = Rc::default();
    let mut g = top(log.clone(), t, Via::Inline);
    let first = g.start();
    std::mem::forget(g);
    assert!(log.borrow().is_empty(), "no finally ran");
    drop(first);
    // 3 `Finally` values leaked with the box; the yield dropped.
    t.assert_leaked(4, 3);
    // A fresh generator after the forgotten one works normally.
    let (log, t) = run_top(Via::Inline, 10, false, false);
    assert_eq!(log.len(), 4);
    t.assert_exact(11);
}

#[test]
fn forgetting_a_yield_future_inside_the_body_leaks_its_value_only() {
    let t = Tracker::new();
    let mut g = Gen::new(move |mut co: Co<Tracked>| async move {
        std::mem::forget(co.yield_(t.make()));
        co.yield_(t.make()).await;
    });
    assert!(g.next().is_some());
    assert_eq!(g.next(), None);
    t.assert_leaked(2, 1);
}

#[test]
fn forgetting_a_resume_future_leaves_the_async_generator_usable() {
    let t = Tracker::new();
    let mut g = AsyncGen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let mut got = co.yield_(t.make()).await;
        loop {
            futures::future::ready(()).await;
            got = co.yield_(got).await;
        }
    });
    futures::executor::block_on(async {
        drop(g.start().await);
        // A resume future dropped before it was polled: its value is dropped with it.
        drop(g.resume(t.make()));
        // A resume future forgotten before it was polled: its value leaks, nothing else.
        std::mem::forget(g.resume(t.make()));
        let third = t.make();
        let id = third.id();
        match g.resume(third).await {
            GeneratorState::Yielded(echo) => assert_eq!(echo.id(), id),
            GeneratorState::Complete(()) => unreachable!(),
        }
    });
    drop(g);
    t.assert_leaked(4, 1);
}

// ---------------------------------------------------------------------------------------
// 10 000 levels of boxed recursion.
// ---------------------------------------------------------------------------------------

/// Delegation depth. Every level is a real nested call on the native stack (see below), so
/// Miri, which is about a thousand times slower, goes less deep.
const DEPTH: u32 = if cfg!(miri) { 50 } else { 10_000 };

/// Runs `f` on a thread with a 1 GiB stack. Why: pygen is stackless; a delegation is
/// a future polled inside the outer generator's poll, so resuming a chain of N boxed
/// generators makes N nested calls (`Gen::resume` -> `Resuming::poll` -> `Step::step` ->
/// the sub-generator's `resume` ...), several hundred bytes of stack per level in a debug
/// build (more under AddressSanitizer, whose redzones grow every frame), and dropping the
/// chain recurses as deep. 10 000 levels do not fit the 2 MiB of a test thread; the big
/// stack is only reserved address space, touched pages alone use memory.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("deep recursion".into())
        .stack_size(1 << 30)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
}

/// Yields 3 values at the bottom, nothing on the way; returns the depth it went through.
#[generator(yield = Tracked, send)]
fn deep(level: u32, t: Tracker, panic_at_bottom: bool) -> u32 {
    let _held = t.make(); // one live value per level
    if level == 0 {
        for _ in 0..3 {
            yield_!(t.make());
        }
        if panic_at_bottom {
            panic!("bottom of the recursion");
        }
        return 0;
    }
    let below = yield_from!(deep(level - 1, t, panic_at_bottom).boxed());
    below + 1
}

#[test]
fn ten_thousand_levels_of_boxed_recursion_run_to_completion() {
    on_big_stack(|| {
        let t = Tracker::new();
        let mut g = deep(DEPTH, t, false);
        let mut yielded = 0;
        let depth = loop {
            match g.resume(()) {
                GeneratorState::Yielded(value) => {
                    yielded += 1;
                    // Every level holds its value while the bottom yields.
                    assert_eq!(t.live(), DEPTH as usize + 1 + 1);
                    drop(value);
                }
                GeneratorState::Complete(depth) => break depth,
            }
        };
        assert_eq!((yielded, depth), (3, DEPTH));
        t.assert_exact(DEPTH as usize + 1 + 3);
    });
}

#[test]
fn ten_thousand_levels_of_boxed_recursion_dropped_in_the_middle() {
    on_big_stack(|| {
        let t = Tracker::new();
        let mut g = deep(DEPTH, t, false);
        assert!(g.next().is_some());
        assert_eq!(t.live(), DEPTH as usize + 1);
        drop(g); // every level's body is dropped, innermost first
        t.assert_exact(DEPTH as usize + 2);
    });
}

#[test]
fn a_panic_at_the_bottom_of_ten_thousand_levels_unwinds_through_all_of_them() {
    on_big_stack(|| {
        let t = Tracker::new();
        let mut g = deep(DEPTH, t, true);
        assert_eq!(g.by_ref().take(3).count(), 3);
        assert_eq!(expect_panic(|| g.next()), "bottom of the recursion");
        assert!(g.is_complete());
        assert_eq!(g.next(), None);
        t.assert_exact(DEPTH as usize + 4);
    });
}

// ---------------------------------------------------------------------------------------
// Zero-sized and large (4 KiB) yield, resume and return types.
// ---------------------------------------------------------------------------------------

/// A zero-sized value whose drops are counted (per thread, so tests do not interfere).
struct Nothing;

thread_local! {
    static NOTHING_DROPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Drop for Nothing {
    fn drop(&mut self) {
        NOTHING_DROPS.with(|n| n.set(n.get() + 1));
    }
}

fn nothing_drops() -> usize {
    NOTHING_DROPS.with(std::cell::Cell::get)
}

#[test]
fn zero_sized_yield_resume_and_return_values_with_drop_side_effects() {
    const _: () = assert!(size_of::<Nothing>() == 0);
    let before = nothing_drops();
    let mut g = Gen::new(|mut co: Co<Nothing, Nothing>| async move {
        let mut received = 0;
        for _ in 0..1000 {
            let resume: Nothing = co.yield_(Nothing).await;
            drop(resume);
            received += 1;
        }
        (received, Nothing)
    });
    let mut yields = 0;
    let mut state = g.start();
    loop {
        match state {
            GeneratorState::Yielded(value) => {
                drop(value);
                yields += 1;
                state = g.resume(Nothing);
            }
            GeneratorState::Complete((received, ret)) => {
                assert_eq!(received, 1000);
                drop(ret);
                break;
            }
        }
    }
    assert_eq!(yields, 1000);
    // 1000 yielded, 1000 resumed, 1 returned.
    assert_eq!(nothing_drops() - before, 2001);
}

#[test]
fn zero_sized_values_through_every_kind_of_delegation() {
    let before = nothing_drops();
    let sub = || {
        Gen::new(|mut co: Co<Nothing, Nothing>| async move {
            drop(co.yield_(Nothing).await);
            Nothing
        })
    };
    let mut g = Gen::new(move |mut co: Co<Nothing, Nothing>| async move {
        drop(co.yield_from(sub()).await);
        drop(co.yield_from(sub().boxed_local()).await);
        let pinned = pin!(sub());
        drop(co.yield_from(pinned).await);
    });
    let mut state = g.start();
    let mut yields = 0;
    while let GeneratorState::Yielded(value) = state {
        drop(value);
        yields += 1;
        state = g.resume(Nothing);
    }
    assert_eq!(yields, 3);
    // 3 yields, 3 resumes, 3 sub-generator returns.
    assert_eq!(nothing_drops() - before, 9);
}

/// 4 KiB, with a pattern that tells whether it arrived whole.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Page([u8; 4096]);

impl Page {
    fn filled(seed: u8) -> Self {
        let mut bytes = [0u8; 4096];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = seed.wrapping_add((i % 251) as u8);
        }
        Page(bytes)
    }
}

fn page_doubler() -> Gen<Page, Page, impl Future<Output = Page>> {
    // Yields a page made from the resume value's seed (first byte) + 1, 3 times, then returns
    // the last page received.
    Gen::new(|mut co: Co<Page, Page>| async move {
        let mut page = co.yield_(Page::filled(0)).await;
        for _ in 0..3 {
            assert_eq!(page, Page::filled(page.0[0]), "a resume page arrived whole");
            let next = Page::filled(page.0[0].wrapping_add(1));
            page = co.yield_(next).await;
        }
        page
    })
}

fn drive_pages<G: Generator<Page, Yield = Page, Return = Page>>(mut g: Pin<&mut G>) -> Vec<u8> {
    let mut seeds = Vec::new();
    let mut state = g.as_mut().start();
    let mut seed = 10u8;
    loop {
        match state {
            GeneratorState::Yielded(page) => {
                assert_eq!(
                    page,
                    Page::filled(page.0[0]),
                    "a yielded page arrived whole"
                );
                seeds.push(page.0[0]);
                seed += 10;
                state = g.as_mut().resume(Page::filled(seed));
            }
            GeneratorState::Complete(page) => {
                assert_eq!(page, Page::filled(seed));
                seeds.push(page.0[0]);
                return seeds;
            }
        }
    }
}

#[test]
fn four_kib_yield_resume_and_return_values_arrive_whole() {
    let expected = [0, 21, 31, 41, 50];
    // Pinned in place.
    assert_eq!(drive_pages(pin!(page_doubler())), expected);
    // Owned (boxed at the first resume), through `Box::pin`.
    assert_eq!(drive_pages(Box::pin(page_doubler()).as_mut()), expected);
    // Type-erased.
    let mut boxed = page_doubler().boxed_local();
    assert_eq!(drive_pages(Pin::new(&mut boxed)), expected);
    // Delegated to, inline and through the re-yield loop.
    let mut inline = pin!(Gen::new(|mut co: Co<Page, Page>| async move {
        co.yield_from(page_doubler()).await
    }));
    assert_eq!(drive_pages(inline.as_mut()), expected);
    let mut looped = pin!(Gen::new(|mut co: Co<Page, Page>| async move {
        co.yield_from(page_doubler().boxed_local()).await
    }));
    assert_eq!(drive_pages(looped.as_mut()), expected);
}

#[test]
fn four_kib_values_through_an_async_generator() {
    let g = AsyncGen::new(|mut co: Co<Page>| async move {
        for seed in 0..4u8 {
            futures::future::ready(()).await;
            co.yield_(Page::filled(seed)).await;
        }
        Page::filled(99)
    });
    let pages: Vec<Page> = futures::executor::block_on(g.collect());
    assert_eq!(pages, (0..4).map(Page::filled).collect::<Vec<_>>());
}

// ---------------------------------------------------------------------------------------
// Delegation to a generator that has already started.
// ---------------------------------------------------------------------------------------

fn one_two_three() -> Gen<u8, (), impl Future<Output = &'static str>> {
    Gen::new(|mut co: Co<u8>| async move {
        co.yield_(1).await;
        co.yield_(2).await;
        co.yield_(3).await;
        "sub done"
    })
}

#[test]
fn yield_from_macro_continues_a_started_sub_generator_whatever_its_storage() {
    // Owned and started: its body is in a box. Pinned and started: in place.
    let mut owned = one_two_three();
    assert_eq!(owned.next(), Some(1));
    let mut pinned = Box::pin(one_two_three());
    assert_eq!(pinned.as_mut().next(), Some(1));
    let g = gen_block!(move {
        yield_!(0);
        let a = yield_from!(owned);
        yield_!(10);
        let b = yield_from!(pinned.as_mut());
        assert!(pinned.is_complete());
        (a, b)
    });
    assert_eq!(g.collect::<Vec<_>>(), [0, 2, 3, 10, 2, 3]);
}

#[test]
fn co_yield_from_of_a_started_sub_generator_panics_as_documented() {
    // `Co::yield_from` has no resume value for a sub-generator waiting at a `yield_!`
    // (`yield_from!` passes `()`; `yield_from_started` takes one): its future panics, saying
    // so.
    let mut sub = one_two_three();
    assert_eq!(sub.next(), Some(1));
    let mut outer = Gen::new(move |mut co: Co<u8>| async move {
        co.yield_(0).await; // this resume's value is taken here
        co.yield_from(sub).await
    });
    assert_eq!(outer.next(), Some(0));
    let message = expect_panic(|| outer.next());
    assert!(message.contains("has already started"), "{message}");
    assert!(outer.is_complete());
}

#[test]
fn co_yield_from_of_a_started_sub_generator_at_the_first_resume_panics_too() {
    let mut sub = Gen::new(|mut co: Co<u8, u8>| async move { co.yield_(1).await });
    assert_eq!(sub.start(), GeneratorState::Yielded(1));
    let mut outer = Gen::new(move |mut co: Co<u8, u8>| async move { co.yield_from(sub).await });
    // A value sent to the outer generator before it started is refused before anything runs
    // (it once reached the started sub-generator as its resume value).
    let refused = expect_panic(|| outer.resume(42));
    assert!(refused.contains("call `start()` first"), "{refused}");
    assert_eq!(outer.status(), pygen::Status::Created);
    // Started, the delegation finds the sub-generator waiting for a value it does not have.
    let message = expect_panic(|| outer.start());
    assert!(message.contains("has already started"), "{message}");
    assert!(outer.is_complete());
}

#[test]
fn a_pinned_sub_generator_outlives_a_dropped_delegation_and_resumes_directly() {
    // The outer generator borrows a pinned sub-generator, is dropped in the middle of the
    // delegation, and the sub-generator carries on where it was, driven directly.
    let t = Tracker::new();
    let log: Log = Rc::default();
    let mut sub = pin!(leaf(log.clone(), t));
    {
        let sub = sub.as_mut();
        let mut outer =
            Gen::new(move |mut co: Co<Tracked, Tracked>| async move { co.yield_from(sub).await });
        drop(outer.start()); // the sub-generator's first yield, through the outer one
        let resume = t.make();
        drop(outer.resume(resume)); // "leaf resumed", its second yield
    }
    assert_eq!(*log.borrow(), ["leaf resumed"]);
    assert!(!sub.is_complete());
    match sub.as_mut().resume(t.make()) {
        GeneratorState::Complete(ret) => drop(ret),
        GeneratorState::Yielded(_) => panic!("the leaf had one yield left"),
    }
    assert_eq!(*log.borrow(), ["leaf resumed", "finally leaf"]);
    // 1 finally, 2 yields, 2 resume values, 1 return.
    t.assert_exact(6);
}

/// How `survives_a_caught_sub_generator_panic` delegates.
#[derive(Clone, Copy, Debug)]
enum Caught {
    Inline,
    Pinned,
    Boxed,
}

/// An outer generator that catches its sub-generator's panic (with `FutureExt::catch_unwind`
/// on the delegation) and then yields again through its own handle, in the same step: the
/// delegation must have given the slot back (raw.rs, `with_delegate`) even though it unwound.
/// Returns what the outer generator's second step did.
fn survives_a_caught_sub_generator_panic(via: Caught, t: Tracker) -> Result<bool, String> {
    let mut g = Gen::new(move |mut co: Co<Tracked>| async move {
        let sub = Gen::new(move |mut co: Co<Tracked>| async move {
            co.yield_(t.make()).await;
            panic!("sub-generator failed");
        });
        let caught = match via {
            Caught::Inline => AssertUnwindSafe(co.yield_from(sub)).catch_unwind().await,
            Caught::Pinned => {
                let sub = pin!(sub);
                AssertUnwindSafe(co.yield_from(sub)).catch_unwind().await
            }
            Caught::Boxed => {
                AssertUnwindSafe(co.yield_from(sub.boxed_local()))
                    .catch_unwind()
                    .await
            }
        };
        assert!(caught.is_err());
        co.yield_(t.make()).await;
    });
    assert!(g.next().is_some());
    let second = catch_unwind(AssertUnwindSafe(|| g.next().is_some()))
        .map_err(|payload| tracking::panic_message(&*payload));
    if second.is_ok() {
        assert_eq!(g.next(), None);
    }
    second
}

#[test]
fn catching_a_boxed_sub_generator_panic_inside_the_body_lets_the_body_yield_again() {
    let t = Tracker::new();
    assert_eq!(
        survives_a_caught_sub_generator_panic(Caught::Boxed, t),
        Ok(true)
    );
    t.assert_exact(2);
}

#[test]
fn catching_an_in_place_sub_generator_panic_inside_the_body_lets_the_body_yield_again() {
    for via in [Caught::Inline, Caught::Pinned] {
        let t = Tracker::new();
        assert_eq!(
            survives_a_caught_sub_generator_panic(via, t),
            Ok(true),
            "{via:?}"
        );
        t.assert_exact(2);
    }
}

// ---------------------------------------------------------------------------------------
// Aliasing: a generator pinned in place, queried through `&self` between resumes. These
// pass natively whatever pygen does; they are for Miri, which reported both as undefined
// behaviour until the inline body was put in an `UnsafeCell` (storage.rs, invariant 4).
// ---------------------------------------------------------------------------------------

/// The body keeps a mutable borrow of its own local (stored in the state machine, inline in
/// the pinned generator) across its yields, writing through it on both sides of each yield,
/// and the generator is pinned in place and iterated: `Pin<&mut Gen>`'s `next()` checks
/// `is_complete()` through `&Gen`, a shared reference that covers the inline body, that
/// borrow included.
#[test]
fn a_pinned_generator_whose_body_borrows_its_own_local_mutably_is_iterated() {
    let g = pin!(Gen::new(|mut co: Co<u32>| async move {
        let mut count = 0u32;
        let counter = &mut count;
        for _ in 0..3 {
            *counter += 1;
            co.yield_(*counter).await;
            *counter += 10;
        }
        count
    }));
    assert_eq!(g.collect::<Vec<_>>(), [1, 12, 23]);
}

/// The async counterpart: a body that fills a local buffer through a future that holds
/// `&mut buffer` across a wait (writing before and after it, like a read that makes progress
/// on each poll), streamed pinned in place: `Stream::poll_next` checks whether the generator
/// is complete through `&AsyncGen`.
#[test]
fn a_pinned_async_generator_whose_body_fills_a_local_buffer_is_streamed() {
    /// Writes into a borrowed buffer on each poll; ready on the second one.
    struct Fill<'a>(&'a mut [u8; 2], usize);
    impl Future for Fill<'_> {
        type Output = u8;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
            let i = self.1;
            self.0[i] = 7;
            self.1 += 1;
            if self.1 == 2 {
                Poll::Ready(self.0[0] + self.0[1])
            } else {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
    let g = pin!(AsyncGen::new(|mut co: Co<u8>| async move {
        let mut buffer = [0u8; 2];
        for _ in 0..3 {
            let filled = Fill(&mut buffer, 0).await;
            co.yield_(filled).await;
        }
    }));
    let sums: Vec<u8> = futures::executor::block_on(g.collect());
    assert_eq!(sums, [14, 14, 14]);
}
