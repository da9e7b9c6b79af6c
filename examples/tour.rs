//! A guided tour of pygen: every feature in order, each with a line of explanation and
//! the Python it mirrors. The README's first command runs it:
//!
//! `cargo run --release --example tour`

use futures::StreamExt;
use pygen::prelude::*;
use std::cell::RefCell;
use std::io::{self, Write};
use std::pin::pin;
use std::rc::Rc;

/// 1. A generator function: `def fibonacci(): ... yield a`.
#[generator(yield = u64)]
fn fibonacci() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

/// 2. A coroutine that receives values: `total += yield average`, driven with `send`.
#[generator(yield = f64, resume = f64)]
fn averager() {
    let (mut total, mut count) = (0.0, 0.0);
    let mut average = 0.0;
    loop {
        total += yield_!(average);
        count += 1.0;
        average = total / count;
    }
}

/// 3. A return value: `return len(words)` ends up in `StopIteration.value`.
#[generator(yield = &'a str)]
fn words<'a>(text: &'a str) -> usize {
    let mut n = 0;
    for word in text.split_whitespace() {
        yield_!(word);
        n += 1;
    }
    n
}

/// 4. Delegation: `count = yield from words(line)`, for each line.
#[generator(yield = &'a str)]
fn all_words<'a>(lines: &'a [&'a str]) -> usize {
    let mut total = 0;
    for line in lines {
        total += yield_from!(words(line));
    }
    total
}

/// Records "cleanup" when dropped: a `finally:` block.
struct Finally(Rc<RefCell<Vec<String>>>);

impl Drop for Finally {
    fn drop(&mut self) {
        self.0.borrow_mut().push("cleanup ran".into());
    }
}

/// 5. `close()`: `try: while True: yield ... finally: cleanup()`.
#[generator(yield = u32)]
fn ticker(log: Rc<RefCell<Vec<String>>>) {
    let _finally = Finally(log);
    let mut i = 0;
    loop {
        yield_!(i);
        i += 1;
    }
}

/// 6. An async generator: `async def ...: await ...; yield ...`.
#[generator(yield = String)]
async fn greetings(names: Vec<&'static str>) {
    for name in names {
        futures::future::ready(()).await; // any future: I/O, a timer, a channel
        yield_!(format!("hello, {name}"));
    }
}

pub(crate) fn run(out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "1. A generator is lazy and can be infinite; take what you need:"
    )?;
    let first: Vec<u64> = fibonacci().take(10).collect();
    writeln!(out, "   fibonacci().take(10) = {first:?}")?;
    let big = pin!(fibonacci()).find(|x| *x > 1_000_000);
    writeln!(
        out,
        "   pinned with pin!(), no allocation: first above a million = {big:?}"
    )?;

    writeln!(
        out,
        "\n2. send: resume(value) is Python's g.send(value); yield_! evaluates to it:"
    )?;
    let mut avg = averager();
    avg.start(); // prime it, like next(coro)
    for x in [10.0, 20.0, 60.0] {
        if let GeneratorState::Yielded(a) = avg.resume(x) {
            writeln!(out, "   sent {x:>4} -> running average {a}")?;
        }
    }

    writeln!(
        out,
        "\n3. Return values: the end of a generator carries a value, like StopIteration.value:"
    )?;
    let mut w = words("the quick brown fox");
    let mut seen = Vec::new();
    let count = loop {
        match w.resume(()) {
            GeneratorState::Yielded(word) => seen.push(word),
            GeneratorState::Complete(n) => break n,
        }
    };
    writeln!(out, "   yielded {seen:?}, returned {count}")?;

    writeln!(
        out,
        "\n4. yield_from! delegates (PEP 380) and evaluates to the sub-generator's return value:"
    )?;
    let lines = ["to be", "or not to be"];
    let mut all = all_words(&lines);
    let mut flat = Vec::new();
    let total = loop {
        match all.resume(()) {
            GeneratorState::Yielded(word) => flat.push(word),
            GeneratorState::Complete(n) => break n,
        }
    };
    writeln!(out, "   {flat:?}, {total} words in all")?;

    writeln!(
        out,
        "\n5. close() runs the cleanup of a suspended generator, like Python's g.close():"
    )?;
    let log = Rc::new(RefCell::new(Vec::new()));
    let mut t = ticker(log.clone());
    let taken: Vec<u32> = t.by_ref().take(3).collect();
    writeln!(
        out,
        "   took {taken:?}, log before close: {:?}",
        log.borrow()
    )?;
    t.close();
    writeln!(
        out,
        "   after close: {:?}; next() now returns {:?}",
        log.borrow(),
        t.next()
    )?;

    writeln!(
        out,
        "\n6. async generators are Streams (PEP 525): await inside, consume with StreamExt:"
    )?;
    let said: Vec<String> = futures::executor::block_on(greetings(vec!["Ada", "Grace"]).collect());
    writeln!(out, "   {said:?}")?;

    writeln!(
        out,
        "\n7. gen_block! is a generator expression: (x * x for x in xs if x % 2):"
    )?;
    let xs = [1, 2, 3, 4, 5];
    let odd_squares = gen_block!({
        for x in xs {
            if x % 2 == 1 {
                yield_!(x * x);
            }
        }
    });
    writeln!(out, "   {:?}", odd_squares.collect::<Vec<_>>())?;
    Ok(())
}

fn main() -> io::Result<()> {
    run(&mut io::stdout().lock())
}
