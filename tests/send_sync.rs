//! Threads (issue 8): which public types are `Send`/`Sync` (checked at compile time here;
//! the types that must not be are compile-fail cases in `tests/ui/send_sync/`), and `Send`
//! generators resumed alternately from several threads, with every value dropped once.

mod tracking;
mod yield_now;

use pygen::delegate::{Delegation, FromGenerator, PinnedDelegation, Resuming, YieldAll};
use pygen::prelude::*;
use pygen::{AsyncResults, BoxGen, Co, LocalBoxGen, Next, PinnedResume, Results, Resume, Yield};
use std::cell::Cell;
use std::future::{Future, Ready, poll_fn};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::task::{Context, Poll, Waker};
use std::thread;
use tracking::{Tracked, Tracker};
use yield_now::YieldNow;

// ---------------------------------------------------------------------------------------
// Static assertions, one per public type.
// ---------------------------------------------------------------------------------------

const fn assert_send<T: ?Sized + Send>() {}
const fn assert_sync<T: ?Sized + Sync>() {}

/// A body future that is `Send` and `Sync`, one that is `Send` only (`Cell`), and one that is
/// neither (`Rc`): what a generator body holds across its yields.
type SendSyncBody<T> = Ready<T>;
type SendOnlyBody = Ready<Cell<u8>>;
type LocalBody = Ready<Rc<u8>>;

const _: () = {
    // A generator is exactly as `Send`/`Sync` as its body, like the future of an `async fn`.
    // The yield, resume and return types are not part of that: a generator holds no yielded
    // or resume value between resumes except inside its body (as `std::iter::RepeatWith`
    // holds none of the values its closure makes), so a generator that yields `Rc`s it
    // creates on each resume is `Send`.
    assert_send::<Gen<Rc<u8>, Rc<u8>, SendSyncBody<u8>>>();
    assert_sync::<Gen<Rc<u8>, Rc<u8>, SendSyncBody<u8>>>();
    assert_send::<Gen<u8, u8, SendOnlyBody>>();
    assert_send::<AsyncGen<Rc<u8>, Rc<u8>, SendSyncBody<u8>>>();
    assert_sync::<AsyncGen<Rc<u8>, Rc<u8>, SendSyncBody<u8>>>();
    assert_send::<AsyncGen<u8, u8, SendOnlyBody>>();

    // A yield handle is only a nonce: `Send` and `Sync` whatever its types (using it anywhere
    // but in its own generator panics; see tests/adversarial.rs).
    assert_send::<Co<Rc<u8>, Rc<u8>>>();
    assert_sync::<Co<Rc<u8>, Rc<u8>>>();
    // The future of a yield holds the value until it is handed out.
    assert_send::<Yield<'static, String, Rc<u8>>>();
    assert_sync::<Yield<'static, String, Rc<u8>>>();
    assert_send::<GeneratorState<String, Vec<u8>>>();
    assert_sync::<GeneratorState<String, Vec<u8>>>();

    // Type-erased: `BoxGen` is `Send` (not `Sync`: `dyn Generator + Send`), `LocalBoxGen`
    // neither (tests/ui/send_sync/).
    assert_send::<BoxGen<'static, Rc<u8>, Rc<u8>, Rc<u8>>>();

    // Adapters and futures follow what they hold.
    type Fallible = Gen<u8, (), SendSyncBody<Result<u8, String>>>;
    assert_send::<Results<Pin<Box<Fallible>>, u8>>();
    assert_sync::<Results<Pin<Box<Fallible>>, u8>>();
    assert_send::<Results<BoxGen<'static, u8, (), Result<u8, String>>, u8>>();
    type AsyncFallible = AsyncGen<u8, (), SendSyncBody<Result<u8, String>>>;
    assert_send::<AsyncResults<AsyncFallible, u8>>();
    assert_sync::<AsyncResults<AsyncFallible, u8>>();
    assert_send::<Next<'static, u8, SendSyncBody<()>>>();
    assert_sync::<Next<'static, u8, SendSyncBody<()>>>();
    assert_send::<Resume<'static, u8, String, SendSyncBody<()>>>();
    assert_sync::<Resume<'static, u8, String, SendSyncBody<()>>>();
    assert_send::<PinnedResume<'static, AsyncGen<u8, String, SendSyncBody<()>>, String>>();
    assert_sync::<PinnedResume<'static, AsyncGen<u8, String, SendSyncBody<()>>, String>>();

    // Delegation futures (what `yield_from!` awaits) keep a generator `Send` when the
    // sub-generator is.
    assert_send::<Delegation<'static, Rc<u8>, String, SendSyncBody<u8>>>();
    assert_sync::<Delegation<'static, Rc<u8>, String, SendSyncBody<u8>>>();
    assert_send::<
        PinnedDelegation<'static, u8, String, &'static mut Gen<u8, String, SendSyncBody<u8>>>,
    >();
    assert_sync::<
        PinnedDelegation<'static, u8, String, &'static mut Gen<u8, String, SendSyncBody<u8>>>,
    >();
    assert_send::<Resuming<'static, BoxGen<'static, u8, String, u8>, String>>();
    assert_send::<YieldAll<'static, Rc<u8>, (), std::vec::IntoIter<u8>>>();
    assert_sync::<YieldAll<'static, Rc<u8>, (), std::vec::IntoIter<u8>>>();
    type PinnedSub = Pin<&'static mut Gen<u8, String, SendSyncBody<u8>>>;
    assert_send::<FromGenerator<PinnedSub, String>>();
    assert_sync::<FromGenerator<PinnedSub, String>>();
};

