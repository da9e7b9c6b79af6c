//! Every value a generator touches is dropped exactly once (issue 8): arguments, locals, yielded
//! values, resume values (including the first one, which no `yield_!` receives), return
//! values and errors, whatever way the generator ends: completion, `close()`, drop at any
//! point, a panic in the body; owned, pinned, boxed, delegated, read through `results()`, and
//! asynchronous. Each test counts with `tracking::Tracker`, which tells leaked values from
//! values dropped twice.

mod tracking;
mod yield_now;

use futures::StreamExt;
use pygen::prelude::*;
use pygen::{AsyncGenerator, BoxGen, Co, LocalBoxGen, Results};
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use tracking::{Tracked, Tracker, expect_panic, step};
use yield_now::YieldNow;

/// How a body ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Ok,
    Err,
    Panic,
}

const ENDS: [End; 3] = [End::Ok, End::Err, End::Panic];

fn finish(t: Tracker, end: End) -> Result<Tracked, Tracked> {
    match end {
        End::Ok => Ok(t.make()),
        End::Err => Err(t.make()),
        End::Panic => panic!("the body panicked"),
    }
}

/// Values created by a body that ran to its end (`n` yields): its argument, its local,
/// `n` yields, the return value or error.
fn body_values(n: usize, end: End) -> usize {
    2 + n + usize::from(end != End::Panic)
}

/// A generator with resume values: keeps the latest one in a local until the end.
fn sender(
    t: Tracker,
    n: usize,
    end: End,
) -> Gen<Tracked, Tracked, impl Future<Output = Result<Tracked, Tracked>>> {
    let arg = t.make();
    Gen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let _arg = arg;
        let _local = t.make();
        let mut held = None;
        for _ in 0..n {
            held = Some(co.yield_(t.make()).await);
        }
        let _held = held;
        finish(t, end)
    })
}

/// An iterator-shaped generator, through the attribute.
#[generator(yield = Tracked)]
fn items(t: Tracker, arg: Tracked, n: usize, end: End) -> Result<Tracked, Tracked> {
    let _arg = arg;
    let _local = t.make();
    for _ in 0..n {
        yield_!(t.make());
    }
    finish(t, end)
}

#[generator(yield = Tracked)]
async fn async_items(t: Tracker, arg: Tracked, n: usize, end: End) -> Result<Tracked, Tracked> {
    let _arg = arg;
    let _local = t.make();
    for _ in 0..n {
        YieldNow(false).await;
        yield_!(t.make());
    }
    YieldNow(false).await;
    finish(t, end)
}

/// Resumes a generator to its end through `resume`, with fresh resume values, dropping what
/// it yields and returns; returns how many resumes it took.
fn run_sender(
    t: Tracker,
    mut resume: impl FnMut(Tracker) -> GeneratorState<Tracked, Result<Tracked, Tracked>>,
) -> usize {
    let mut resumes = 0;
    loop {
        resumes += 1;
        match resume(t) {
            GeneratorState::Yielded(value) => drop(value),
            GeneratorState::Complete(ret) => {
                drop(ret);
                return resumes;
            }
        }
    }
}

#[test]
fn completion_owned_pinned_and_boxed() {
    for end in ENDS {
        for n in [0, 1, 3] {
            for how in ["owned", "pinned", "local box", "box"] {
                let t = Tracker::new();
                let g = sender(t, n, end);
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match how {
                    "owned" => {
                        let mut g = g;
                        run_sender(t, |t| step!(g, t.make()))
                    }
                    "pinned" => {
                        let mut g = pin!(g);
                        run_sender(t, |t| step!(g.as_mut(), t.make()))
                    }
                    "local box" => {
                        let mut g: LocalBoxGen<'_, _, _, _> = g.boxed_local();
                        run_sender(t, |t| step!(g, t.make()))
                    }
                    _ => {
                        let mut g: BoxGen<'_, _, _, _> = g.boxed();
                        run_sender(t, |t| step!(g, t.make()))
                    }
                }));
                assert_eq!(run.is_err(), end == End::Panic, "{end:?} {how}");
                if let Ok(resumes) = run {
                    assert_eq!(resumes, n + 1);
                }
                // n resume values: the first step is a start, with none.
                t.assert_exact(body_values(n, end) + n);
            }
        }
    }
}

#[test]
fn owned_resume_boxes_and_still_drops_everything_once() {
    for end in ENDS {
        let t = Tracker::new();
        let mut g = sender(t, 2, end);
        assert!(matches!(g.start(), GeneratorState::Yielded(_)));
        assert!(matches!(g.resume(t.make()), GeneratorState::Yielded(_)));
        let last = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.resume(t.make())));
        assert_eq!(last.is_err(), end == End::Panic);
        drop(last);
        assert!(g.is_complete());
        // Resuming a finished generator panics; its resume value is dropped, once.
        let message = expect_panic(|| g.resume(t.make()));
        assert!(message.contains("resumed after it completed"), "{message}");
        drop(g);
        t.assert_exact(body_values(2, end) + 3);
    }
}

