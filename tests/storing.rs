//! Storing and returning generators (issue 15 item 5): every form the README's "Storing and
//! returning generators" section shows (`gen-core/doc/storing.md`), compiled and run, with
//! what each form promises checked: the values, that a stored generator keeps its place when
//! the struct holding it moves, `Send` where the form says so, and recursion through each
//! boxed form. What each form allocates is checked in `allocations.rs`.

use std::cell::Cell;
use std::pin::{Pin, pin};
use std::rc::Rc;

use futures::stream::{BoxStream, LocalBoxStream, Stream, StreamExt};
use pygen::prelude::*;
use pygen::{BoxGen, Fallible, LocalBoxGen, Status};

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[generator(yield = u64)]
fn naturals() {
    let mut n = 0;
    loop {
        yield_!(n);
        n += 1;
    }
}

#[generator(yield = f64, resume = f64)]
fn averager() -> usize {
    let (mut total, mut count) = (0.0, 0.0);
    let mut average = 0.0;
    loop {
        let value = yield_!(average);
        if value.is_nan() {
            return count as usize;
        }
        total += value;
        count += 1.0;
        average = total / count;
    }
}

#[generator(yield = &'a str)]
fn words<'a>(text: &'a str) {
    for word in text.split_whitespace() {
        yield_!(word);
    }
}

// ---------------------------------------------------------------------------------------
// Returning `impl Iterator`, `impl Stream`, and the generator type with its body unnamed.
// ---------------------------------------------------------------------------------------

fn odd_squares() -> impl Iterator<Item = u64> {
    naturals().filter(|n| n % 2 == 1).map(|n| n * n)
}

#[test]
fn an_impl_iterator_return_hides_the_generator() {
    assert_eq!(odd_squares().take(4).collect::<Vec<_>>(), [1, 9, 25, 49]);
    // Auto traits leak through `impl Trait`: the generator is `Send`, so the iterator is.
    let sum = std::thread::spawn(|| assert_send(odd_squares()).take(3).sum::<u64>());
    assert_eq!(sum.join().unwrap(), 35);
}

/// Python's `@coroutine` decorator: the coroutine comes back primed, with its methods.
fn primed_averager() -> Gen<f64, f64, impl Future<Output = usize>> {
    let mut avg = averager();
    assert_eq!(avg.start(), GeneratorState::Yielded(0.0));
    avg
}

#[test]
fn a_gen_return_with_an_unnamed_body_keeps_the_methods() {
    let mut avg = primed_averager();
    assert_eq!(avg.status(), Status::Suspended);
    assert_eq!(avg.resume(4.0), GeneratorState::Yielded(4.0));
    assert_eq!(avg.resume(8.0), GeneratorState::Yielded(6.0));
    assert_eq!(avg.resume(f64::NAN), GeneratorState::Complete(2));
    assert_eq!(avg.status(), Status::Complete);
    // Unlike an `impl Iterator`, a `Gen` can be pinned by the caller, to resume it in place.
    let mut pinned = pin!(primed_averager());
    assert_eq!(pinned.as_mut().resume(1.0), GeneratorState::Yielded(1.0));
}

/// The same for a fallible generator: its marker is part of the type written.
#[generator(yield = u32)]
fn parsed(text: &str) -> Result<usize, std::num::ParseIntError> {
    let mut count = 0;
    for word in text.split_whitespace() {
        yield_!(word.parse()?);
        count += 1;
    }
    Ok(count)
}

fn parsed_numbers(
    text: &str,
) -> Gen<u32, (), impl Future<Output = Result<usize, std::num::ParseIntError>>, Fallible> {
    parsed(text)
}

#[test]
fn a_fallible_gen_return_names_its_marker() {
    let mut items = parsed_numbers("1 2 3").results();
    assert_eq!(
        items.by_ref().collect::<Result<Vec<_>, _>>(),
        Ok(vec![1, 2, 3])
    );
    assert_eq!(items.return_value(), Some(3));
    let items: Vec<_> = parsed_numbers("1 x").results().collect();
    assert!(matches!(items[..], [Ok(1), Err(_)]));
}

trait Numbers {
    fn numbers(&self) -> impl Iterator<Item = u32>;
}

struct UpTo(u32);

