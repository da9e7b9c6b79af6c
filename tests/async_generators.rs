//! Async generators (PEP 525): `#[generator] async fn` as a `futures::Stream` (issue 4).

use futures::stream::{FusedStream, StreamExt, TryStreamExt};
use pygen::prelude::*;
use std::cell::RefCell;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

#[generator(yield = u32)]
async fn counter(n: u32) -> u32 {
    for i in 0..n {
        // A real suspension: the executor must wake us.
        futures::future::lazy(|_| ()).await;
        yield_!(i);
    }
    n
}

#[test]
fn an_async_generator_is_a_stream() {
    futures::executor::block_on(async {
        assert_eq!(counter(4).collect::<Vec<_>>().await, [0, 1, 2, 3]);
        assert_eq!(
            counter(4).map(|x| x * 10).collect::<Vec<_>>().await,
            [0, 10, 20, 30]
        );

        let mut sum = 0;
        counter(5)
            .for_each(|x| {
                sum += x;
                futures::future::ready(())
            })
            .await;
        assert_eq!(sum, 10);

        let mut pinned = pin!(counter(2));
        assert_eq!(pinned.next().await, Some(0));
        assert_eq!(pinned.next().await, Some(1));
        assert_eq!(pinned.next().await, None);
        assert!(pinned.is_terminated());
        assert_eq!(pinned.next().await, None);
    });
}

#[test]
fn owned_next_and_resume_return_the_return_value() {
    futures::executor::block_on(async {
        let mut g = counter(2);
        assert_eq!(g.next().await, Some(0));
        assert_eq!(g.resume(()).await, GeneratorState::Yielded(1));
        assert_eq!(g.resume(()).await, GeneratorState::Complete(2));
        assert!(g.is_complete());
        assert_eq!(g.next().await, None);
    });
}