#[test]
fn close_and_drop_at_every_step() {
    let n = 3;
    for stop in 0..=n + 1 {
        for close in [false, true] {
            for pinned in [false, true] {
                let t = Tracker::new();
                let resumes = if pinned {
                    let mut g = pin!(sender(t, n, End::Ok));
                    let mut resumes = 0;
                    while resumes < stop && !g.is_complete() {
                        drop(step!(g.as_mut(), t.make()));
                        resumes += 1;
                    }
                    if close {
                        g.as_mut().close();
                        g.as_mut().close();
                        assert!(g.is_complete());
                    }
                    resumes
                } else {
                    let mut g = sender(t, n, End::Ok);
                    let mut resumes = 0;
                    while resumes < stop && !g.is_complete() {
                        drop(step!(g, t.make()));
                        resumes += 1;
                    }
                    if close {
                        g.close();
                        g.close();
                        assert!(g.is_complete());
                    }
                    resumes
                };
                // Started: the local, one yield per resume, and the return at the end.
                let body = match resumes {
                    0 => 1,
                    r if r <= n => 2 + r,
                    _ => body_values(n, End::Ok),
                };
                // One resume value per resume but the first, which starts the body.
                t.assert_exact(body + resumes.saturating_sub(1));
            }
        }
    }
}

/// Consumes `items(.., 4 yields, $end)` with `$consume`, checks that it panicked exactly
/// when it ran the body to a panicking end, and returns the tracker.
macro_rules! consume_items {
    ($end:expr, exhausts = $exhausts:expr, |$g:ident| $consume:expr) => {{
        let t = Tracker::new();
        // `items` returns a `Result`: iterated, its return value is dropped on purpose.
        let $g = items(t, t.make(), 4, $end).discard_return();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| $consume));
        assert_eq!(outcome.is_err(), $exhausts && $end == End::Panic);
        t
    }};
}

#[test]
fn iteration_fold_and_adapters() {
    for end in ENDS {
        // Exhausted: every value; the return value or error dropped by the iterator.
        let all = body_values(4, end);
        consume_items!(end, exhausts = true, |g| g.count()).assert_exact(all); // fold: pinned
        consume_items!(end, exhausts = true, |g| g.collect::<Vec<_>>()).assert_exact(all);
        consume_items!(end, exhausts = true, |g| g.last()).assert_exact(all);
        consume_items!(end, exhausts = true, |g| g.skip(1).step_by(2).count()).assert_exact(all);
        consume_items!(end, exhausts = true, |g| {
            let mut g = g;
            while g.next().is_some() {}
            assert_eq!(g.next().map(|_| ()), None);
        })
        .assert_exact(all);
        // Stopped early: the rest of the body never runs (argument, local, 2 yields).
        consume_items!(end, exhausts = false, |g| g.take(2).count()).assert_exact(4);
        consume_items!(end, exhausts = false, |g| {
            let mut g = g;
            g.nth(1)
        })
        .assert_exact(4);
    }
}

fn read_results<G>(mut results: Results<G, Tracked>) -> (usize, usize, bool)
where
    G: Generator<(), Yield = Tracked, Return = Result<Tracked, Tracked>> + Unpin,
{
    let (mut oks, mut errs) = (0, 0);
    for item in results.by_ref() {
        match item {
            Ok(_) => oks += 1,
            Err(_) => errs += 1,
        }
    }
    assert!(results.next().is_none());
    (oks, errs, results.return_value().is_some())
}

#[test]
fn results_owned_pinned_and_boxed() {
    for end in ENDS {
        for how in ["owned", "pinned", "boxed"] {
            let t = Tracker::new();
            let g = items(t, t.make(), 3, end);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match how {
                "owned" => read_results(g.results()),
                "pinned" => read_results(Results::new(pin!(g))),
                _ => read_results(g.boxed_local().results()),
            }));
            match end {
                End::Ok => assert_eq!(outcome.ok(), Some((3, 0, true)), "{how}"),
                End::Err => assert_eq!(outcome.ok(), Some((3, 1, false)), "{how}"),
                End::Panic => assert!(outcome.is_err(), "{how}"),
            }
            t.assert_exact(body_values(3, end));
        }
    }
}

#[test]
fn an_unread_return_value_is_dropped_with_the_results_iterator() {
    let t = Tracker::new();
    let mut results = items(t, t.make(), 1, End::Ok).results();
    assert!(matches!(results.next(), Some(Ok(_))));
    assert!(results.next().is_none());
    assert_eq!(t.live(), 1, "the return value waits in the iterator");
    drop(results);
    t.assert_exact(body_values(1, End::Ok));
}