impl Numbers for UpTo {
    // A trait method returning `impl Iterator`, implemented by a generator.
    #[generator(yield = u32)]
    fn numbers(&self) {
        for i in 1..=self.0 {
            yield_!(i);
        }
    }
}

#[test]
fn a_trait_method_returning_impl_iterator_is_implemented_by_a_generator() {
    assert_eq!(UpTo(3).numbers().collect::<Vec<_>>(), [1, 2, 3]);
}

// ---------------------------------------------------------------------------------------
// Generic parameters.
// ---------------------------------------------------------------------------------------

fn total(items: impl Iterator<Item = u64>) -> u64 {
    items.sum()
}

/// Starts a coroutine, sends it every value, and collects what it answers.
fn feed<G: Generator<f64, Yield = f64>>(mut g: Pin<&mut G>, values: &[f64]) -> Vec<f64> {
    g.as_mut().start();
    values
        .iter()
        .filter_map(|&v| g.as_mut().resume(v).yielded())
        .collect()
}

#[test]
fn a_generic_parameter_takes_generators_and_other_iterators() {
    assert_eq!(total(naturals().take(4)), 6);
    assert_eq!(total(pin!(naturals()).take(4)), 6);
    assert_eq!(total(0..4), 6);
}

#[test]
fn a_generic_generator_parameter_takes_every_pinning() {
    // Pinned on the stack.
    assert_eq!(feed(pin!(averager()), &[2.0, 4.0, 9.0]), [2.0, 3.0, 5.0]);
    // In a box.
    let mut boxed = Box::pin(averager());
    assert_eq!(feed(boxed.as_mut(), &[1.0, 3.0]), [1.0, 2.0]);
    assert_eq!(boxed.status(), Status::Suspended);
    // Boxed by pygen (`Unpin`, so `Pin::new` pins it).
    let mut local = averager().boxed_local();
    assert_eq!(feed(Pin::new(&mut local), &[5.0]), [5.0]);
    assert_eq!(local.resume(f64::NAN), GeneratorState::Complete(1));
}

// ---------------------------------------------------------------------------------------
// Struct fields: a generic parameter, `Pin<Box<G>>`, `LocalBoxGen` / `BoxGen`.
// ---------------------------------------------------------------------------------------

/// Reads `key=value` words one at a time.
struct Settings<I> {
    words: I,
}

impl<'a, I: Iterator<Item = &'a str>> Settings<I> {
    fn next_setting(&mut self) -> Option<(&'a str, &'a str)> {
        self.words.next()?.split_once('=')
    }
}

fn settings(text: &str) -> Settings<impl Iterator<Item = &str>> {
    Settings { words: words(text) }
}

#[test]
fn a_generic_field_holds_a_generator_and_moves_with_it() {
    let text = String::from("width=80 color=auto tabs=4");
    let mut s = settings(&text);
    assert_eq!(s.next_setting(), Some(("width", "80")));
    // Started, then moved (into a Vec, then out of it): an owned generator's body is in its
    // box, so moving the struct is fine.
    let mut all = vec![s];
    let mut s = all.pop().unwrap();
    assert_eq!(s.next_setting(), Some(("color", "auto")));
    assert_eq!(s.next_setting(), Some(("tabs", "4")));
    assert_eq!(s.next_setting(), None);
}

/// A generic field pinned by the struct's user: `Pin<&mut G>` borrowed from the stack.
struct Borrowed<'p, G> {
    generator: Pin<&'p mut G>,
}

#[test]
fn a_field_can_borrow_a_generator_pinned_on_the_stack() {
    let g = pin!(naturals());
    let mut holder = Borrowed { generator: g };
    assert_eq!(holder.generator.next(), Some(0));
    assert_eq!(holder.generator.as_mut().nth(2), Some(3));
}

/// A thermostat driven by any coroutine that takes temperatures and answers "heat?".
struct Thermostat<G> {
    policy: Pin<Box<G>>,
}

impl<G: Generator<f64, Yield = bool>> Thermostat<G> {
    fn new(policy: G) -> Self {
        let mut policy = Box::pin(policy);
        policy.as_mut().start();
        Thermostat { policy }
    }

    fn heat(&mut self, temperature: f64) -> bool {
        self.policy.as_mut().resume(temperature).yielded() == Some(true)
    }
}