#[generator(yield = f64, resume = f64)]
async fn averager() {
    let (mut total, mut count) = (0.0, 0.0);
    let mut average = 0.0;
    loop {
        total += yield_!(average);
        count += 1.0;
        tokio::task::yield_now().await;
        average = total / count;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_values_arrive_like_asend() {
    let mut avg = averager();
    assert_eq!(avg.start().await, GeneratorState::Yielded(0.0));
    assert_eq!(avg.resume(10.0).await, GeneratorState::Yielded(10.0));
    assert_eq!(avg.resume(20.0).await, GeneratorState::Yielded(15.0));
    let mut pinned = pin!(averager());
    assert_eq!(pinned.as_mut().start().await, GeneratorState::Yielded(0.0));
    assert_eq!(
        pinned.as_mut().resume(4.0).await,
        GeneratorState::Yielded(4.0)
    );
}

#[generator(yield = String)]
async fn from_channel(mut rx: tokio::sync::mpsc::Receiver<u32>) -> usize {
    let mut seen = 0;
    while let Some(x) = rx.recv().await {
        seen += 1;
        yield_!(format!("got {x}"));
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_waiting_on_a_channel_is_woken_on_a_multi_threaded_runtime() {
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let producer = tokio::spawn(async move {
        for i in 0..5 {
            tokio::time::sleep(Duration::from_millis(2)).await;
            tx.send(i).await.unwrap();
        }
    });
    let mut g = from_channel(rx);
    let mut got = Vec::new();
    while let Some(line) = g.next().await {
        got.push(line);
    }
    producer.await.unwrap();
    assert_eq!(got, ["got 0", "got 1", "got 2", "got 3", "got 4"]);
    assert!(g.is_complete());
}

#[generator(yield = u64)]
async fn ticks(n: u64, every: Duration) {
    let mut interval = tokio::time::interval(every);
    for i in 0..n {
        interval.tick().await;
        yield_!(i);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timers_wake_the_body_and_the_generator_can_be_spawned() {
    // Spawning requires `Send`: the generator holds only `Send` state, like an `async fn`.
    let handle =
        tokio::spawn(async { ticks(3, Duration::from_millis(1)).collect::<Vec<_>>().await });
    assert_eq!(handle.await.unwrap(), [0, 1, 2]);
}

#[generator(yield = u32)]
async fn sync_and_async_delegates() -> &'static str {
    yield_!(0);
    // An async sub-generator: its awaits are the outer generator's awaits.
    let n = yield_from!(counter(2));
    yield_!(100 + n);
    // A sync one.
    yield_from!(sync_numbers());
    // An iterable.
    yield_from!([7, 8]);
    "done"
}

#[generator(yield = u32)]
fn sync_numbers() {
    yield_!(5);
    yield_!(6);
}

#[tokio::test]
async fn yield_from_async_and_sync_generators_inside_an_async_generator() {
    let mut g = sync_and_async_delegates();
    let mut items = Vec::new();
    let ret = loop {
        match g.resume(()).await {
            GeneratorState::Yielded(x) => items.push(x),
            GeneratorState::Complete(r) => break r,
        }
    };
    assert_eq!(items, [0, 0, 1, 102, 5, 6, 7, 8]);
    assert_eq!(ret, "done");
}

#[tokio::test]
async fn a_started_async_sub_generator_is_continued() {
    let mut sub = counter(4);
    assert_eq!(sub.next().await, Some(0));
    let outer =
        AsyncGen::new(|mut co: Co<u32>| async move { co.yield_from_started(sub, ()).await });
    assert_eq!(outer.collect::<Vec<_>>().await, [1, 2, 3]);
}

#[generator(yield = u32)]
async fn parse_lines(text: &'static str) -> Result<(), std::num::ParseIntError> {
    for line in text.lines() {
        tokio::task::yield_now().await;
        yield_!(line.trim().parse()?);
    }
    Ok(())
}

#[tokio::test]
async fn fallible_async_generators_are_try_streams() {
    assert_eq!(
        parse_lines("1\n2").results().try_collect::<Vec<_>>().await,
        Ok(vec![1, 2])
    );
    let items: Vec<_> = parse_lines("1\nx\n3").results().collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], Ok(1));
    assert!(items[1].is_err());
}

struct Finally(Rc<RefCell<Vec<&'static str>>>, &'static str);

impl Drop for Finally {
    fn drop(&mut self) {
        self.0.borrow_mut().push(self.1);
    }
}

#[generator(yield = u32)]
async fn guarded(log: Rc<RefCell<Vec<&'static str>>>) {
    let _finally = Finally(log.clone(), "finally");
    for i in 0.. {
        futures::future::lazy(|_| ()).await;
        yield_!(i);
    }
}

#[test]
fn close_and_drop_run_destructors_once() {
    futures::executor::block_on(async {
        let log = Rc::new(RefCell::new(Vec::new()));
        let mut g = guarded(log.clone());
        assert_eq!(g.next().await, Some(0));
        g.close();
        assert_eq!(*log.borrow(), ["finally"]);
        assert_eq!(g.next().await, None);
        drop(g);
        assert_eq!(*log.borrow(), ["finally"]);

        let stream = guarded(log.clone());
        assert_eq!(stream.take(3).collect::<Vec<_>>().await, [0, 1, 2]);
        assert_eq!(*log.borrow(), ["finally", "finally"]);
    });
}

#[generator(yield = u32)]
async fn panics_after_one() {
    yield_!(1);
    tokio::task::yield_now().await;
    panic!("async body failed");
}

#[tokio::test]
async fn a_panic_ends_the_stream() {
    let mut g = panics_after_one();
    assert_eq!(g.next().await, Some(1));
    let result = futures::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(g.next())).await;
    assert!(result.is_err());
    assert!(g.is_complete());
    assert_eq!(g.next().await, None);
}

#[test]
fn an_async_generator_holding_an_rc_is_not_send_but_works_locally() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let items = futures::executor::block_on(guarded(log).take(2).collect::<Vec<_>>());
    assert_eq!(items, [0, 1]);
}