// And the other way round: a generator with a `!Send` body is not `Send`, a `Cell` held across
// a yield keeps it from being `Sync`, boxed generators are not `Sync`. Checked with the trick
// of `static_assertions::assert_not_impl_any!`: for a type that is `Send`, both impls below
// apply and `<T as NotSend<_>>` is ambiguous, so this file stops compiling if one of these
// types became `Send` (or `Sync`). `tests/ui/send_sync/` shows the errors users see.
trait NotSend<A> {
    fn check() {}
}
impl<T: ?Sized> NotSend<()> for T {}
impl<T: ?Sized + Send> NotSend<u8> for T {}

trait NotSync<A> {
    fn check() {}
}
impl<T: ?Sized> NotSync<()> for T {}
impl<T: ?Sized + Sync> NotSync<u8> for T {}

const _: fn() = || {
    <Gen<u8, (), LocalBody> as NotSend<_>>::check();
    <AsyncGen<u8, (), LocalBody> as NotSend<_>>::check();
    <LocalBoxGen<'static, u8> as NotSend<_>>::check();
    <Delegation<'static, u8, (), LocalBody> as NotSend<_>>::check();
    <Gen<u8, (), SendOnlyBody> as NotSync<_>>::check();
    <BoxGen<'static, u8> as NotSync<_>>::check();
    <LocalBoxGen<'static, u8> as NotSync<_>>::check();
};

// ---------------------------------------------------------------------------------------
// Generators resumed alternately from several threads.
// ---------------------------------------------------------------------------------------

/// Records which thread resumed it with what; yields `(step, tracked value)`.
fn relay(
    t: Tracker,
    steps: usize,
) -> Gen<(usize, Tracked), (usize, Tracked), impl Future<Output = Vec<usize>> + Send> {
    Gen::new(
        move |mut co: Co<(usize, Tracked), (usize, Tracked)>| async move {
            let _local = t.make();
            let mut senders = Vec::new();
            for step in 0..steps {
                let (sender, value) = co.yield_((step, t.make())).await;
                senders.push(sender);
                drop(value);
            }
            senders
        },
    )
}

/// `n` channels that carry `Option<T>`, with `T` named by `_like`.
#[allow(clippy::type_complexity)]
fn ring_of_channels<T>(
    _like: &T,
    n: usize,
) -> (Vec<mpsc::Sender<Option<T>>>, Vec<mpsc::Receiver<Option<T>>>) {
    (0..n).map(|_| mpsc::channel()).unzip()
}

#[test]
fn a_send_generator_resumed_in_turn_by_four_threads() {
    const THREADS: usize = 4;
    const STEPS: usize = 40;
    let t = Tracker::new();
    let mut g = relay(t, STEPS);
    assert!(matches!(g.start(), GeneratorState::Yielded((0, _))));
    // The generator travels a ring of threads: thread i resumes it once and passes it to
    // thread i + 1. `None` travels the ring once at the end to stop every thread.
    let (senders, receivers) = ring_of_channels(&g, THREADS);
    let (done_tx, done_rx) = mpsc::channel();
    let handles: Vec<_> = receivers
        .into_iter()
        .enumerate()
        .map(|(i, rx)| {
            let next = senders[(i + 1) % THREADS].clone();
            let done = done_tx.clone();
            thread::spawn(move || {
                while let Ok(Some(mut g)) = rx.recv() {
                    match g.resume((i, t.make())) {
                        GeneratorState::Yielded((_, value)) => {
                            drop(value);
                            next.send(Some(g)).unwrap();
                        }
                        GeneratorState::Complete(order) => done.send(order).unwrap(),
                    }
                }
                let _ = next.send(None);
            })
        })
        .collect();
    senders[0].send(Some(g)).unwrap();
    let order = done_rx.recv().unwrap();
    senders[0].send(None).unwrap();
    for handle in handles {
        handle.join().unwrap();
    }
    let expected: Vec<usize> = (0..STEPS).map(|step| step % THREADS).collect();
    assert_eq!(order, expected, "which thread delivered each resume value");
    // 1 local, STEPS yields, STEPS resume values (`start` takes none).
    t.assert_exact(1 + STEPS + STEPS);
}