#[generator(yield = bool, resume = f64)]
fn hysteresis(low: f64, high: f64) {
    let mut heating = false;
    loop {
        let temperature = yield_!(heating);
        if temperature < low {
            heating = true;
        } else if temperature > high {
            heating = false;
        }
    }
}

#[test]
fn a_pinned_box_field_is_generic_over_the_generator_trait() {
    let mut thermostat = Thermostat::new(hysteresis(18.0, 21.0));
    assert!(thermostat.heat(17.0));
    assert!(thermostat.heat(19.5));
    // The struct moves; the generator stays where its box is.
    let mut all = vec![thermostat];
    let mut moved = all.pop().unwrap();
    assert!(!moved.heat(21.5));
    assert!(!moved.heat(19.5));
    assert_eq!(moved.policy.status(), Status::Suspended);
    // Any other `Generator<f64, Yield = bool>` fits the same field: a boxed one here.
    let mut boxed = Thermostat::new(hysteresis(0.0, 1.0).boxed_local());
    assert!(boxed.heat(-1.0));
    // `Send` when the generator is.
    let thermostat = assert_send(Thermostat::new(hysteresis(18.0, 21.0)));
    let heats = std::thread::spawn(move || {
        let mut thermostat = thermostat;
        thermostat.heat(10.0)
    });
    assert!(heats.join().unwrap());
}

/// Jobs of different bodies in one queue: a non-generic struct.
struct Worker {
    jobs: Vec<BoxGen<'static, String>>,
}

#[generator(yield = String, boxed)]
fn download(name: &'static str, parts: u32) {
    for part in 1..=parts {
        yield_!(format!("{name}: part {part}/{parts}"));
    }
}

#[generator(yield = String)]
fn cleanup() {
    yield_!("cleanup".to_string());
}

#[test]
fn a_box_gen_field_is_send_and_holds_generators_of_any_body() {
    let worker = Worker {
        jobs: vec![download("a", 2), cleanup().boxed(), download("b", 1)],
    };
    let log = std::thread::spawn(move || worker.jobs.into_iter().flatten().collect::<Vec<_>>());
    assert_eq!(
        log.join().unwrap(),
        ["a: part 1/2", "a: part 2/2", "cleanup", "b: part 1/1"]
    );
}

/// A `LocalBoxGen` field holds a generator that is not `Send` (it shares an `Rc`).
struct Ticker {
    ticks: LocalBoxGen<'static, u32>,
    seen: Rc<Cell<u32>>,
}

#[generator(yield = u32)]
fn counting(seen: Rc<Cell<u32>>) {
    for i in 1.. {
        seen.set(i);
        yield_!(i);
    }
}

#[test]
fn a_local_box_gen_field_holds_a_generator_that_is_not_send() {
    let seen = Rc::new(Cell::new(0));
    let mut ticker = Ticker {
        ticks: counting(seen.clone()).boxed_local(),
        seen,
    };
    assert_eq!(ticker.ticks.status(), Status::Created);
    assert_eq!(ticker.ticks.nth(2), Some(3));
    assert_eq!(ticker.seen.get(), 3);
    ticker.ticks.close();
    assert_eq!(ticker.ticks.next(), None);
}

// ---------------------------------------------------------------------------------------
// Trait objects: `Box<dyn Iterator>` and `dyn Trait` returning `LocalBoxGen` / `BoxGen`.
// ---------------------------------------------------------------------------------------

#[generator(yield = u32)]
fn countdown(from: u32) {
    for i in (0..=from).rev() {
        yield_!(i);
    }
}

fn numbers(descending: bool) -> Box<dyn Iterator<Item = u32>> {
    if descending {
        Box::new(countdown(3))
    } else {
        Box::new(0..=3)
    }
}

#[test]
fn a_boxed_dyn_iterator_picks_a_generator_at_run_time() {
    assert_eq!(numbers(true).collect::<Vec<_>>(), [3, 2, 1, 0]);
    assert_eq!(numbers(false).collect::<Vec<_>>(), [0, 1, 2, 3]);
    let send: Box<dyn Iterator<Item = u32> + Send> = Box::new(countdown(1));
    let sent = std::thread::spawn(move || send.collect::<Vec<_>>());
    assert_eq!(sent.join().unwrap(), [1, 0]);
}

