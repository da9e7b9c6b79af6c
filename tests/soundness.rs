//! Misuse the type system cannot stop panics with a message instead of causing undefined
//! behaviour (SPEC 5).

use pygen::{Co, Gen, GeneratorState};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// A generator that hands its own yield handle out as its return value.
fn leaks_its_handle() -> Co<String, ()> {
    let mut g = Gen::new(|co: Co<String, ()>| async move { co });
    match g.resume(()) {
        GeneratorState::Complete(co) => co,
        GeneratorState::Yielded(_) => unreachable!(),
    }
}

#[test]
fn a_leaked_handle_awaited_under_another_executor_panics() {
    let mut co = leaks_its_handle();
    let message = panic_message(|| {
        let mut fut = pin!(co.yield_("escaped".to_string()));
        let _ = fut.as_mut().poll(&mut Context::from_waker(Waker::noop()));
    });
    assert!(message.contains("outside of its generator"), "{message}");
}

#[test]
fn a_leaked_handle_used_in_a_generator_of_another_type_panics() {
    let co = leaks_its_handle();
    // A generator yielding `u64` that tries to yield a `String` through the foreign handle:
    // without the check, the `String` would be written where a `u64` is expected.
    let mut g = Gen::new(move |_own: Co<u64, ()>| async move {
        let mut co = co;
        co.yield_("smuggled".to_string()).await;
    });
    let message = panic_message(|| {
        g.next();
    });
    assert!(message.contains("does not belong"), "{message}");
    assert!(g.is_complete());
}

#[test]
fn a_handle_used_after_its_generator_was_dropped_panics_in_a_lookalike() {
    let co = leaks_its_handle();
    // Same yield and resume types, and possibly the same address as the dead generator:
    // the nonce still tells them apart.
    let mut g = Gen::new(move |_own: Co<String, ()>| async move {
        let mut co = co;
        co.yield_("from the grave".to_string()).await;
    });
    let message = panic_message(|| {
        g.next();
    });
    assert!(message.contains("does not belong"), "{message}");
}

#[test]
fn a_sync_generator_awaiting_a_foreign_future_panics() {
    let mut g = Gen::new(|mut co: Co<u8, ()>| async move {
        co.yield_(1).await;
        std::future::pending::<()>().await;
        co.yield_(2).await;
    });
    assert_eq!(g.next(), Some(1));
    let message = panic_message(|| {
        g.next();
    });
    assert!(
        message.contains("awaited a future that is not `yield_!`"),
        "{message}"
    );
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
}

/// A future that completes at once but steals a clone of the waker it is polled with.
struct StealWaker<'a>(&'a mut Option<Waker>);

impl Future for StealWaker<'_> {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        *self.0 = Some(cx.waker().clone());
        Poll::Ready(())
    }
}

#[test]
fn a_waker_cloned_inside_a_body_is_not_a_way_back_into_the_slot() {
    let mut stolen = None;
    let stolen_ref = &mut stolen;
    let mut g = Gen::new(|mut co: Co<u8, ()>| async move {
        StealWaker(stolen_ref).await;
        co.yield_(1).await;
        co
    });
    assert_eq!(g.next(), Some(1));
    let GeneratorState::Complete(mut co) = g.resume(()) else {
        panic!("expected completion")
    };
    drop(g);
    let waker = stolen.expect("the body cloned the waker");
    // The clone is a harmless no-op waker, not one that points at the (dead) slot.
    waker.wake_by_ref();
    let message = panic_message(|| {
        let mut fut = pin!(co.yield_(7));
        let _ = fut.as_mut().poll(&mut Context::from_waker(&waker));
    });
    assert!(message.contains("outside of its generator"), "{message}");
}

#[test]
fn polling_a_yield_twice_without_awaiting_cannot_lose_a_value() {
    let mut g = Gen::new(|mut co: Co<u8, ()>| async move {
        let mut first = pin!(co.yield_(1));
        // Poll the first yield by hand, then yield again in the same step.
        let polled = std::future::poll_fn(|cx| Poll::Ready(first.as_mut().poll(cx))).await;
        assert!(polled.is_pending());
    });
    let message = panic_message(|| {
        g.next();
    });
    assert!(
        message.contains("yielded twice") || message.contains("value was still waiting"),
        "{message}"
    );
}