#[test]
fn a_generator_behind_a_mutex_is_drained_by_four_threads_without_loss_or_duplicates() {
    const ITEMS: u64 = 2_000;
    let t = Tracker::new();
    let g = Arc::new(Mutex::new(gen_block!(move {
        let _local = t.make();
        for i in 0..ITEMS {
            yield_!((i, t.make()));
        }
    })));
    let barrier = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let g = Arc::clone(&g);
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                barrier.wait();
                let mut mine = Vec::new();
                loop {
                    let item = g.lock().unwrap().next();
                    match item {
                        Some((i, value)) => {
                            drop(value);
                            mine.push(i);
                        }
                        None => return mine,
                    }
                }
            })
        })
        .collect();
    let mut all: Vec<u64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort_unstable();
    assert!(all.iter().copied().eq(0..ITEMS), "every item exactly once");
    assert!(g.lock().unwrap().is_complete());
    drop(g);
    t.assert_exact(1 + ITEMS as usize);
}

#[test]
fn a_pinned_boxed_generator_created_started_and_closed_on_three_threads() {
    let t = Tracker::new();
    let g = thread::spawn(move || Box::pin(relay(t, 5))).join().unwrap();
    let g = thread::spawn(move || {
        let mut g = g;
        assert!(matches!(
            g.as_mut().start(),
            GeneratorState::Yielded((0, _))
        ));
        assert!(matches!(
            g.as_mut().resume((1, t.make())),
            GeneratorState::Yielded((1, _))
        ));
        g
    })
    .join()
    .unwrap();
    thread::spawn(move || {
        let mut g = g;
        g.as_mut().close();
        assert!(g.is_complete());
    })
    .join()
    .unwrap();
    // local, 2 yields, 1 resume value.
    t.assert_exact(4);
}

#[generator(yield = u64, send)]
fn countdown(n: u64) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1).boxed());
    }
}

#[test]
fn a_boxed_recursive_generator_mid_delegation_hops_threads() {
    let mut g: BoxGen<'static, u64> = countdown(30).boxed();
    let mut seen = Vec::new();
    for hop in 0..10 {
        g = thread::spawn(move || {
            let mut g = g;
            let mut got = Vec::new();
            for _ in 0..3 {
                got.push(g.next().unwrap());
            }
            (g, got)
        })
        .join()
        .map(|(g, got)| {
            assert_eq!(got.len(), 3, "hop {hop}");
            seen.extend(got);
            g
        })
        .unwrap();
    }
    assert_eq!(g.next(), None);
    assert_eq!(seen, (1..=30).rev().collect::<Vec<_>>());
}