trait Shape {
    /// The shape's outline, point by point.
    fn outline(&self) -> LocalBoxGen<'_, (i32, i32)>;
}

struct Segment {
    length: i32,
}

struct Square {
    side: i32,
}

impl Shape for Segment {
    #[generator(yield = (i32, i32), boxed_local)]
    fn outline(&self) {
        for x in 0..=self.length {
            yield_!((x, 0));
        }
    }
}

impl Shape for Square {
    #[generator(yield = (i32, i32), boxed_local)]
    fn outline(&self) {
        let s = self.side;
        for corner in [(0, 0), (s, 0), (s, s), (0, s)] {
            yield_!(corner);
        }
    }
}

#[test]
fn a_dyn_trait_method_returns_a_local_box_gen() {
    let shapes: Vec<Box<dyn Shape>> = vec![
        Box::new(Segment { length: 2 }),
        Box::new(Square { side: 5 }),
    ];
    let points: Vec<usize> = shapes.iter().map(|shape| shape.outline().count()).collect();
    assert_eq!(points, [3, 4]);
    assert_eq!(shapes[1].outline().last(), Some((0, 5)));
    // Resumed by hand through the trait object, and delegated to.
    let mut outline = shapes[0].outline();
    assert_eq!(outline.resume(()), GeneratorState::Yielded((0, 0)));
    let rest = gen_block!({
        yield_from!(outline);
    });
    assert_eq!(rest.collect::<Vec<_>>(), [(1, 0), (2, 0)]);
}

/// The `Send` form: a trait whose generators can be consumed on other threads.
trait Source: Sync {
    fn items(&self) -> BoxGen<'_, u64>;
}

struct Evens(u64);

impl Source for Evens {
    #[generator(yield = u64, boxed)]
    fn items(&self) {
        for i in 0..self.0 {
            yield_!(i * 2);
        }
    }
}