#[test]
fn delegation_passes_every_value_once() {
    // The outer generator delegates to `sender` four ways; the sub-generator's return value
    // becomes the outer one's, resume values pass through.
    for end in ENDS {
        for via in 0..4 {
            let t = Tracker::new();
            let mut g = Gen::new(move |mut co: Co<Tracked, Tracked>| async move {
                let _outer_local = t.make();
                let sub = sender(t, 2, end);
                match via {
                    0 => co.yield_from(sub).await,
                    1 => co.yield_from(sub.boxed_local()).await,
                    2 => co.yield_from(pin!(sub)).await,
                    _ => {
                        let mut sub = sub;
                        let first = sub.start().yielded().unwrap();
                        let resume = co.yield_(first).await;
                        co.yield_from_started(sub, resume).await
                    }
                }
            });
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_sender(t, |t| step!(g, t.make()))
            }));
            assert_eq!(run.is_err(), end == End::Panic, "{end:?} via {via}");
            drop(g);
            // The outer local, the sub-generator's values, 2 resume values (the first step
            // is a start).
            t.assert_exact(1 + body_values(2, end) + 2);
        }
    }
}

#[test]
fn delegation_dropped_at_every_step() {
    for via in 0..4 {
        for stop in 0..4 {
            let t = Tracker::new();
            let mut g = Gen::new(move |mut co: Co<Tracked, Tracked>| async move {
                let _outer_local = t.make();
                let sub = sender(t, 2, End::Ok);
                let ret = match via {
                    0 => co.yield_from(sub).await,
                    1 => co.yield_from(sub.boxed_local()).await,
                    2 => co.yield_from(pin!(sub)).await,
                    _ => {
                        co.yield_from(pygen::delegate::FromGenerator::new(pin!(sub)))
                            .await
                    }
                };
                let _ret = ret;
                co.yield_(t.make()).await;
            });
            for _ in 0..stop {
                if g.is_complete() {
                    break;
                }
                drop(step!(g, t.make()));
            }
            drop(g);
            let created = t.created();
            // The outer local and the sub-generator's argument exist from the first resume.
            assert!(
                created >= 2 * stop.min(1),
                "{created} values at stop {stop}"
            );
            t.assert_exact(created);
        }
    }
}

#[test]
fn yield_from_an_iterator_dropped_midway_drops_the_rest_of_it() {
    let t = Tracker::new();
    let values: Vec<Tracked> = (0..5).map(|_| t.make()).collect();
    let mut g = gen_block!(move {
        yield_from!(values);
    });
    assert!(g.next().is_some());
    assert!(g.next().is_some());
    assert_eq!(t.live(), 3);
    drop(g);
    t.assert_exact(5);
}

#[test]
fn async_generators_as_streams() {
    for end in ENDS {
        // Collected to the end.
        let t = Tracker::new();
        let g = async_items(t, t.make(), 3, end).discard_return();
        let all = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            futures::executor::block_on(g.collect::<Vec<_>>()).len()
        }));
        assert_eq!(all.ok(), (end != End::Panic).then_some(3));
        t.assert_exact(body_values(3, end));
        // Stopped after two items: the stream (and the body) dropped.
        let t = Tracker::new();
        let g = async_items(t, t.make(), 3, end).discard_return();
        assert_eq!(futures::executor::block_on(g.take(2).count()), 2);
        t.assert_exact(2 + 2);
        // Read as results, pinned.
        let t = Tracker::new();
        let g = async_items(t, t.make(), 3, end);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            futures::executor::block_on(async {
                let mut results = pin!(g.results());
                let mut items = 0;
                while let Some(item) = results.next().await {
                    items += usize::from(item.is_ok());
                }
                (items, results.as_mut().return_value().is_some())
            })
        }));
        match end {
            End::Panic => assert!(outcome.is_err()),
            _ => assert_eq!(outcome.ok(), Some((3, end == End::Ok))),
        }
        t.assert_exact(body_values(3, end));
    }
}

#[test]
fn async_generators_closed_or_dropped_while_waiting() {
    let waker = Waker::noop();
    for stop in 0..8 {
        for close in [false, true] {
            let t = Tracker::new();
            let mut g = async_items(t, t.make(), 3, End::Ok).discard_return();
            // `stop` polls of owned `next()` futures, each dropped after one poll: some
            // complete with an item, some leave the body waiting in `yield_now`.
            for _ in 0..stop {
                let next = pin!(g.next());
                if let Poll::Ready(item) = next.poll(&mut Context::from_waker(waker)) {
                    drop(item);
                }
            }
            if close {
                g.close();
                assert!(g.is_complete());
            }
            drop(g);
            t.assert_exact(t.created());
        }
    }
}