#[test]
fn an_async_generator_polled_alternately_from_two_threads_mid_delegation() {
    let t = Tracker::new();
    let sub = AsyncGen::new(move |mut co: Co<Tracked>| async move {
        for _ in 0..5 {
            YieldNow(false).await;
            co.yield_(t.make()).await;
        }
        t.make()
    });
    let g = Box::pin(AsyncGen::new(move |mut co: Co<Tracked>| async move {
        let _local = t.make();
        let ret = co.yield_from(sub).await;
        drop(ret);
        co.yield_(t.make()).await;
    }));
    // Each thread polls once (an item or a pending wait), then hands the generator over.
    let (a_tx, a_rx) = mpsc::channel::<Pin<Box<AsyncGen<Tracked, (), _>>>>();
    let (b_tx, b_rx) = mpsc::channel();
    let poll_once = |g: &mut Pin<Box<AsyncGen<Tracked, (), _>>>| {
        futures::Stream::poll_next(g.as_mut(), &mut Context::from_waker(Waker::noop()))
    };
    let other = thread::spawn(move || {
        let mut items = 0;
        let mut polls = 0;
        for mut g in a_rx {
            polls += 1;
            let mut cx = Context::from_waker(Waker::noop());
            if let Poll::Ready(Some(value)) = futures::Stream::poll_next(g.as_mut(), &mut cx) {
                drop(value);
                items += 1;
            }
            if b_tx.send(g).is_err() {
                break;
            }
        }
        (items, polls)
    });
    let mut g = g;
    let mut items = 0;
    let mut polls = 0;
    loop {
        polls += 1;
        match poll_once(&mut g) {
            Poll::Ready(Some(value)) => {
                drop(value);
                items += 1;
            }
            Poll::Ready(None) => break,
            Poll::Pending => {}
        }
        if g.is_complete() {
            break;
        }
        a_tx.send(g).unwrap();
        g = b_rx.recv().unwrap();
        if g.is_complete() {
            break;
        }
    }
    drop(a_tx);
    let (other_items, other_polls) = other.join().unwrap();
    assert_eq!(
        items + other_items,
        6,
        "5 from the sub-generator, 1 from the outer one"
    );
    // 6 items, 5 waits in `yield_now`, the end; each thread did about half.
    assert_eq!(polls + other_polls, 12);
    assert!(
        polls >= 5 && other_polls >= 5,
        "{polls} and {other_polls} polls"
    );
    drop(g);
    // local, 6 yields, the sub-generator's return.
    t.assert_exact(8);
}

// ---------------------------------------------------------------------------------------
// The slot of a resume, reached from another thread during that resume.
// ---------------------------------------------------------------------------------------

// Two threads cannot write one slot at once: every future that touches the slot (`yield_`,
// `yield_from`, `yield_all`) borrows the generator's one `Co` mutably, so at most one of
// them exists at a time (`tests/ui/send_sync/two_slot_futures_at_once.rs`). Lending the
// resume's waker to a scoped thread is still allowed, and that thread may poll the one
// future: the body's own thread is blocked in the scope meanwhile.

/// One generator whose body polls its yield future (a 16 KiB value, so that the write is not
/// instant) on a scoped thread, with the waker of the generator's context.
#[test]
fn a_yield_future_polled_on_a_scoped_thread_delivers_its_value_once() {
    let runs = if cfg!(miri) { 2 } else { 500 };
    for run in 0..runs {
        let t = Tracker::new();
        let mut g = Gen::new(|mut co: Co<(Tracked, [u64; 2048]), u32>| async move {
            let mut there = pin!(co.yield_((t.make(), [7; 2048])));
            let resumed = poll_fn(|cx| {
                let waker = cx.waker();
                thread::scope(|s| {
                    s.spawn(|| there.as_mut().poll(&mut Context::from_waker(waker)))
                        .join()
                        .unwrap()
                })
            })
            .await;
            co.yield_((t.make(), [resumed as u64; 2048])).await;
        });
        let (first, block) = g.start().yielded().expect("the first yield");
        assert_eq!(block[2047], 7, "run {run}");
        drop(first);
        let (second, block) = g.resume(9).yielded().expect("the second yield");
        assert_eq!(
            block[0], 9,
            "run {run}: the resume value reached the other thread"
        );
        drop(second);
        assert!(g.resume(0).is_complete());
        drop(g);
        t.assert_exact(2);
    }
}

/// The body lends its context's waker to a scoped thread, which clones and wakes it again and
/// again (the waker functions read the slot's header) while the body's own thread hands a
/// value out through the slot and, on the next resume, takes the resume value from it.
#[test]
fn a_waker_used_on_another_thread_while_the_body_yields_is_harmless() {
    let runs = if cfg!(miri) { 2 } else { 200 };
    for run in 0..runs {
        let t = Tracker::new();
        let mut g = Gen::new(|mut co: Co<Tracked, u32>| async move {
            let mut here = pin!(co.yield_(t.make()));
            let mut handed_out = false;
            poll_fn(|cx| {
                if handed_out {
                    // Resumed: the yield future takes its resume value.
                    return here.as_mut().poll(cx);
                }
                let waker = cx.waker();
                let mut poll = Poll::Pending;
                thread::scope(|s| {
                    s.spawn(|| {
                        for _ in 0..20 {
                            waker.wake_by_ref();
                            drop(waker.clone());
                        }
                    });
                    poll = here.as_mut().poll(cx);
                });
                handed_out = true;
                poll
            })
            .await
        });
        let first = g.start().yielded().expect("the yield");
        drop(first);
        assert_eq!(g.resume(41), GeneratorState::Complete(41), "run {run}");
        t.assert_exact(1);
    }
}