#[test]
fn a_dyn_trait_method_returns_a_box_gen_consumed_on_another_thread() {
    let sources: Vec<Box<dyn Source>> = vec![Box::new(Evens(3)), Box::new(Evens(1))];
    let sums = std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .iter()
            .map(|source| {
                let items = source.items();
                scope.spawn(move || items.sum::<u64>())
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(sums, [6, 0]);
}

// ---------------------------------------------------------------------------------------
// Recursion through each boxed form.
// ---------------------------------------------------------------------------------------

struct Node {
    value: u32,
    children: Vec<Node>,
}

fn tree() -> Node {
    let leaf = |value| Node {
        value,
        children: vec![],
    };
    Node {
        value: 1,
        children: vec![
            leaf(2),
            Node {
                value: 3,
                children: vec![leaf(4), leaf(5)],
            },
        ],
    }
}

#[generator(yield = u32)]
fn walk_boxing_each_call(node: &Node) {
    yield_!(node.value);
    for child in &node.children {
        yield_from!(walk_boxing_each_call(child).boxed_local());
    }
}

#[generator(yield = u32, boxed_local)]
fn walk_boxed_local(node: &Node) {
    yield_!(node.value);
    for child in &node.children {
        yield_from!(walk_boxed_local(child));
    }
}

/// `boxed` makes a recursive generator `Send` without `send`.
#[generator(yield = u32, boxed)]
fn walk_boxed(node: &Node) {
    yield_!(node.value);
    for child in &node.children {
        yield_from!(walk_boxed(child));
    }
}

/// `.boxed()` at the call needs `send` on the fn.
#[generator(yield = u32, send)]
fn walk_sent(node: &Node) {
    yield_!(node.value);
    for child in &node.children {
        yield_from!(walk_sent(child).boxed());
    }
}

/// `Box::pin` keeps the concrete type.
#[generator(yield = u32)]
fn walk_box_pin(node: &Node) {
    yield_!(node.value);
    for child in &node.children {
        yield_from!(Box::pin(walk_box_pin(child)));
    }
}

#[generator(yield = u32)]
async fn walk_async(node: &Node) {
    yield_!(node.value);
    for child in &node.children {
        yield_from!(Box::pin(walk_async(child)));
    }
}

#[test]
fn recursion_works_through_every_boxed_form() {
    let tree = tree();
    let order = [1, 2, 3, 4, 5];
    assert_eq!(walk_boxing_each_call(&tree).collect::<Vec<_>>(), order);
    let local: LocalBoxGen<'_, u32> = walk_boxed_local(&tree);
    assert_eq!(local.collect::<Vec<_>>(), order);
    assert_eq!(walk_box_pin(&tree).collect::<Vec<_>>(), order);
    std::thread::scope(|scope| {
        let boxed: BoxGen<'_, u32> = walk_boxed(&tree);
        assert_eq!(scope.spawn(|| boxed.sum::<u32>()).join().unwrap(), 15);
        let sent = assert_send(walk_sent(&tree));
        assert_eq!(scope.spawn(|| sent.sum::<u32>()).join().unwrap(), 15);
    });
    let streamed = futures::executor::block_on(walk_async(&tree).collect::<Vec<_>>());
    assert_eq!(streamed, order);
}

// ---------------------------------------------------------------------------------------
// Async generators: `impl Stream`, `Pin<Box<AsyncGen>>`, `BoxStream`, `LocalBoxStream`.
// ---------------------------------------------------------------------------------------

#[generator(yield = u32)]
async fn ticks(n: u32) {
    for i in 0..n {
        std::future::ready(()).await;
        yield_!(i);
    }
}

#[generator(yield = u32, resume = u32)]
async fn async_echo() {
    let mut x = yield_!(0);
    loop {
        std::future::ready(()).await;
        x = yield_!(x);
    }
}

#[generator(yield = u32)]
async fn fallible_ticks(n: u32) -> Result<(), &'static str> {
    yield_from!(ticks(n));
    Err("tick limit")
}

fn even_ticks(n: u32) -> impl Stream<Item = u32> {
    ticks(n).filter(|i| std::future::ready(i % 2 == 0))
}

struct Feed {
    source: BoxStream<'static, u32>,
}

trait Pages {
    fn pages(&self) -> LocalBoxStream<'_, String>;
}

struct Site(&'static str);

#[generator(yield = String)]
async fn site_pages(site: &Site) {
    for page in 1..=2 {
        std::future::ready(()).await;
        yield_!(format!("{}/{page}", site.0));
    }
}

impl Pages for Site {
    fn pages(&self) -> LocalBoxStream<'_, String> {
        site_pages(self).boxed_local()
    }
}

#[test]
fn async_generators_are_stored_as_streams() {
    futures::executor::block_on(async {
        assert_eq!(even_ticks(5).collect::<Vec<_>>().await, [0, 2, 4]);

        let mut feed = Feed {
            source: ticks(2).boxed(),
        };
        assert_eq!(feed.source.next().await, Some(0));
        assert_eq!(feed.source.next().await, Some(1));
        assert_eq!(feed.source.next().await, None);

        // `Box::pin`: `Unpin`, a `Stream`, and still an `AsyncGen` with its methods.
        let mut pinned = Box::pin(ticks(3));
        assert_eq!(pinned.next().await, Some(0));
        assert_eq!(pinned.status(), Status::Suspended);
        // Resumed with values through `AsyncGenerator`, in its box.
        let mut echo = Box::pin(async_echo());
        assert_eq!(echo.as_mut().start().await, GeneratorState::Yielded(0));
        assert_eq!(echo.as_mut().resume(7).await, GeneratorState::Yielded(7));
        AsyncGenerator::close(pinned.as_mut());
        assert!(pinned.is_complete());
        assert_eq!(pinned.next().await, None);

        // A fallible one, read as a stream of results: `results()` boxes it, so the stream is
        // `Unpin` and can be stored and polled with `next()` as it is.
        let mut results = fallible_ticks(2).results();
        assert_eq!(results.next().await, Some(Ok(0)));
        assert_eq!(results.next().await, Some(Ok(1)));
        assert_eq!(results.next().await, Some(Err("tick limit")));
        assert_eq!(results.next().await, None);

        let sites: Vec<Box<dyn Pages>> = vec![Box::new(Site("a")), Box::new(Site("b"))];
        let mut all = Vec::new();
        for site in &sites {
            all.extend(site.pages().collect::<Vec<_>>().await);
        }
        assert_eq!(all, ["a/1", "a/2", "b/1", "b/2"]);
    });
}
