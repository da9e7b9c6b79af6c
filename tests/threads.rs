//! `Send` exactly like an `async fn`: a generator is `Send` when what it holds across a
//! `yield_!` is, and can then be resumed on another thread (SPEC 5).

use pygen::prelude::*;
use std::sync::mpsc;
use std::thread;

fn assert_send<T: Send>(value: T) -> T {
    value
}

fn assert_sync<T: Sync>(value: T) -> T {
    value
}

#[generator(yield = String)]
fn lines(count: usize) -> usize {
    let mut total = 0;
    for i in 0..count {
        let line = format!("line {i}");
        total += line.len();
        yield_!(line);
    }
    total
}

#[test]
fn a_generator_with_send_state_is_send_and_sync() {
    let g = assert_send(lines(3));
    let g = assert_sync(g);
    assert_eq!(g.count(), 3);
}

#[test]
fn a_started_generator_can_be_resumed_on_another_thread() {
    let mut g = lines(4);
    assert_eq!(g.next().as_deref(), Some("line 0"));
    let handle = thread::spawn(move || {
        assert_eq!(g.next().as_deref(), Some("line 1"));
        g
    });
    let mut g = handle.join().unwrap();
    assert_eq!(g.next().as_deref(), Some("line 2"));
    assert_eq!(g.next().as_deref(), Some("line 3"));
    assert_eq!(g.resume(()), GeneratorState::Complete(24));
}

#[test]
fn resumed_alternately_from_several_threads() {
    let (to_worker, worker_rx) = mpsc::channel::<Gen<String, (), _>>();
    let (to_main, main_rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let mut seen = Vec::new();
        for mut g in worker_rx {
            seen.push(g.next());
            to_main.send(g).unwrap();
        }
        seen
    });
    let mut g = lines(6);
    let mut here = Vec::new();
    for _ in 0..3 {
        here.push(g.next());
        to_worker.send(g).unwrap();
        g = main_rx.recv().unwrap();
    }
    drop(to_worker);
    let there = worker.join().unwrap();
    let expect = |i: usize| Some(format!("line {i}"));
    assert_eq!(here, [expect(0), expect(2), expect(4)]);
    assert_eq!(there, [expect(1), expect(3), expect(5)]);
    assert_eq!(g.next(), None);
}

#[generator(yield = u64, resume = u64)]
fn summing() -> u64 {
    let mut sum = 0;
    loop {
        let x = yield_!(sum);
        if x == 0 {
            return sum;
        }
        sum += x;
    }
}

#[test]
fn send_generators_with_resume_values_cross_threads() {
    let mut g = assert_send(summing());
    g.start();
    let mut g = thread::spawn(move || {
        assert_eq!(g.resume(40), GeneratorState::Yielded(40));
        g
    })
    .join()
    .unwrap();
    assert_eq!(g.resume(2), GeneratorState::Yielded(42));
    assert_eq!(g.resume(0), GeneratorState::Complete(42));
}

#[generator(yield = usize)]
fn borrows_shared(data: &[usize]) {
    for x in data {
        yield_!(*x);
    }
}

#[test]
fn borrowing_generators_work_in_scoped_threads() {
    let data: Vec<usize> = (0..100).collect();
    let total: usize = thread::scope(|s| {
        let halves = data
            .chunks(50)
            .map(|chunk| s.spawn(move || borrows_shared(chunk).sum::<usize>()));
        halves
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .sum()
    });
    assert_eq!(total, 4950);
}