#[test]
fn async_resume_values_are_delivered_once_or_refused_mid_step() {
    let waker = Waker::noop();
    let t = Tracker::new();
    let g = AsyncGen::new(move |mut co: Co<Tracked, Tracked>| async move {
        let mut received = Vec::new();
        let mut next = co.yield_(t.make()).await;
        for _ in 0..3 {
            YieldNow(false).await;
            received.push(next.id());
            next = co.yield_(t.make()).await;
        }
        received.push(next.id());
        received
    });
    let mut g = pin!(g);
    let mut cx = Context::from_waker(waker);
    let mut sent = Vec::new();
    assert!(matches!(
        g.as_mut().start().as_mut_poll(&mut cx),
        Poll::Ready(GeneratorState::Yielded(_))
    ));
    // Each resume value is taken by the `yield_!` the body is suspended at, then the body
    // waits. Its future dropped there, the step is still in progress: a new resume value is
    // refused (no `yield_!` is waiting for it), dropped once by the unwinding, and `start()`
    // finishes the step.
    for _ in 0..3 {
        let value = t.make();
        sent.push(value.id());
        let mut resume = g.as_mut().resume(value);
        assert!(Pin::new(&mut resume).poll(&mut cx).is_pending());
        drop(resume); // dropped after the body took the value
        assert_eq!(g.status(), pygen::Status::Awaiting);
        let mut extra = g.as_mut().resume(t.make());
        let refused = expect_panic(|| Pin::new(&mut extra).poll(&mut cx));
        assert!(refused.contains("finish the step first"), "{refused}");
        drop(extra);
        match g.as_mut().start().as_mut_poll(&mut cx) {
            Poll::Ready(GeneratorState::Yielded(value)) => drop(value),
            other => panic!("expected the next yield, got {:?}", other.is_ready()),
        }
    }
    let last = t.make();
    sent.push(last.id());
    let received = match futures::executor::block_on(g.as_mut().resume(last)) {
        GeneratorState::Complete(received) => received,
        GeneratorState::Yielded(_) => panic!("expected the end"),
    };
    assert_eq!(
        received, sent,
        "each delivered value arrived once, in order"
    );
    t.assert_exact(t.created());
}

/// `poll` for an `Unpin` future in a pinned-reference expression.
trait PollOnce: Future + Unpin {
    fn as_mut_poll(&mut self, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(self).poll(cx)
    }
}

impl<F: Future + Unpin> PollOnce for F {}

#[test]
fn async_owned_resume_and_results() {
    for end in ENDS {
        let t = Tracker::new();
        let mut g = AsyncGen::new(move |mut co: Co<Tracked, Tracked>| async move {
            let _local = t.make();
            let got = co.yield_(t.make()).await;
            YieldNow(false).await;
            let _got = got;
            finish(t, end)
        });
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            futures::executor::block_on(async {
                drop(g.start().await);
                match g.resume(t.make()).await {
                    GeneratorState::Complete(ret) => ret.is_ok(),
                    GeneratorState::Yielded(_) => panic!("one yield only"),
                }
            })
        }));
        match end {
            End::Panic => assert!(outcome.is_err()),
            _ => assert_eq!(outcome.ok(), Some(end == End::Ok)),
        }
        assert!(g.is_complete());
        drop(g);
        // local, one yield, one resume value, the return value or error.
        t.assert_exact(3 + usize::from(end != End::Panic));
    }
}

#[test]
fn async_delegation_to_sync_and_async_sub_generators() {
    for end in ENDS {
        for sync_sub in [false, true] {
            let t = Tracker::new();
            let g = AsyncGen::new(move |mut co: Co<Tracked>| async move {
                let _outer = t.make();
                if sync_sub {
                    co.yield_from(items(t, t.make(), 2, end)).await
                } else {
                    co.yield_from(async_items(t, t.make(), 2, end)).await
                }
            });
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                futures::executor::block_on(g.count())
            }));
            assert_eq!(outcome.ok(), (end != End::Panic).then_some(2));
            t.assert_exact(1 + body_values(2, end));
        }
    }
}

#[test]
fn pinned_async_generator_closed_through_the_trait() {
    let t = Tracker::new();
    let mut g = pin!(async_items(t, t.make(), 3, End::Ok));
    let mut cx = Context::from_waker(Waker::noop());
    let mut arg = Some(());
    // Poll until the first item.
    loop {
        match g.as_mut().poll_resume(&mut cx, &mut arg) {
            Poll::Ready(GeneratorState::Yielded(value)) => break drop(value),
            Poll::Ready(GeneratorState::Complete(_)) => panic!("ended early"),
            Poll::Pending => {}
        }
    }
    AsyncGenerator::close(g.as_mut());
    assert!(AsyncGenerator::is_complete(&*g));
    t.assert_exact(3);
}
