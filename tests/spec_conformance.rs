//! An independent conformance suite for pygen, written from `SPEC.md` sections 1-5, the
//! public documentation and Python's generator semantics, without reading the implementation.
//!
//! Every test is named after the rule it checks: `spec3_*` (declaring generators), `spec4_*`
//! (consuming them), `spec5_*` (guarantees) and `python_*` (what a Python user expects where the
//! spec defers to Python). Tests that show a disagreement between pygen and the spec are kept
//! but `#[ignore]`d with the reason, so that `cargo test -- --ignored` reproduces them.
//!
//! Scope: `#[generator]` on synchronous functions, `yield_!`, `Gen`, `Gen::new` + `Co`, the
//! `Generator` trait, `GeneratorState`, `Results`. Async generators, `yield_from!`, `gen_block!`
//! and `boxed()` are out of scope.

// A kept `#[allow(unused_variables)]` / `#[deprecated]` is observable only through lints: these
// turn a dropped attribute into a compile error of this suite (see `spec3_attributes_are_kept`).
#![deny(unused_variables, unused_doc_comments, unfulfilled_lint_expectations)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fmt::Display;
use std::iter::FusedIterator;
use std::marker::PhantomData;
use std::num::ParseIntError;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use pygen::Results;
use pygen::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A drop counter. The counter is leaked on purpose: a double drop of a [`Token`] then shows up as
/// a count of 2 instead of being a use-after-free that crashes the suite.
#[derive(Clone, Copy, Debug)]
struct Drops(&'static AtomicUsize);

impl Drops {
    fn new() -> Self {
        Drops(Box::leak(Box::new(AtomicUsize::new(0))))
    }

    fn get(self) -> usize {
        self.0.load(SeqCst)
    }

    fn token(self) -> Token {
        self.tagged(0)
    }

    fn tagged(self, id: u32) -> Token {
        Token { id, drops: self }
    }
}

/// A value whose drops are counted by its [`Drops`].
#[derive(Debug)]
struct Token {
    id: u32,
    drops: Drops,
}

impl Drop for Token {
    fn drop(&mut self) {
        self.drops.0.fetch_add(1, SeqCst);
    }
}

/// A value whose destructor counts itself, then panics.
struct PanicsOnDrop(Drops);

impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        self.0.0.fetch_add(1, SeqCst);
        panic!("destructor panicked");
    }
}

/// An event log shared between a test and a (non-`Send`) generator.
type Log = Rc<RefCell<Vec<String>>>;

/// Logs `drop NAME` when dropped, to check the order of cleanups.
struct Noisy {
    name: &'static str,
    log: Log,
}

impl Drop for Noisy {
    fn drop(&mut self) {
        self.log.borrow_mut().push(format!("drop {}", self.name));
    }
}

fn log_of(log: &Log) -> Vec<String> {
    log.borrow().clone()
}

fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}

/// Runs `f`, which must panic, and returns the panic message.
#[track_caller]
fn panics<T>(f: impl FnOnce() -> T) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic, but the call returned"),
        Err(payload) => message(&*payload),
    }
}

/// Whether `text` mentions one of `words` (case-insensitively).
fn mentions(text: &str, words: &[&str]) -> bool {
    let text = text.to_lowercase();
    words.iter().any(|w| text.contains(&w.to_lowercase()))
}

/// Auto-trait probes (autoref specialization): `is_send!(value)` is `true` exactly when the type
/// of `value` is `Send`, without failing to compile when it is not.
struct Probe<T>(PhantomData<T>);

fn probe_of<T>(_: &T) -> Probe<T> {
    Probe(PhantomData)
}

trait SendYes {
    fn is_send(&self) -> bool {
        true
    }
}
impl<T: Send> SendYes for Probe<T> {}

trait SendNo {
    fn is_send(&self) -> bool {
        false
    }
}
impl<T> SendNo for &Probe<T> {}

trait SyncYes {
    fn is_sync(&self) -> bool {
        true
    }
}
impl<T: Sync> SyncYes for Probe<T> {}

trait SyncNo {
    fn is_sync(&self) -> bool {
        false
    }
}
impl<T> SyncNo for &Probe<T> {}

macro_rules! is_send {
    ($value:expr) => {
        (&probe_of(&$value)).is_send()
    };
}

macro_rules! is_sync {
    ($value:expr) => {
        (&probe_of(&$value)).is_sync()
    };
}

fn assert_send<T: Send>(_: &T) {}
fn assert_fused<I: FusedIterator>(_: &I) {}

/// Counts the heap allocations made by the current thread, so that tests running in parallel do
/// not disturb each other's counts.
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; counting
// touches only a const-initialized thread-local `Cell`, which does not allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded from our caller, who upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` through `alloc` above, with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded from our caller, who upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result with the number of heap allocations it made on this thread.
fn allocations_in<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    let after = ALLOCATIONS.with(Cell::get);
    (value, after - before)
}

/// A future that is `Pending` once (after waking its waker, and optionally stashing a clone of
/// it), then `Ready(9)`: a "foreign" future that a synchronous generator cannot await.
struct PendingOnce {
    polled: bool,
    stash: Option<Arc<Mutex<Option<Waker>>>>,
}

impl Future for PendingOnce {
    type Output = u8;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        if self.polled {
            return Poll::Ready(9);
        }
        self.polled = true;
        if let Some(stash) = &self.stash {
            *stash.lock().unwrap() = Some(cx.waker().clone());
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Polls a future exactly once, with the caller's context, and evaluates to the `Poll`.
struct PollOnce<'a, F>(Pin<&'a mut F>);

impl<F: Future> Future for PollOnce<'_, F> {
    type Output = Poll<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Poll<F::Output>> {
        Poll::Ready(self.0.as_mut().poll(cx))
    }
}

/// A type-erased generator of `u32`s.
type DynGen = Pin<Box<dyn Generator<(), Yield = u32, Return = ()>>>;

/// Drives any `Unpin` generator with `()` to its end, collecting yields and the return value.
fn drain<G>(mut g: G) -> (Vec<G::Yield>, G::Return)
where
    G: Generator<()> + Unpin,
{
    let mut out = Vec::new();
    loop {
        match Pin::new(&mut g).resume(()) {
            GeneratorState::Yielded(y) => out.push(y),
            GeneratorState::Complete(r) => return (out, r),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generators shared by several tests
// ---------------------------------------------------------------------------------------------

#[generator(yield = u32)]
fn count_to(n: u32) {
    for i in 1..=n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
fn fibonacci() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

#[generator(yield = u32)]
fn logged(log: Log) -> &'static str {
    log.borrow_mut().push("body started".into());
    yield_!(1);
    log.borrow_mut().push("after first yield".into());
    yield_!(2);
    log.borrow_mut().push("after second yield".into());
    "end"
}

/// Holds a guard token for its whole life and counts up forever.
#[generator(yield = u32)]
fn guarded_counter(drops: Drops) -> &'static str {
    let _guard = drops.token();
    let mut i = 0;
    loop {
        yield_!(i);
        i += 1;
    }
}

/// Holds a guard, yields `0..n`, then panics.
#[generator(yield = u32)]
fn panics_after(n: u32, drops: Drops) -> u32 {
    let _guard = drops.token();
    for i in 0..n {
        yield_!(i);
    }
    panic!("boom after {n}");
}

/// Yields `n` tokens counted by `drops`, tagged `0..n`.
#[generator(yield = Token)]
fn tokens(drops: Drops, n: u32) {
    for i in 0..n {
        yield_!(drops.tagged(i));
    }
}

/// Records which resume value each yield received.
#[generator(yield = u32, resume = &'static str)]
fn records_sends() -> Vec<(u32, &'static str)> {
    let mut seen = Vec::new();
    for i in 0..3 {
        let v = yield_!(i);
        seen.push((i, v));
    }
    seen
}

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

// ---------------------------------------------------------------------------------------------
// SPEC 1: the example
// ---------------------------------------------------------------------------------------------

#[test]
fn spec1_fibonacci_example_takes_ten() {
    let first: Vec<u64> = fibonacci().take(10).collect();
    assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
}

#[test]
fn spec1_generators_can_be_infinite_and_lazy() {
    // Taking from an infinite generator terminates and computes only what is asked for.
    assert_eq!(fibonacci().nth(90), Some(2880067194370816120));
    assert_eq!(
        fibonacci().skip(3).step_by(2).take(3).collect::<Vec<_>>(),
        [2, 5, 13]
    );
}

// ---------------------------------------------------------------------------------------------
// SPEC 3: declaring generators
// ---------------------------------------------------------------------------------------------

#[generator(yield = &'static str)]
fn no_return_type() {
    yield_!("only");
}

#[test]
fn spec3_default_return_type_is_unit() {
    let mut g = no_return_type();
    assert_eq!(g.resume(()), GeneratorState::Yielded("only"));
    assert_eq!(g.resume(()), GeneratorState::Complete(()));
}

#[generator(yield = u8)]
fn tail_expression() -> String {
    yield_!(1);
    String::from("tail")
}

#[test]
fn spec3_tail_expression_is_the_return_value() {
    let mut g = tail_expression();
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Complete("tail".to_string()));
}

#[generator(yield = u32)]
fn early_return(limit: u32) -> &'static str {
    let mut i = 0;
    loop {
        if i == limit {
            return "hit limit";
        }
        yield_!(i);
        i += 1;
    }
}

#[test]
fn spec3_return_statement_sets_the_return_value_and_ends_the_body() {
    let mut g = early_return(2);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Complete("hit limit"));
    assert!(g.is_complete());
}

#[generator(yield = u32)]
fn returns_before_any_yield(flag: bool) -> u8 {
    if flag {
        return 7;
    }
    yield_!(1);
    8
}

#[test]
fn python_generator_returning_before_its_first_yield_is_empty() {
    let mut g = returns_before_any_yield(true);
    assert_eq!(g.resume(()), GeneratorState::Complete(7));
    assert_eq!(returns_before_any_yield(true).count(), 0);
    assert_eq!(returns_before_any_yield(false).collect::<Vec<_>>(), [1]);
}

#[generator(yield = u32)]
fn bare_return(stop_at: u32) {
    for i in 0.. {
        if i == stop_at {
            return;
        }
        yield_!(i);
    }
}

#[test]
fn spec3_bare_return_in_unit_generator() {
    assert_eq!(bare_return(3).collect::<Vec<_>>(), [0, 1, 2]);
}

#[generator(yield = u32)]
fn parse_each(items: &'static [&'static str]) -> Result<usize, ParseIntError> {
    let mut n = 0;
    for s in items {
        let v: u32 = s.parse()?;
        yield_!(v);
        n += 1;
    }
    Ok(n)
}

#[test]
fn spec3_question_mark_ok_path_returns_ok() {
    let mut g = parse_each(&["1", "2"]);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Yielded(2));
    assert_eq!(g.resume(()), GeneratorState::Complete(Ok(2)));
}

#[test]
fn spec3_question_mark_err_ends_the_generator_with_the_error() {
    let mut g = parse_each(&["1", "x", "3"]);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    match g.resume(()) {
        GeneratorState::Complete(Err(e)) => assert_eq!(e, "x".parse::<u32>().unwrap_err()),
        other => panic!("expected Complete(Err(_)), got {other:?}"),
    }
    assert!(g.is_complete());
    // Nothing after the error: "3" is never yielded. (`parse_each` returns a `Result`, so it
    // is iterated only by saying what happens to its error.)
    assert_eq!(g.discard_return().next(), None);
}

#[derive(Debug, PartialEq)]
enum AppError {
    Parse(String),
    Negative(i64),
}

impl From<ParseIntError> for AppError {
    fn from(e: ParseIntError) -> Self {
        AppError::Parse(e.to_string())
    }
}

#[generator(yield = i64)]
fn checked(items: &'static [&'static str]) -> Result<(), AppError> {
    for s in items {
        let v: i64 = s.parse()?; // converted with `From`
        if v < 0 {
            Err(AppError::Negative(v))?;
        }
        yield_!(v);
    }
    Ok(())
}

#[test]
fn spec3_question_mark_converts_errors_with_from() {
    let mut g = checked(&["4", "-2"]);
    assert_eq!(g.resume(()), GeneratorState::Yielded(4));
    assert_eq!(
        g.resume(()),
        GeneratorState::Complete(Err(AppError::Negative(-2)))
    );
    let mut g = checked(&["z"]);
    assert!(matches!(
        g.resume(()),
        GeneratorState::Complete(Err(AppError::Parse(_)))
    ));
}

#[generator(yield = u32)]
fn question_mark_inside_yield(lines: &'static [&'static str]) -> Result<(), ParseIntError> {
    for line in lines {
        yield_!(line.parse()?);
    }
    Ok(())
}

#[test]
fn spec3_question_mark_inside_a_yield_argument() {
    let (values, ret) = drain(Box::pin(question_mark_inside_yield(&["5", "6", "?"])));
    assert_eq!(values, [5, 6]);
    assert!(ret.is_err());
}

#[generator(yield = u32, resume = u32)]
fn yield_in_expressions() -> u32 {
    // Python: `x = yield (yield 1) * 2`. pygen rejects `yield_!(yield_!(1) * 2)` at compile
    // time (see the report), so the inner yield is bound first.
    let inner = yield_!(1) * 2;
    let x = yield_!(inner) + yield_!(0);
    x + 1
}

#[test]
fn spec3_yield_is_an_expression() {
    let mut g = yield_in_expressions();
    assert_eq!(g.start(), GeneratorState::Yielded(1));
    assert_eq!(g.resume(10), GeneratorState::Yielded(20));
    assert_eq!(g.resume(100), GeneratorState::Yielded(0));
    assert_eq!(g.resume(1000), GeneratorState::Complete(1101));
}

#[generator(yield = &'static str, resume = i32)]
fn yields_in_control_flow() -> i32 {
    let mut score = 0;
    while score < 10 {
        match yield_!("more?") {
            0 => return -1,
            n if n > 0 => score += n,
            _ => {
                if yield_!("negative, sure?") == 1 {
                    score = 0;
                }
            }
        }
    }
    score
}

#[test]
fn spec3_yield_inside_match_while_and_if() {
    let mut g = yields_in_control_flow();
    assert_eq!(g.start(), GeneratorState::Yielded("more?"));
    assert_eq!(g.resume(4), GeneratorState::Yielded("more?"));
    assert_eq!(g.resume(-1), GeneratorState::Yielded("negative, sure?"));
    assert_eq!(g.resume(1), GeneratorState::Yielded("more?"));
    assert_eq!(g.resume(12), GeneratorState::Complete(12));
    let mut g = yields_in_control_flow();
    g.start();
    assert_eq!(g.resume(0), GeneratorState::Complete(-1));
}

// --- argument shapes --------------------------------------------------------------------------

#[generator(yield = u32)]
fn pattern_arguments(mut n: u32, (step, limit): (u32, u32), _: ()) {
    while n < limit {
        yield_!(n);
        n += step;
    }
}

#[test]
fn spec3_mut_and_pattern_arguments() {
    assert_eq!(
        pattern_arguments(1, (3, 10), ()).collect::<Vec<_>>(),
        [1, 4, 7]
    );
}

// --- lifetimes, borrowing arguments across yields ---------------------------------------------

#[generator(yield = &'a T)]
fn iter_slice<'a, T>(v: &'a [T]) {
    for x in v {
        yield_!(x);
    }
}

#[test]
fn spec3_borrows_its_argument_across_yields() {
    let data = vec![String::from("a"), String::from("b"), String::from("c")];
    let got: Vec<&String> = iter_slice(&data).collect();
    assert_eq!(got, [&data[0], &data[1], &data[2]]);
}

#[test]
fn spec3_yielded_references_live_as_long_as_the_borrowed_data_not_the_generator() {
    let data = [10, 20, 30];
    let first = {
        let mut g = iter_slice(&data);
        g.next().unwrap()
    }; // the generator is gone; the reference into `data` is still usable
    assert!(std::ptr::eq(first, &data[0]));
}

#[generator(yield = &'a str)]
fn split_on<'a, 'b>(text: &'a str, sep: &'b str) -> usize {
    let mut n = 0;
    for part in text.split(sep) {
        yield_!(part);
        n += 1;
    }
    n
}

#[test]
fn spec3_several_lifetimes() {
    let text = String::from("a--b--c");
    let sep = String::from("--");
    let mut g = split_on(&text, &sep);
    assert_eq!(g.resume(()), GeneratorState::Yielded("a"));
    assert_eq!(g.resume(()), GeneratorState::Yielded("b"));
    assert_eq!(g.resume(()), GeneratorState::Yielded("c"));
    assert_eq!(g.resume(()), GeneratorState::Complete(3));
}

#[generator(yield = char)]
fn vowels(text: &str) {
    for c in text.chars().filter(|c| "aeiou".contains(*c)) {
        yield_!(c);
    }
}

#[test]
fn spec3_elided_argument_lifetime_borrowed_across_yields() {
    let text = String::from("generator");
    assert_eq!(vowels(&text).collect::<String>(), "eeao");
}

// --- generics, where clauses, impl Trait arguments --------------------------------------------

#[generator(yield = T)]
fn repeat_n<T: Clone>(value: T, n: usize) {
    for _ in 0..n {
        yield_!(value.clone());
    }
}

#[test]
fn spec3_generic_function() {
    assert_eq!(repeat_n("x", 3).collect::<Vec<_>>(), ["x", "x", "x"]);
    assert_eq!(
        repeat_n(vec![1u8], 2).collect::<Vec<_>>(),
        [vec![1], vec![1]]
    );
}

#[generator(yield = String)]
fn labelled<T, I>(items: I, label: &str) -> usize
where
    I: IntoIterator<Item = T>,
    T: Display,
{
    let mut n = 0;
    for item in items {
        yield_!(format!("{label}{item}"));
        n += 1;
    }
    n
}

#[test]
fn spec3_where_clause() {
    let mut g = labelled([1, 2], "#");
    assert_eq!(g.resume(()), GeneratorState::Yielded("#1".to_string()));
    assert_eq!(g.resume(()), GeneratorState::Yielded("#2".to_string()));
    assert_eq!(g.resume(()), GeneratorState::Complete(2));
}

#[generator(yield = [T; N])]
fn windows_of<T: Copy + Default, const N: usize>(v: &[T]) {
    for w in v.windows(N) {
        let mut a = [T::default(); N];
        a.copy_from_slice(w);
        yield_!(a);
    }
}

#[test]
fn spec3_const_generic_and_borrowed_slice() {
    let got: Vec<[u8; 2]> = windows_of::<u8, 2>(&[1, 2, 3]).collect();
    assert_eq!(got, [[1, 2], [2, 3]]);
}

#[generator(yield = String)]
fn render(items: impl IntoIterator<Item = u32>, fmt: impl Fn(u32) -> String) {
    for i in items {
        yield_!(fmt(i));
    }
}

#[test]
fn spec3_impl_trait_arguments() {
    let got: Vec<String> = render(vec![1, 2], |i| format!("<{i}>")).collect();
    assert_eq!(got, ["<1>", "<2>"]);
}

// --- methods ----------------------------------------------------------------------------------

#[derive(Debug)]
struct Library {
    books: Vec<String>,
    lent: usize,
}

impl Library {
    fn new(books: &[&str]) -> Self {
        Library {
            books: books.iter().map(|b| b.to_string()).collect(),
            lent: 0,
        }
    }

    fn len_of(title: &str) -> usize {
        title.len()
    }

    #[generator(yield = &'a str)]
    fn titles<'a>(&'a self) {
        for b in &self.books {
            yield_!(b.as_str());
        }
    }

    #[generator(yield = usize)]
    fn title_lengths(&self) {
        for b in self.books.iter() {
            yield_!(Self::len_of(b));
        }
    }

    #[generator(yield = String)]
    fn lend_all(&mut self) -> usize {
        while let Some(b) = self.books.pop() {
            self.lent += 1;
            yield_!(b);
        }
        self.lent
    }

    #[generator(yield = String)]
    fn into_titles(self) -> usize {
        let n = self.books.len();
        for b in self.books {
            yield_!(b);
        }
        n
    }

    #[generator(yield = Self)]
    fn split_each(&self) {
        for b in &self.books {
            yield_!(Self {
                books: vec![b.clone()],
                lent: 0
            });
        }
    }

    #[generator(yield = u32)]
    fn associated(n: u32) {
        for i in 0..n {
            yield_!(i * 10);
        }
    }
}

#[test]
fn spec3_method_with_shared_self_borrowed_across_yields() {
    let lib = Library::new(&["Dune", "Emma"]);
    assert_eq!(lib.titles().collect::<Vec<_>>(), ["Dune", "Emma"]);
    assert_eq!(lib.title_lengths().collect::<Vec<_>>(), [4, 4]);
}

#[test]
fn spec3_method_with_mut_self_mutates_across_yields() {
    let mut lib = Library::new(&["a", "b", "c"]);
    {
        let mut g = lib.lend_all();
        assert_eq!(g.next(), Some("c".to_string()));
        // partially consumed, then dropped: the mutations so far stay.
    }
    assert_eq!(lib.lent, 1);
    assert_eq!(lib.books, ["a", "b"]);
    let mut g = lib.lend_all();
    assert_eq!(g.resume(()), GeneratorState::Yielded("b".to_string()));
    assert_eq!(g.resume(()), GeneratorState::Yielded("a".to_string()));
    assert_eq!(g.resume(()), GeneratorState::Complete(3));
}

#[test]
fn spec3_method_taking_self_by_value() {
    let lib = Library::new(&["x", "y"]);
    let mut g = lib.into_titles();
    assert_eq!(g.resume(()), GeneratorState::Yielded("x".to_string()));
    assert_eq!(g.resume(()), GeneratorState::Yielded("y".to_string()));
    assert_eq!(g.resume(()), GeneratorState::Complete(2));
}

#[test]
fn spec3_method_yielding_self_type_and_associated_function() {
    let lib = Library::new(&["p", "q"]);
    let parts: Vec<Library> = lib.split_each().collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].books, ["q"]);
    assert_eq!(Library::associated(3).collect::<Vec<_>>(), [0, 10, 20]);
}

struct Wrapper<T>(Vec<T>);

impl<T> Wrapper<T>
where
    T: Display,
{
    #[generator(yield = String)]
    fn shown(&self, prefix: &str) {
        for x in &self.0 {
            yield_!(format!("{prefix}{x}"));
        }
    }
}

#[test]
fn spec3_method_of_a_generic_impl_with_where_clause() {
    let w = Wrapper(vec![1.5, 2.5]);
    assert_eq!(w.shown("v=").collect::<Vec<_>>(), ["v=1.5", "v=2.5"]);
}

// --- trait impl methods -------------------------------------------------------------------------

trait Shape {
    fn corners(&self) -> impl Iterator<Item = (i32, i32)>;
}

struct Square(i32);

impl Shape for Square {
    #[generator(yield = (i32, i32))]
    fn corners(&self) {
        let s = self.0;
        yield_!((0, 0));
        yield_!((s, 0));
        yield_!((s, s));
        yield_!((0, s));
    }
}

struct Many<T>(Vec<T>);

impl<T: Shape> Shape for Many<T> {
    #[generator(yield = (i32, i32))]
    fn corners(&self) {
        for shape in &self.0 {
            for c in shape.corners() {
                yield_!(c);
            }
        }
    }
}

fn corner_count(shape: &impl Shape) -> usize {
    shape.corners().count()
}

#[test]
fn spec3_trait_impl_method_returning_impl_iterator() {
    let sq = Square(2);
    assert_eq!(
        sq.corners().collect::<Vec<_>>(),
        [(0, 0), (2, 0), (2, 2), (0, 2)]
    );
    // Through the trait, generically.
    assert_eq!(corner_count(&sq), 4);
    assert_eq!(corner_count(&Many(vec![Square(1), Square(3)])), 8);
}

// --- visibility ---------------------------------------------------------------------------------

// `pub` is what is being tested here, even though a test crate exports nothing.
#[allow(unreachable_pub)]
mod visibility {
    use pygen::prelude::*;

    #[generator(yield = u8)]
    pub fn public() {
        yield_!(1);
    }

    #[generator(yield = u8)]
    pub(crate) fn crate_visible() {
        yield_!(2);
    }

    #[generator(yield = u8)]
    pub(super) fn parent_visible() {
        yield_!(3);
    }

    #[generator(yield = u8)]
    pub(in crate::visibility) fn path_visible() {
        yield_!(4);
    }

    #[generator(yield = u8)]
    fn private() {
        yield_!(5);
    }

    pub(crate) fn private_ones() -> Vec<u8> {
        path_visible().chain(private()).collect()
    }
}

#[test]
fn spec3_any_visibility() {
    let all: Vec<u8> = visibility::public()
        .chain(visibility::crate_visible())
        .chain(visibility::parent_visible())
        .chain(visibility::private_ones())
        .collect();
    assert_eq!(all, [1, 2, 3, 4, 5]);
}

// --- attributes and doc comments ----------------------------------------------------------------

/// A documented generator: its doc comment must stay on the function.
#[generator(yield = u8)]
#[deprecated(note = "kept by #[generator]")]
#[allow(unused_variables)]
#[inline]
fn decorated(unused: u8) {
    let also_unused = 3;
    yield_!(1);
}

#[test]
fn spec3_attributes_are_kept() {
    // If `#[generator]` dropped `#[deprecated]`, this `expect` would be unfulfilled; if it dropped
    // `#[allow(unused_variables)]`, `decorated` would trip `unused_variables`. Both are denied at
    // the top of this file, so either loss is a compile error of the suite.
    #[expect(deprecated, reason = "#[generator] must keep #[deprecated]")]
    let g = decorated(0);
    assert_eq!(g.collect::<Vec<_>>(), [1]);
}

#[test]
fn spec3_generator_declared_inside_a_function_body() {
    #[generator(yield = usize)]
    fn local(n: usize) -> usize {
        for i in 0..n {
            yield_!(i);
        }
        n
    }
    let mut g = local(1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(g.resume(()), GeneratorState::Complete(1));
}

// --- crate = path -------------------------------------------------------------------------------

mod reexporter {
    pub(crate) use pygen as runtime;
}

// With `crate = path`, the expansion's `path::__private::Future` carries the user's spans and
// trips `unused_qualifications` (a workspace lint), see the report.
#[allow(unused_qualifications)]
mod uses_reexport {
    use crate::reexporter::runtime::generator;

    #[generator(yield = u8, crate = crate::reexporter::runtime)]
    pub(crate) fn via_reexport() -> u8 {
        yield_!(1);
        2
    }

    #[generator(yield = u8, resume = u8, crate = crate::reexporter::runtime)]
    pub(crate) fn via_reexport_with_resume() -> u8 {
        let x = yield_!(1);
        x * 2
    }
}

#[test]
fn spec3_crate_path_argument() {
    let mut g = uses_reexport::via_reexport();
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Complete(2));
    let mut g = uses_reexport::via_reexport_with_resume();
    assert_eq!(g.start(), GeneratorState::Yielded(1));
    assert_eq!(g.resume(21), GeneratorState::Complete(42));
}

// --- Gen::new, the macro-free constructor ------------------------------------------------------

fn squares(n: u32) -> Gen<u32, (), impl Future<Output = &'static str>> {
    Gen::new(move |mut co: Co<u32>| async move {
        for i in 0..n {
            co.yield_(i * i).await;
        }
        "squared"
    })
}

#[test]
fn spec3_gen_new_builds_a_generator_without_macros() {
    assert_eq!(squares(4).collect::<Vec<_>>(), [0, 1, 4, 9]);
    let mut g = squares(1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(g.resume(()), GeneratorState::Complete("squared"));
}

#[test]
fn spec3_gen_new_with_resume_values() {
    let mut total = Gen::new(|mut co: Co<i32, i32>| async move {
        let mut sum = 0;
        loop {
            sum += co.yield_(sum).await;
        }
    });
    assert_eq!(total.start(), GeneratorState::Yielded(0));
    assert_eq!(total.resume(5), GeneratorState::Yielded(5));
    assert_eq!(total.resume(-2), GeneratorState::Yielded(3));
}

#[test]
fn spec3_gen_new_calls_the_producer_now_but_runs_the_body_on_first_resume() {
    let produced = Cell::new(false);
    let ran = Cell::new(false);
    let mut g = Gen::new(|mut co: Co<u8>| {
        produced.set(true);
        let ran = &ran;
        async move {
            ran.set(true);
            co.yield_(1).await;
        }
    });
    assert!(
        produced.get(),
        "documented: the producer is called right away"
    );
    assert!(!ran.get(), "the body must not run before the first resume");
    assert_eq!(g.next(), Some(1));
    assert!(ran.get());
}

// ---------------------------------------------------------------------------------------------
// SPEC 4: consuming generators
// ---------------------------------------------------------------------------------------------

// --- `g = f()` runs nothing -------------------------------------------------------------------

#[test]
fn python_calling_a_generator_function_runs_nothing() {
    let log = Log::default();
    let g = logged(log.clone());
    assert!(log_of(&log).is_empty());
    drop(g);
    assert!(
        log_of(&log).is_empty(),
        "dropping an unstarted generator must not run its body"
    );
}

#[test]
fn python_body_runs_only_up_to_each_yield() {
    let log = Log::default();
    let mut g = logged(log.clone());
    assert_eq!(g.next(), Some(1));
    assert_eq!(log_of(&log), ["body started"]);
    assert_eq!(g.next(), Some(2));
    assert_eq!(log_of(&log), ["body started", "after first yield"]);
    // The code after the last yield runs only when the consumer asks for one more value.
    assert_eq!(log_of(&log).len(), 2);
    assert_eq!(g.next(), None);
    assert_eq!(
        log_of(&log),
        ["body started", "after first yield", "after second yield"]
    );
}

// --- Iterator when the resume type is () --------------------------------------------------------

#[test]
fn spec4_gen_is_an_iterator_usable_in_for_loops_and_adapters() {
    let mut seen = Vec::new();
    for x in count_to(3) {
        seen.push(x);
    }
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(count_to(10).take(3).collect::<Vec<_>>(), [1, 2, 3]); // islice
    assert_eq!(
        count_to(4)
            .filter(|x| x % 2 == 0)
            .map(|x| x * 10)
            .collect::<Vec<_>>(),
        [20, 40]
    );
    assert_eq!(
        count_to(2).zip(count_to(3).skip(1)).collect::<Vec<_>>(),
        [(1, 2), (2, 3)]
    );
    assert_eq!(
        count_to(2).chain(count_to(1)).collect::<Vec<_>>(),
        [1, 2, 1]
    );
    let mut p = count_to(2).peekable();
    assert_eq!(p.peek(), Some(&1));
    assert_eq!(p.collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn spec4_fold_based_adapters_give_the_same_values() {
    assert_eq!(count_to(100).sum::<u32>(), 5050);
    assert_eq!(count_to(100).count(), 100);
    assert_eq!(count_to(100).last(), Some(100));
    assert_eq!(count_to(100).max(), Some(100));
    let mut v = Vec::new();
    count_to(3).for_each(|x| v.push(x));
    assert_eq!(v, [1, 2, 3]);
}

#[test]
fn spec4_fold_after_partial_consumption_continues_where_it_stopped() {
    let mut g = count_to(5);
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.next(), Some(2));
    assert_eq!(g.sum::<u32>(), 3 + 4 + 5);
    let mut g = count_to(5);
    assert_eq!(g.by_ref().take(2).sum::<u32>(), 3);
    assert_eq!(g.collect::<Vec<_>>(), [3, 4, 5]);
}

#[test]
fn spec4_exhausted_generator_keeps_returning_none() {
    let tail_runs = Cell::new(0);
    #[generator(yield = u8)]
    fn ends(tail_runs: &Cell<u32>) {
        yield_!(1);
        tail_runs.set(tail_runs.get() + 1);
    }
    let mut g = ends(&tail_runs);
    assert_fused(&g);
    assert_eq!(g.next(), Some(1));
    for _ in 0..5 {
        assert_eq!(g.next(), None);
    }
    assert_eq!(
        tail_runs.get(),
        1,
        "the code after the last yield runs exactly once"
    );
    assert!(g.is_complete());
}

#[test]
fn spec4_iteration_discards_the_return_value_exactly_once() {
    let d = Drops::new();
    #[generator(yield = u8)]
    fn returns_token(d: Drops) -> Token {
        yield_!(1);
        d.token()
    }
    let mut g = returns_token(d);
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.next(), None);
    assert_eq!(
        d.get(),
        1,
        "the return value, unused by next(), is dropped once"
    );
    assert_eq!(g.next(), None);
    drop(g);
    assert_eq!(d.get(), 1);
}

#[test]
fn spec4_iterator_after_resume_completed_returns_none() {
    let mut g = count_to(1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Complete(()));
    assert_eq!(g.next(), None);
}

// --- values in order, none lost or duplicated -------------------------------------------------

#[test]
fn python_values_are_delivered_in_order_none_lost_or_duplicated() {
    let d = Drops::new();
    let ids: Vec<u32> = tokens(d, 1000).map(|t| t.id).collect();
    assert_eq!(ids, (0..1000).collect::<Vec<_>>());
    assert_eq!(d.get(), 1000, "every yielded value is dropped exactly once");
}

#[test]
fn python_values_are_computed_lazily_partial_consumption_creates_no_extra_values() {
    let d = Drops::new();
    let mut g = tokens(d, 1000);
    let first: Vec<Token> = g.by_ref().take(10).collect();
    assert_eq!(first.len(), 10);
    drop(g);
    drop(first);
    assert_eq!(
        d.get(),
        10,
        "only the 10 requested values were ever created"
    );
}

// --- pinned use -------------------------------------------------------------------------------

#[test]
fn spec4_pinned_generator_is_an_iterator() {
    let mut g = pin!(count_to(6));
    assert_fused(&g.as_mut());
    assert_eq!(g.as_mut().next(), Some(1));
    assert_eq!(g.as_mut().take(2).collect::<Vec<_>>(), [2, 3]);
    for x in g.as_mut() {
        if x == 4 {
            break;
        }
    }
    assert_eq!(g.as_mut().next(), Some(5));
    assert_eq!(g.as_mut().sum::<u32>(), 6);
    assert!(g.is_complete());
    assert_eq!(g.as_mut().next(), None);
    assert_eq!(g.as_mut().next(), None);
}

#[test]
fn spec4_pinned_generator_through_the_generator_trait() {
    let mut g = pin!(records_sends());
    assert_eq!(g.as_mut().start(), GeneratorState::Yielded(0));
    assert_eq!(g.as_mut().resume("a"), GeneratorState::Yielded(1));
    assert_eq!(g.as_mut().resume("b"), GeneratorState::Yielded(2));
    assert!(!g.is_complete());
    assert_eq!(
        g.as_mut().resume("c"),
        GeneratorState::Complete(vec![(0, "a"), (1, "b"), (2, "c")])
    );
    assert!(g.is_complete());
}

// --- send / resume ----------------------------------------------------------------------------

#[test]
fn python_send_values_arrive_at_the_yield_that_is_suspended() {
    let mut g = records_sends();
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume("a"), GeneratorState::Yielded(1));
    assert_eq!(g.resume("b"), GeneratorState::Yielded(2));
    assert_eq!(
        g.resume("c"),
        GeneratorState::Complete(vec![(0, "a"), (1, "b"), (2, "c")])
    );
}

#[test]
fn spec4_averager_send_example() {
    let mut avg = averager();
    assert_eq!(avg.start(), GeneratorState::Yielded(0.0));
    assert_eq!(avg.resume(10.0), GeneratorState::Yielded(10.0));
    assert_eq!(avg.resume(20.0), GeneratorState::Yielded(15.0));
    assert_eq!(avg.resume(30.0), GeneratorState::Yielded(20.0));
}

#[test]
fn spec4_yield_evaluates_to_unit_when_resume_type_is_unit() {
    #[generator(yield = u8)]
    fn unit_resume() -> Vec<()> {
        let a: () = yield_!(1);
        let b: () = yield_!(2);
        vec![a, b]
    }
    let mut g = unit_resume();
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Yielded(2));
    assert_eq!(g.resume(()), GeneratorState::Complete(vec![(), ()]));
}

#[generator(yield = u32, resume = Token)]
fn token_sink(received: Rc<RefCell<Vec<u32>>>) {
    let mut n = 0;
    loop {
        let t = yield_!(n);
        received.borrow_mut().push(t.id);
        n += 1;
    }
}

#[test]
fn spec4_a_first_resume_with_a_value_panics_says_to_start_and_drops_the_value_once() {
    let d = Drops::new();
    let received = Rc::new(RefCell::new(Vec::new()));
    let mut g = token_sink(received.clone());
    let msg = panics(|| g.resume(d.tagged(100)));
    assert!(
        mentions(&msg, &["start()"]),
        "the message says to call start(): {msg:?}"
    );
    assert_eq!(d.get(), 1, "the refused value is dropped, once");
    assert!(received.borrow().is_empty(), "nothing ran");
    assert_eq!(g.status(), pygen::Status::Created);
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume(d.tagged(1)), GeneratorState::Yielded(1));
    assert_eq!(
        *received.borrow(),
        [1],
        "the first value sent after start() goes to the first yield"
    );
    assert_eq!(d.get(), 2, "received and dropped by the body");
    drop(g);
    assert_eq!(d.get(), 2);
}

#[test]
fn spec4_every_resume_value_is_dropped_exactly_once() {
    #[generator(yield = u32, resume = Token)]
    fn takes_three() -> u32 {
        let mut sum = 0;
        for i in 0..3 {
            let t = yield_!(i);
            sum += t.id;
        }
        sum
    }
    let d = Drops::new();
    let mut g = takes_three();
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume(d.tagged(1)), GeneratorState::Yielded(1));
    assert_eq!(g.resume(d.tagged(2)), GeneratorState::Yielded(2));
    assert_eq!(g.resume(d.tagged(3)), GeneratorState::Complete(6));
    assert_eq!(d.get(), 3);
    drop(g);
    assert_eq!(d.get(), 3);
}

#[test]
fn spec4_resume_value_held_across_a_yield_is_dropped_by_close() {
    #[generator(yield = u32, resume = Token)]
    fn keeps_last() {
        let mut kept = yield_!(0);
        loop {
            kept = yield_!(kept.id); // the previous one is dropped on assignment
        }
    }
    let d = Drops::new();
    let mut g = keeps_last();
    g.start();
    assert_eq!(g.resume(d.tagged(5)), GeneratorState::Yielded(5));
    assert_eq!(g.resume(d.tagged(6)), GeneratorState::Yielded(6));
    assert_eq!(d.get(), 1);
    g.close();
    assert_eq!(d.get(), 2);
    drop(g);
    assert_eq!(d.get(), 2);
}

// --- start --------------------------------------------------------------------------------------

#[test]
fn spec4_start_runs_to_the_first_yield() {
    let log = Log::default();
    let mut g = logged(log.clone());
    assert_eq!(g.start(), GeneratorState::Yielded(1));
    assert_eq!(log_of(&log), ["body started"]);
    // With resume type (), iteration continues after start.
    assert_eq!(g.next(), Some(2));
}

#[test]
fn spec4_start_on_a_generator_that_returns_at_once_completes() {
    let mut g = returns_before_any_yield(true);
    assert_eq!(g.start(), GeneratorState::Complete(7));
    assert!(g.is_complete());
}

#[test]
fn spec4_start_on_a_started_generator_panics_with_a_message() {
    let mut g = records_sends();
    g.start();
    let msg = panics(|| g.start());
    assert!(mentions(&msg, &["start"]), "unhelpful message: {msg:?}");
    // The failed start did not disturb the generator.
    assert_eq!(g.resume("x"), GeneratorState::Yielded(1));
}

#[test]
fn spec4_start_on_a_pinned_started_generator_panics() {
    let mut g = pin!(records_sends());
    g.as_mut().start();
    let msg = panics(|| g.as_mut().start());
    assert!(mentions(&msg, &["start"]), "unhelpful message: {msg:?}");
}

// --- StopIteration.value ------------------------------------------------------------------------

#[test]
fn spec4_complete_carries_the_return_value() {
    #[generator(yield = &'a str)]
    fn words<'a>(text: &'a str) -> usize {
        let mut count = 0;
        for word in text.split_whitespace() {
            yield_!(word);
            count += 1;
        }
        count
    }
    let mut g = words("a b");
    assert_eq!(g.resume(()), GeneratorState::Yielded("a"));
    assert_eq!(g.resume(()), GeneratorState::Yielded("b"));
    assert_eq!(g.resume(()), GeneratorState::Complete(2));
}

#[test]
fn spec4_generator_state_helpers() {
    let y: GeneratorState<u8, &str> = GeneratorState::Yielded(3);
    let c: GeneratorState<u8, &str> = GeneratorState::Complete("r");
    assert_eq!(y.yielded(), Some(3));
    assert_eq!(y.complete(), None);
    assert!(!y.is_complete());
    assert_eq!(c.yielded(), None);
    assert_eq!(c.complete(), Some("r"));
    assert!(c.is_complete());
    let set: HashSet<_> = [y, c, y].into_iter().collect();
    assert_eq!(set.len(), 2);
}

// --- after completion -------------------------------------------------------------------------

#[test]
fn spec4_resume_after_completion_panics_with_a_clear_message() {
    let mut g = count_to(1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert!(
        !g.is_complete(),
        "suspended at its last yield, not yet complete"
    );
    assert_eq!(g.resume(()), GeneratorState::Complete(()));
    assert!(g.is_complete(), "is_complete tells beforehand");
    let msg = panics(|| g.resume(()));
    assert!(
        mentions(&msg, &["complete", "finished", "exhausted", "returned"]),
        "unhelpful message: {msg:?}"
    );
}

#[test]
fn spec4_resume_after_iteration_ended_panics() {
    let mut g = count_to(2);
    assert_eq!(g.by_ref().count(), 2);
    assert!(g.is_complete());
    let msg = panics(|| g.resume(()));
    assert!(
        mentions(&msg, &["complete", "finished", "exhausted", "returned"]),
        "unhelpful message: {msg:?}"
    );
}

#[test]
fn spec4_pinned_resume_after_completion_panics() {
    let mut g = pin!(count_to(0));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Complete(()));
    assert!(g.is_complete());
    let msg = panics(|| g.as_mut().resume(()));
    assert!(
        mentions(&msg, &["complete", "finished", "exhausted", "returned"]),
        "unhelpful message: {msg:?}"
    );
}

#[test]
fn spec4_start_after_completion_panics() {
    let mut g = count_to(0);
    assert_eq!(g.next(), None);
    panics(|| g.start());
}

// --- panics in the body (Python: an exception escapes, the generator is finished) -------------

#[test]
fn python_exception_propagates_out_of_next_and_generator_is_finished() {
    let d = Drops::new();
    let mut g = panics_after(2, d);
    assert_eq!(g.next(), Some(0));
    assert_eq!(g.next(), Some(1));
    let msg = panics(|| g.next());
    assert_eq!(msg, "boom after 2", "the body's own panic propagates");
    assert_eq!(d.get(), 1, "live locals are dropped once by the unwinding");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    assert_eq!(g.next(), None);
    drop(g);
    assert_eq!(d.get(), 1, "no double drop");
}

#[test]
fn python_exception_propagates_out_of_resume_and_later_resume_panics() {
    let d = Drops::new();
    let mut g = panics_after(1, d);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(panics(|| g.resume(())), "boom after 1");
    assert!(g.is_complete());
    let msg = panics(|| g.resume(()));
    assert!(
        mentions(&msg, &["complete", "finished", "exhausted", "returned"]),
        "unhelpful message: {msg:?}"
    );
    drop(g);
    assert_eq!(d.get(), 1);
}

#[test]
fn python_exception_on_the_first_resume() {
    let d = Drops::new();
    let mut g = panics_after(0, d);
    assert_eq!(panics(|| g.next()), "boom after 0");
    assert_eq!(d.get(), 1);
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    drop(g);
    assert_eq!(d.get(), 1);
}

#[test]
fn python_exception_in_a_pinned_generator() {
    let d = Drops::new();
    {
        let mut g = pin!(panics_after(1, d));
        assert_eq!(g.as_mut().next(), Some(0));
        assert_eq!(panics(|| g.as_mut().next()), "boom after 1");
        assert!(g.is_complete());
        assert_eq!(g.as_mut().next(), None);
        assert_eq!(d.get(), 1);
    }
    assert_eq!(d.get(), 1);
}

#[test]
fn python_exception_during_fold_based_consumption() {
    let d = Drops::new();
    assert_eq!(panics(|| panics_after(3, d).sum::<u32>()), "boom after 3");
    assert_eq!(d.get(), 1);
}

#[test]
fn python_exception_object_is_propagated_unchanged() {
    #[derive(Debug, PartialEq)]
    struct Payload(u32);
    #[generator(yield = u8)]
    fn throws() {
        yield_!(1);
        std::panic::panic_any(Payload(7));
    }
    let mut g = throws();
    assert_eq!(g.next(), Some(1));
    let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
    assert_eq!(payload.downcast_ref::<Payload>(), Some(&Payload(7)));
}

#[test]
fn python_consumer_panic_drops_the_suspended_generator_once() {
    let d = Drops::new();
    let msg = panics(|| {
        panics_after(10, d).for_each(|x| {
            if x == 2 {
                panic!("consumer gave up");
            }
        })
    });
    assert_eq!(msg, "consumer gave up");
    assert_eq!(d.get(), 1);

    let d = Drops::new();
    panics(|| {
        let g = pin!(guarded_counter(d));
        for x in g {
            assert!(x < 3, "consumer gave up");
        }
    });
    assert_eq!(d.get(), 1);
}

// --- close / drop (Python: close(), finally, garbage collection) -------------------------------

#[test]
fn python_close_on_a_suspended_generator_runs_cleanup_exactly_once() {
    let d = Drops::new();
    let mut g = guarded_counter(d);
    assert_eq!(g.next(), Some(0));
    assert_eq!(g.next(), Some(1));
    assert_eq!(d.get(), 0);
    g.close();
    assert_eq!(d.get(), 1, "close runs the destructors now");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    g.close();
    drop(g);
    assert_eq!(d.get(), 1, "and only once");
}

#[test]
fn python_close_on_a_finished_generator_is_a_no_op() {
    let d = Drops::new();
    let mut g = tokens(d, 2);
    assert_eq!(g.by_ref().count(), 2);
    assert!(g.is_complete());
    g.close();
    g.close();
    assert!(g.is_complete());
    assert!(g.next().is_none());
    assert_eq!(d.get(), 2);
}

#[test]
fn python_close_after_an_exception_is_a_no_op() {
    let d = Drops::new();
    let mut g = panics_after(0, d);
    panics(|| g.next());
    g.close();
    assert!(g.is_complete());
    assert_eq!(d.get(), 1);
}

#[generator(yield = u32)]
fn owns_arg(arg: Token, ran: &Cell<bool>) {
    ran.set(true);
    yield_!(arg.id);
}

#[test]
fn python_close_on_an_unstarted_generator_finishes_it_without_running_it() {
    let d = Drops::new();
    let ran = Cell::new(false);
    let mut g = owns_arg(d.token(), &ran);
    g.close();
    assert_eq!(d.get(), 1, "the captured arguments are dropped by close");
    assert!(!ran.get(), "the body never ran");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    assert!(!ran.get());
    drop(g);
    assert_eq!(d.get(), 1);
}

#[test]
fn python_dropping_an_unstarted_generator_drops_its_arguments_once() {
    let d = Drops::new();
    let ran = Cell::new(false);
    drop(owns_arg(d.token(), &ran));
    assert_eq!(d.get(), 1);
    assert!(!ran.get());
}

#[test]
fn python_dropping_a_suspended_generator_runs_cleanup_exactly_once() {
    let d = Drops::new();
    let mut g = guarded_counter(d);
    assert_eq!(g.next(), Some(0));
    drop(g);
    assert_eq!(d.get(), 1);
}

#[test]
fn spec4_close_on_a_pinned_generator() {
    let d = Drops::new();
    {
        let mut g = pin!(guarded_counter(d));
        assert_eq!(g.as_mut().next(), Some(0));
        g.as_mut().close();
        assert_eq!(d.get(), 1);
        assert!(g.is_complete());
        assert_eq!(g.as_mut().next(), None);
        g.as_mut().close();
    }
    assert_eq!(d.get(), 1);
}

#[test]
fn spec4_resume_after_close_panics() {
    let mut g = records_sends();
    g.start();
    g.close();
    let msg = panics(|| g.resume("late"));
    assert!(
        mentions(&msg, &["complete", "finished", "closed", "exhausted"]),
        "unhelpful message: {msg:?}"
    );
}

#[generator(yield = u32)]
fn nested_cleanup(log: Log) {
    let _outer = Noisy {
        name: "outer",
        log: log.clone(),
    };
    {
        let _inner = Noisy {
            name: "inner",
            log: log.clone(),
        };
        yield_!(1);
    }
    log.borrow_mut().push("between".into());
    yield_!(2);
}

#[test]
fn python_close_runs_cleanups_innermost_first_like_nested_finally() {
    let log = Log::default();
    let mut g = nested_cleanup(log.clone());
    assert_eq!(g.next(), Some(1));
    g.close();
    assert_eq!(log_of(&log), ["drop inner", "drop outer"]);
}

#[test]
fn python_close_only_cleans_up_what_is_alive_at_the_current_yield() {
    let log = Log::default();
    let mut g = nested_cleanup(log.clone());
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.next(), Some(2));
    assert_eq!(log_of(&log), ["drop inner", "between"]);
    g.close();
    assert_eq!(log_of(&log), ["drop inner", "between", "drop outer"]);

    #[generator(yield = u32)]
    fn staged(early: Token, late: Drops) {
        drop(early);
        yield_!(1);
        let _late = late.token();
        yield_!(2);
    }
    let (early, late) = (Drops::new(), Drops::new());
    let mut g = staged(early.token(), late);
    assert_eq!(g.next(), Some(1));
    g.close();
    assert_eq!(
        early.get(),
        1,
        "already dropped before the yield, not dropped again"
    );
    assert_eq!(late.get(), 0, "never created, so never dropped");
}

#[generator(yield = u8)]
fn fragile(plain: Drops, bomb: Drops) {
    let _plain = plain.token();
    let _bomb = PanicsOnDrop(bomb);
    yield_!(1);
    yield_!(2);
}

#[test]
fn python_exception_raised_by_cleanup_during_close_propagates_and_generator_is_closed() {
    let (plain, bomb) = (Drops::new(), Drops::new());
    let mut g = fragile(plain, bomb);
    assert_eq!(g.next(), Some(1));
    assert_eq!(panics(|| g.close()), "destructor panicked");
    assert_eq!(bomb.get(), 1);
    assert_eq!(plain.get(), 1, "the other locals are still dropped");
    assert!(
        g.is_complete(),
        "like Python: a generator whose close raised is closed"
    );
    assert_eq!(g.next(), None);
    // Must not drop the half-dropped body a second time.
    let again = catch_unwind(AssertUnwindSafe(move || drop(g)));
    assert!(
        again.is_ok(),
        "dropping the closed generator re-ran a destructor"
    );
    assert_eq!((plain.get(), bomb.get()), (1, 1), "double drop");
}

#[test]
fn spec5_panicking_destructor_during_drop_drops_each_local_once() {
    let (plain, bomb) = (Drops::new(), Drops::new());
    let mut g = fragile(plain, bomb);
    assert_eq!(g.next(), Some(1));
    assert_eq!(panics(move || drop(g)), "destructor panicked");
    assert_eq!((plain.get(), bomb.get()), (1, 1));
}

#[test]
fn spec5_panicking_destructor_in_a_pinned_generator_drops_each_local_once() {
    let (plain, bomb) = (Drops::new(), Drops::new());
    let msg = panics(|| {
        let mut g = pin!(fragile(plain, bomb));
        assert_eq!(g.as_mut().next(), Some(1));
        g.as_mut().close();
    });
    assert_eq!(msg, "destructor panicked");
    assert_eq!((plain.get(), bomb.get()), (1, 1));
}

// --- moving, nesting, interleaving -------------------------------------------------------------

#[test]
fn python_partially_consumed_generator_can_be_moved_and_continued() {
    let mut g = count_to(10);
    assert_eq!(g.by_ref().take(3).collect::<Vec<_>>(), [1, 2, 3]);
    let moved = g;
    let mut boxed: Box<dyn Iterator<Item = u32>> = Box::new(moved);
    assert_eq!(boxed.next(), Some(4));
    let mut shelf = vec![boxed];
    let mut back = shelf.pop().unwrap();
    assert_eq!(back.next(), Some(5));
    assert_eq!(back.collect::<Vec<_>>(), [6, 7, 8, 9, 10]);
}

#[test]
fn python_partially_sent_coroutine_can_be_moved_and_continued() {
    struct Holder<G> {
        g: G,
    }
    let mut g = records_sends();
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume("a"), GeneratorState::Yielded(1));
    let mut holder = Holder { g };
    assert_eq!(holder.g.resume("b"), GeneratorState::Yielded(2));
    let mut g = holder.g;
    assert_eq!(
        g.resume("c"),
        GeneratorState::Complete(vec![(0, "a"), (1, "b"), (2, "c")])
    );
}

#[test]
fn python_independent_instances_interleave() {
    let mut a = count_to(3);
    let mut b = count_to(3);
    let mut p = pin!(count_to(3));
    assert_eq!(a.next(), Some(1));
    assert_eq!(b.next(), Some(1));
    assert_eq!(a.next(), Some(2));
    assert_eq!(p.as_mut().next(), Some(1));
    assert_eq!(a.next(), Some(3));
    assert_eq!(b.next(), Some(2));
    assert_eq!(p.as_mut().next(), Some(2));
    assert_eq!(a.next(), None);
    assert_eq!(b.next(), Some(3));
}

#[generator(yield = u32)]
fn flatten_counts(n: u32) {
    for i in 0..=n {
        for x in count_to(i) {
            yield_!(x);
        }
    }
}

#[test]
fn python_nested_generator_consumed_with_a_for_loop() {
    assert_eq!(flatten_counts(3).collect::<Vec<_>>(), [1, 1, 2, 1, 2, 3]);
}

#[generator(yield = u32)]
fn squares_of(inner: impl Iterator<Item = u32>) {
    for x in inner {
        yield_!(x * x);
    }
}

#[test]
fn python_generator_pipeline() {
    let got: Vec<u32> = squares_of(squares_of(count_to(3))).collect();
    assert_eq!(got, [1, 16, 81]);
}

#[generator(yield = u32)]
fn manual_delegation(limit: u32) -> (&'static str, u32) {
    // Python's `r = yield from inner()`, written out by hand.
    let mut inner = early_return(limit);
    let mut seen = 0;
    loop {
        match inner.resume(()) {
            GeneratorState::Yielded(x) => {
                seen += 1;
                yield_!(x);
            }
            GeneratorState::Complete(r) => return (r, seen),
        }
    }
}

#[test]
fn python_inner_generator_return_value_reaches_the_outer_body() {
    let mut g = manual_delegation(2);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Complete(("hit limit", 2)));
}

#[generator(yield = u32)]
fn pinned_inner() -> u32 {
    let inner = pin!(count_to(3));
    let mut sum = 0;
    for x in inner {
        sum += x;
        yield_!(x);
    }
    sum
}

#[test]
fn spec4_generator_pinned_inside_another_generator_body() {
    let mut g = pinned_inner();
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Yielded(2));
    assert_eq!(g.resume(()), GeneratorState::Yielded(3));
    assert_eq!(g.resume(()), GeneratorState::Complete(6));
}

#[generator(yield = u32)]
fn outer_holding(outer: Drops, inner: Drops) {
    let _guard = outer.token();
    for x in guarded_counter(inner) {
        yield_!(x);
    }
}

#[test]
fn python_closing_the_outer_generator_cleans_up_the_inner_one_once() {
    let (outer, inner) = (Drops::new(), Drops::new());
    let mut g = outer_holding(outer, inner);
    assert_eq!(g.next(), Some(0));
    assert_eq!(g.next(), Some(1));
    g.close();
    assert_eq!((outer.get(), inner.get()), (1, 1));
    drop(g);
    assert_eq!((outer.get(), inner.get()), (1, 1));
}

#[generator(yield = Box<dyn Iterator<Item = u32>>)]
fn generator_of_generators(n: u32) {
    for i in 1..=n {
        yield_!(Box::new(count_to(i)));
    }
}

#[test]
fn python_generator_yielding_generators() {
    let lengths: Vec<usize> = generator_of_generators(3).map(|g| g.count()).collect();
    assert_eq!(lengths, [1, 2, 3]);
    // Collect the inner ones first, then consume them later, in reverse.
    let inner: Vec<_> = generator_of_generators(2).collect();
    let flat: Vec<u32> = inner.into_iter().rev().flatten().collect();
    assert_eq!(flat, [1, 2, 1]);
}

// --- the Generator trait ----------------------------------------------------------------------

fn drive_pinned<G>(mut g: Pin<&mut G>, sends: &[u32]) -> Vec<GeneratorState<u32, u32>>
where
    G: Generator<u32, Yield = u32, Return = u32>,
{
    let mut out = vec![g.as_mut().start()];
    for &s in sends {
        out.push(g.as_mut().resume(s));
    }
    out
}

#[generator(yield = u32, resume = u32)]
fn summer() -> u32 {
    let mut total = 0;
    for _ in 0..2 {
        total += yield_!(total);
    }
    total
}

#[test]
fn spec4_generator_trait_generic_code_over_pinned_generators() {
    let g = pin!(summer());
    assert_eq!(
        drive_pinned(g, &[3, 4]),
        [
            GeneratorState::Yielded(0),
            GeneratorState::Yielded(3),
            GeneratorState::Complete(7)
        ]
    );
    let mut boxed = Box::pin(summer());
    assert_eq!(
        drive_pinned(boxed.as_mut(), &[1, 1]).last(),
        Some(&GeneratorState::Complete(2))
    );
    assert!(Generator::is_complete(&boxed));
}

#[test]
fn spec4_generator_trait_for_pin_box_mut_ref_and_box() {
    let (v, r) = drain(Box::pin(early_return(2)));
    assert_eq!((v, r), (vec![0, 1], "hit limit"));
    let mut pinned = Box::pin(early_return(1));
    let (v, _) = drain(&mut pinned);
    assert_eq!(v, [0]);
    assert!(pinned.is_complete());
    let (v, _) = drain(Box::new(Box::pin(count_to(2))));
    assert_eq!(v, [1, 2]);
    let mut on_stack = pin!(count_to(3));
    let (v, ()) = drain(on_stack.as_mut());
    assert_eq!(v, [1, 2, 3]);
}

#[test]
fn spec4_generator_trait_objects_erase_the_body_type() {
    let mut gens: Vec<DynGen> = vec![
        Box::pin(count_to(2)),
        Box::pin(squares_of(count_to(2))),
        Box::pin(flatten_counts(1)),
    ];
    let mut all = Vec::new();
    for g in &mut gens {
        assert!(!g.is_complete());
        assert_eq!(g.as_mut().start(), GeneratorState::Yielded(1));
        while let GeneratorState::Yielded(x) = g.as_mut().resume(()) {
            all.push(x);
        }
        assert!(g.is_complete());
        g.as_mut().close(); // no-op when complete
    }
    assert_eq!(all, [2, 4]);
}

// --- throw: resume = Result<T, E> ---------------------------------------------------------------

#[generator(yield = u32, resume = Result<u32, String>)]
fn accumulate_or_fail() -> Result<u32, String> {
    let mut total = 0;
    loop {
        match yield_!(total) {
            Ok(n) => total += n,
            Err(e) if e == "reset" => total = 0, // caught, like `except` around the yield
            Err(e) => return Err(e),
        }
        if total > 100 {
            return Ok(total);
        }
    }
}

#[test]
fn spec4_throw_an_error_into_the_generator_through_a_result_resume_value() {
    let mut g = accumulate_or_fail();
    assert_eq!(g.start(), GeneratorState::Yielded(0));
    assert_eq!(g.resume(Ok(5)), GeneratorState::Yielded(5));
    assert_eq!(g.resume(Err("reset".into())), GeneratorState::Yielded(0));
    assert_eq!(g.resume(Ok(2)), GeneratorState::Yielded(2));
    assert_eq!(
        g.resume(Err("fatal".into())),
        GeneratorState::Complete(Err("fatal".to_string()))
    );
    assert!(g.is_complete());
}

#[test]
fn spec4_thrown_error_can_be_propagated_with_question_mark() {
    #[generator(yield = u32, resume = Result<u32, String>)]
    fn strict() -> Result<u32, String> {
        let mut total = 0;
        loop {
            total += yield_!(total)?;
        }
    }
    let mut g = strict();
    g.start();
    assert_eq!(g.resume(Ok(4)), GeneratorState::Yielded(4));
    assert_eq!(
        g.resume(Err("thrown".into())),
        GeneratorState::Complete(Err("thrown".to_string()))
    );
}

// --- fallible generators as iterators of Result -----------------------------------------------

#[generator(yield = u32)]
fn parse_all(lines: &'static [&'static str]) -> Result<(), ParseIntError> {
    for line in lines {
        yield_!(line.parse()?);
    }
    Ok(())
}

#[test]
fn spec4_fallible_generator_is_an_iterator_of_results_ending_with_the_error() {
    let mut it = parse_all(&["1", "2", "x", "4"]).results();
    assert_eq!(it.next(), Some(Ok(1)));
    assert_eq!(it.next(), Some(Ok(2)));
    assert!(matches!(it.next(), Some(Err(_))));
    assert_eq!(it.next(), None);
    assert_eq!(it.next(), None);
    assert!(it.into_inner().is_complete());
}

#[test]
fn spec4_successful_fallible_generator_yields_only_oks() {
    let it = parse_all(&["7", "8"]).results();
    assert_fused(&it);
    let all: Result<Vec<u32>, _> = it.collect();
    assert_eq!(all, Ok(vec![7, 8]));
    let none: Vec<_> = parse_all(&[]).results().collect();
    assert!(none.is_empty());
}

#[test]
fn spec4_results_over_a_pinned_generator() {
    #[generator(yield = u8)]
    fn fails_after_one() -> Result<(), &'static str> {
        yield_!(1);
        Err("broken")
    }
    let g = pin!(fails_after_one());
    let items: Vec<_> = Results::new(g).collect();
    assert_eq!(items, [Ok(1), Err("broken")]);
}

// --- memory: one allocation per generator at most, none pinned --------------------------------

#[test]
fn spec4_creating_a_generator_allocates_nothing() {
    let (g, n) = allocations_in(|| count_to(1000));
    assert_eq!(n, 0);
    let (_, n) = allocations_in(move || drop(g));
    assert_eq!(n, 0);
}

#[test]
fn spec4_owned_generator_allocates_once_at_first_resume_never_per_item() {
    let mut g = count_to(1000);
    let (first, n) = allocations_in(|| g.next());
    assert_eq!(first, Some(1));
    assert!(
        n <= 1,
        "at most one allocation, at the first resume (got {n})"
    );
    let (rest, n) = allocations_in(|| {
        let mut sum = 0u64;
        for x in g.by_ref() {
            sum += u64::from(x);
        }
        sum
    });
    assert_eq!(rest, 500_500 - 1);
    assert_eq!(n, 0, "no allocation per item");
}

#[test]
fn spec4_owned_send_coroutine_allocates_at_most_once() {
    let mut avg = averager();
    let ((), n) = allocations_in(|| {
        avg.start();
        for i in 0..1000 {
            avg.resume(f64::from(i));
        }
    });
    assert!(n <= 1, "got {n} allocations");
}

#[test]
fn spec4_pinned_generator_allocates_nothing() {
    let (sum, n) = allocations_in(|| {
        let mut g = pin!(count_to(1000));
        let mut sum = 0u32;
        while let Some(x) = g.as_mut().next() {
            sum += x;
        }
        sum
    });
    assert_eq!(sum, 500_500);
    assert_eq!(n, 0);
    let (last, n) = allocations_in(|| {
        let mut g = pin!(averager());
        g.as_mut().start();
        let mut last = GeneratorState::Yielded(0.0);
        for i in 0..100 {
            last = g.as_mut().resume(f64::from(i));
        }
        g.as_mut().close();
        last
    });
    assert_eq!(last, GeneratorState::Yielded(49.5));
    assert_eq!(n, 0);
}

#[test]
fn spec4_fold_adapters_on_an_owned_generator_do_not_box() {
    // Documented in the README and on `impl Iterator for Gen`.
    let (sum, n) = allocations_in(|| count_to(1000).sum::<u32>());
    assert_eq!(sum, 500_500);
    assert_eq!(n, 0);
}

#[test]
fn spec4_results_over_a_pinned_generator_allocates_nothing() {
    let (count, n) = allocations_in(|| Results::new(pin!(parse_all(&["1", "2", "3"]))).count());
    assert_eq!(count, 3);
    assert_eq!(n, 0);
}

// ---------------------------------------------------------------------------------------------
// SPEC 5: guarantees
// ---------------------------------------------------------------------------------------------

// --- Send exactly like async fn -----------------------------------------------------------------

#[generator(yield = String)]
fn owned_lines(lines: Vec<String>) -> usize {
    let n = lines.len();
    for line in lines {
        yield_!(line);
    }
    n
}

#[test]
fn spec5_generator_with_send_state_is_send_and_resumes_on_another_thread() {
    let mut g = owned_lines(vec!["a".into(), "b".into(), "c".into()]);
    assert_send(&g);
    assert_eq!(g.next().as_deref(), Some("a"));
    let mut g = std::thread::spawn(move || {
        assert_eq!(g.next().as_deref(), Some("b"));
        g
    })
    .join()
    .unwrap();
    assert_eq!(g.resume(()), GeneratorState::Yielded("c".to_string()));
    assert_eq!(g.resume(()), GeneratorState::Complete(3));
}

#[test]
fn spec5_send_coroutine_resumed_alternately_on_two_threads() {
    let mut avg = averager();
    avg.start();
    assert_eq!(avg.resume(10.0), GeneratorState::Yielded(10.0));
    let mut avg = std::thread::spawn(move || {
        assert_eq!(avg.resume(20.0), GeneratorState::Yielded(15.0));
        avg
    })
    .join()
    .unwrap();
    assert_eq!(avg.resume(30.0), GeneratorState::Yielded(20.0));
}

#[test]
fn spec5_pinned_box_generator_moves_between_threads() {
    let mut g = Box::pin(count_to(4));
    assert_eq!(g.as_mut().next(), Some(1));
    let rest = std::thread::spawn(move || g.as_mut().collect::<Vec<_>>())
        .join()
        .unwrap();
    assert_eq!(rest, [2, 3, 4]);
}

#[test]
fn spec5_generator_borrowing_data_resumed_in_a_scoped_thread() {
    let data = vec![1u32, 2, 3];
    let mut g = iter_slice(&data);
    assert_eq!(g.next(), Some(&1));
    std::thread::scope(|s| {
        s.spawn(|| {
            assert_eq!(g.next(), Some(&2));
        });
    });
    assert_eq!(g.next(), Some(&3));
}

#[test]
fn spec5_send_generator_as_a_boxed_send_iterator() {
    let it: Box<dyn Iterator<Item = u64> + Send> = Box::new(fibonacci().take(5));
    let got = std::thread::spawn(move || it.collect::<Vec<_>>())
        .join()
        .unwrap();
    assert_eq!(got, [0, 1, 1, 2, 3]);
}

#[generator(yield = u32)]
fn rc_held_across_yield() {
    let shared = Rc::new(5);
    yield_!(*shared);
    yield_!(*shared + 1);
}

async fn rc_held_across_await() {
    let shared = Rc::new(5);
    std::future::ready(*shared).await;
    std::future::ready(*shared + 1).await;
}

#[test]
fn spec5_generator_holding_a_non_send_value_across_a_yield_is_not_send() {
    assert!(!is_send!(rc_held_across_yield()));
    assert_eq!(
        is_send!(rc_held_across_yield()),
        is_send!(rc_held_across_await())
    );
    // It still works on its own thread.
    assert_eq!(rc_held_across_yield().collect::<Vec<_>>(), [5, 6]);
}

#[generator(yield = u32)]
fn rc_used_between_yields() {
    for i in 0..3 {
        let v = {
            let temporary = Rc::new(i);
            *temporary * 2
        };
        yield_!(v);
    }
}

async fn rc_used_between_awaits() {
    for i in 0..3 {
        let v = {
            let temporary = Rc::new(i);
            *temporary * 2
        };
        std::future::ready(v).await;
    }
}

#[test]
fn spec5_non_send_value_not_held_across_a_yield_keeps_the_generator_send() {
    assert!(
        is_send!(rc_used_between_awaits()),
        "sanity: the async fn twin is Send"
    );
    assert!(
        is_send!(rc_used_between_yields()),
        "exactly like an async fn, this generator is Send"
    );
    let g = rc_used_between_yields();
    let got = std::thread::spawn(move || g.collect::<Vec<_>>())
        .join()
        .unwrap();
    assert_eq!(got, [0, 2, 4]);
}

#[test]
fn spec5_generic_generator_is_send_exactly_when_its_state_is() {
    assert!(is_send!(repeat_n(1u8, 2)));
    assert!(is_send!(repeat_n(String::new(), 2)));
    assert!(!is_send!(repeat_n(Rc::new(1u8), 2)));
    assert!(is_send!(Gen::new(|mut co: Co<u8>| async move {
        co.yield_(1).await
    })));
    assert!(is_send!(squares(3)));
}

#[test]
fn spec5_shared_self_method_is_send_exactly_when_self_is_sync() {
    struct Plain(Vec<u32>);
    impl Plain {
        #[generator(yield = u32)]
        fn each(&self) {
            for x in &self.0 {
                yield_!(*x);
            }
        }
    }
    struct Celled(Cell<u32>);
    impl Celled {
        #[generator(yield = u32)]
        fn bump(&self) {
            loop {
                self.0.set(self.0.get() + 1);
                yield_!(self.0.get());
            }
        }
    }
    let plain = Plain(vec![1]);
    assert!(is_send!(plain.each()));
    let celled = Celled(Cell::new(0));
    assert!(
        !is_send!(celled.bump()),
        "&Cell is not Send, so holding it across a yield is not"
    );
    assert_eq!(celled.bump().take(2).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn spec5_resume_values_not_held_across_a_yield_do_not_affect_send() {
    // An async fn awaiting a future whose *output* is `Rc` is still `Send` if it does not hold
    // the `Rc` across the next await; the same goes for resume values.
    #[generator(yield = u8, resume = Rc<u8>)]
    fn reads_rcs() {
        let mut x = 0;
        loop {
            x = *yield_!(x);
        }
    }
    assert!(is_send!(reads_rcs()));
}

#[test]
fn spec5_sync_likewise() {
    assert!(is_sync!(count_to(3)));
    assert!(is_sync!(owned_lines(Vec::new())));
    #[generator(yield = u32)]
    fn holds_cell() {
        let c = Cell::new(1);
        loop {
            yield_!(c.get());
            c.set(c.get() + 1);
        }
    }
    async fn holds_cell_async() {
        let c = Cell::new(1);
        std::future::ready(c.get()).await;
        c.set(2);
    }
    assert!(!is_sync!(holds_cell()));
    assert_eq!(is_sync!(holds_cell()), is_sync!(holds_cell_async()));
    assert!(
        is_send!(holds_cell()),
        "Cell is Send: the generator is Send but not Sync"
    );
}

// --- misuse panics with a message, never UB --------------------------------------------------

#[test]
fn spec5_yield_handle_smuggled_into_another_generator_panics() {
    let mut stash = None;
    let mut donor = Gen::new(|co: Co<u32>| {
        stash = Some(co);
        async {}
    });
    let mut stolen = stash.take().unwrap();
    let mut thief = Gen::new(move |_own: Co<u32>| async move {
        stolen.yield_(7).await;
    });
    let msg = panics(|| thief.next());
    assert!(
        mentions(&msg, &["generator", "yield"]),
        "unhelpful message: {msg:?}"
    );
    assert!(thief.is_complete());
    assert_eq!(thief.next(), None);
    // The donor is unaffected.
    assert_eq!(donor.resume(()), GeneratorState::Complete(()));
}

fn swapper(cell: Rc<RefCell<Option<Co<u32>>>>) -> Gen<u32, (), impl Future<Output = ()>> {
    Gen::new(move |co: Co<u32>| {
        let previous = cell.borrow_mut().replace(co);
        async move {
            if let Some(mut other) = previous {
                other.yield_(1).await;
            }
        }
    })
}

#[test]
fn spec5_yield_handle_of_another_instance_of_the_same_generator_panics() {
    let cell = Rc::new(RefCell::new(None));
    let mut a = swapper(cell.clone()); // leaves its Co in the cell
    let mut b = swapper(cell.clone()); // takes a's Co, leaves its own
    let msg = panics(|| b.next());
    assert!(
        mentions(&msg, &["generator", "yield"]),
        "unhelpful message: {msg:?}"
    );
    assert_eq!(a.next(), None);
}

#[test]
fn spec5_yield_handle_moved_into_a_nested_generator_panics() {
    let mut outer = Gen::new(|co: Co<u32>| async move {
        let mut inner = Gen::new(move |_inner_co: Co<u32>| async move {
            let mut outer_co = co;
            outer_co.yield_(1).await;
        });
        inner.next()
    });
    let msg = panics(|| outer.resume(()));
    assert!(
        mentions(&msg, &["generator", "yield"]),
        "unhelpful message: {msg:?}"
    );
}

#[test]
fn spec5_yield_handle_awaited_under_an_executor_panics() {
    let mut stash = None;
    let mut owner = Gen::new(|co: Co<u32>| {
        stash = Some(co);
        async {}
    });
    let mut co = stash.take().unwrap();
    let msg = panics(|| {
        futures::executor::block_on(async move {
            co.yield_(1).await;
        })
    });
    assert!(
        mentions(&msg, &["generator", "yield"]),
        "unhelpful message: {msg:?}"
    );
    assert_eq!(owner.resume(()), GeneratorState::Complete(()));
}

#[test]
fn spec5_sync_generator_awaiting_a_foreign_future_panics_and_is_finished() {
    let stash = Arc::new(Mutex::new(None));
    let d = Drops::new();
    let mut g = Gen::new(|mut co: Co<u8>| {
        let stash = stash.clone();
        async move {
            let _guard = d.token();
            co.yield_(1).await;
            let v = PendingOnce {
                polled: false,
                stash: Some(stash),
            }
            .await;
            co.yield_(v).await;
        }
    });
    assert_eq!(g.next(), Some(1));
    let msg = panics(|| g.next());
    assert!(
        mentions(&msg, &["async", "await", "future"]),
        "unhelpful message: {msg:?}"
    );
    assert!(
        g.is_complete(),
        "a panic out of resume leaves the generator finished"
    );
    assert_eq!(g.next(), None);
    drop(g);
    assert_eq!(d.get(), 1);
    // The waker the foreign future kept must stay safe to use after the generator is gone.
    let waker = stash
        .lock()
        .unwrap()
        .take()
        .expect("the future stashed a waker");
    waker.wake_by_ref();
    let other = waker.clone();
    drop(waker);
    other.wake();
}

#[test]
fn spec5_pinned_sync_generator_awaiting_a_foreign_future_panics_on_first_resume() {
    let msg = panics(|| {
        let mut g = pin!(Gen::new(|_co: Co<u8>| async move {
            PendingOnce {
                polled: false,
                stash: None,
            }
            .await;
        }));
        g.as_mut().resume(())
    });
    assert!(
        mentions(&msg, &["async", "await", "future"]),
        "unhelpful message: {msg:?}"
    );
}

#[test]
fn spec5_yield_future_polled_twice_in_one_resume_never_invents_a_resume_value() {
    let d = Drops::new();
    let mut g = Gen::new(move |mut co: Co<Token, u64>| async move {
        let mut y = co.yield_(d.tagged(1));
        let first = PollOnce(Pin::new(&mut y)).await;
        let second = PollOnce(Pin::new(&mut y)).await;
        (first.is_pending(), second)
    });
    match catch_unwind(AssertUnwindSafe(|| g.start())) {
        Err(_) => {} // refusing with a panic is fine
        Ok(GeneratorState::Complete((_, second))) => {
            assert_eq!(
                second,
                Poll::Pending,
                "no resume value was sent, yet the yield produced one"
            )
        }
        Ok(GeneratorState::Yielded(t)) => assert_eq!(t.id, 1),
    }
    drop(g);
    assert_eq!(d.get(), 1, "the yielded value is dropped exactly once");
}

#[test]
fn spec5_values_left_behind_by_abandoned_yields_are_dropped_exactly_once() {
    let (made, d) = (Drops::new(), Drops::new());
    let make = move |id| {
        made.0.fetch_add(1, SeqCst);
        d.tagged(id)
    };
    let mut g = Gen::new(move |mut co: Co<Token>| async move {
        {
            let mut a = co.yield_(make(1));
            let _ = PollOnce(Pin::new(&mut a)).await;
        }
        {
            let mut b = co.yield_(make(2));
            let _ = PollOnce(Pin::new(&mut b)).await;
        }
        co.yield_(make(3)).await;
    });
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        g.by_ref().map(|t| t.id).collect::<Vec<_>>()
    }));
    drop(g);
    assert!(
        made.get() >= 2,
        "the body ran up to its second abandoned yield"
    );
    assert_eq!(
        d.get(),
        made.get(),
        "outcome {outcome:?}: every value made is dropped exactly once"
    );
}

// --- public types -------------------------------------------------------------------------------

#[test]
fn spec5_public_types_implement_debug() {
    let g = count_to(1);
    assert!(format!("{g:?}").contains("Gen"));
    let mut g = Gen::new(|co: Co<u8>| {
        assert!(!format!("{co:?}").is_empty());
        async {}
    });
    assert_eq!(g.next(), None);
    assert!(!format!("{:?}", parse_all(&[]).results()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Further edge cases
// ---------------------------------------------------------------------------------------------

/// Borrows an array that lives *inside* the state machine across yields: moving a started
/// generator must not leave those borrows dangling.
#[generator(yield = u64)]
fn self_referential(seed: u64) -> u64 {
    let data: [u64; 32] = std::array::from_fn(|i| seed * 100 + i as u64);
    let mut total = 0;
    for x in data.iter() {
        total += *x;
        yield_!(*x);
    }
    total
}

#[inline(never)]
fn continue_elsewhere<I: Iterator<Item = u64>>(mut it: I, n: usize) -> (Vec<u64>, I) {
    // A fresh stack frame, and a scribble over the stack where the generator used to live.
    let scribble = std::hint::black_box([0xA5u8; 4096]);
    assert_eq!(scribble[17], 0xA5);
    let got = it.by_ref().take(n).collect();
    (got, it)
}

#[test]
fn spec4_started_generator_borrowing_its_own_locals_can_be_moved() {
    let mut g = self_referential(7);
    assert_eq!(g.next(), Some(700));
    assert_eq!(g.next(), Some(701));
    let (got, g) = continue_elsewhere(g, 3);
    assert_eq!(got, [702, 703, 704]);
    let mut shelf = vec![Box::new(g)];
    let g = *shelf.pop().unwrap();
    let mut g = std::thread::spawn(move || {
        let (got, g) = continue_elsewhere(g, 2);
        assert_eq!(got, [705, 706]);
        g
    })
    .join()
    .unwrap();
    let rest: Vec<u64> = g.by_ref().collect();
    assert_eq!(rest, (707..732).collect::<Vec<_>>());
    assert!(g.is_complete());
}

#[test]
fn spec4_swapping_two_started_generators_swaps_their_states() {
    let mut a = self_referential(1);
    let mut b = self_referential(2);
    assert_eq!(a.next(), Some(100));
    assert_eq!(b.next(), Some(200));
    assert_eq!(b.next(), Some(201));
    std::mem::swap(&mut a, &mut b);
    assert_eq!(a.next(), Some(202));
    assert_eq!(b.next(), Some(101));
    let mut a_rest = a;
    let mut b_rest = b;
    assert_eq!(a_rest.resume(()), GeneratorState::Yielded(203));
    assert_eq!(b_rest.resume(()), GeneratorState::Yielded(102));
    let sum_a: u64 = (200..232).sum();
    loop {
        if let GeneratorState::Complete(total) = a_rest.resume(()) {
            assert_eq!(total, sum_a);
            break;
        }
    }
}

#[test]
fn python_finally_runs_on_normal_completion_before_stop_iteration() {
    let d = Drops::new();
    #[generator(yield = u8)]
    fn finishes(d: Drops) -> usize {
        let _guard = d.token();
        yield_!(1);
        d.get()
    }
    let mut g = finishes(d);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(d.get(), 0);
    // The guard is still alive when the tail expression is evaluated...
    assert_eq!(g.resume(()), GeneratorState::Complete(0));
    // ...and dropped, once, by the time the generator reports completion.
    assert_eq!(d.get(), 1);
    drop(g);
    assert_eq!(d.get(), 1);
}

#[test]
fn spec4_a_refused_first_resume_value_is_dropped_once_and_the_body_still_runs_once() {
    // A plain fn with this body is clippy-clean; the expansion trips the lint (see the report).
    #[allow(clippy::diverging_sub_expression)]
    #[generator(yield = u8, resume = Token)]
    fn fails_at_once() {
        panic!("failed at once");
    }
    let d = Drops::new();
    let mut g = fails_at_once();
    assert!(mentions(&panics(|| g.resume(d.token())), &["start()"]));
    assert_eq!(d.get(), 1);
    assert!(!g.is_complete(), "the refusal ran nothing");
    assert_eq!(panics(|| g.start()), "failed at once");
    assert!(g.is_complete());
}

#[test]
fn spec4_resume_value_sent_to_a_finished_generator_is_not_double_dropped() {
    let d = Drops::new();
    let received = Rc::new(RefCell::new(Vec::new()));
    let mut g = token_sink(received);
    g.start();
    g.close();
    panics(|| g.resume(d.token()));
    drop(g);
    assert!(d.get() <= 1, "dropped {} times", d.get());
}

#[test]
fn python_exception_in_an_inner_generator_propagates_through_the_outer_one() {
    #[generator(yield = u32)]
    fn outer(outer_drops: Drops, inner_drops: Drops) {
        let _guard = outer_drops.token();
        for x in panics_after(2, inner_drops) {
            yield_!(x + 100);
        }
        yield_!(999);
    }
    let (o, i) = (Drops::new(), Drops::new());
    let mut g = outer(o, i);
    assert_eq!(g.next(), Some(100));
    assert_eq!(g.next(), Some(101));
    assert_eq!(panics(|| g.next()), "boom after 2");
    assert!(g.is_complete());
    assert_eq!(g.next(), None);
    drop(g);
    assert_eq!((o.get(), i.get()), (1, 1));
}

#[test]
fn spec4_unusual_yield_and_resume_types() {
    #[generator(yield = std::convert::Infallible)]
    fn never_yields() -> u8 {
        5
    }
    assert_eq!(never_yields().resume(()), GeneratorState::Complete(5));
    assert_eq!(never_yields().count(), 0);

    #[generator(yield = (), resume = ())]
    fn units(n: usize) -> usize {
        for _ in 0..n {
            yield_!(());
        }
        n
    }
    assert_eq!(units(3).count(), 3);

    #[generator(yield = [u64; 512], resume = [u8; 1024])]
    fn big() -> u64 {
        let mut sum = 0u64;
        for i in 0..3u64 {
            let r = yield_!([i; 512]);
            sum += r.iter().map(|&b| u64::from(b)).sum::<u64>();
        }
        sum
    }
    let mut g = big();
    assert_eq!(g.start(), GeneratorState::Yielded([0; 512]));
    assert_eq!(g.resume([1; 1024]), GeneratorState::Yielded([1; 512]));
    assert_eq!(g.resume([2; 1024]), GeneratorState::Yielded([2; 512]));
    assert_eq!(g.resume([3; 1024]), GeneratorState::Complete(6 * 1024));

    #[derive(Debug, Clone, Copy, PartialEq)]
    #[repr(align(64))]
    struct Aligned(u64);
    #[generator(yield = Aligned, resume = Aligned)]
    fn aligned_echo() {
        let mut v = Aligned(1);
        loop {
            v = yield_!(Aligned(v.0 * 2));
        }
    }
    let mut g = pin!(aligned_echo());
    assert_eq!(g.as_mut().start(), GeneratorState::Yielded(Aligned(2)));
    assert_eq!(
        g.as_mut().resume(Aligned(21)),
        GeneratorState::Yielded(Aligned(42))
    );
}

#[test]
fn spec3_user_names_do_not_clash_with_generated_ones() {
    #[generator(yield = u32)]
    fn arg_named_co(co: u32, pygen: u32) {
        yield_!(co);
        yield_!(pygen);
    }
    assert_eq!(arg_named_co(4, 5).collect::<Vec<_>>(), [4, 5]);

    #[generator(yield = u32)]
    fn dunder_names(__value: u32) -> u32 {
        let __co = __value + 1;
        let __ret = __co + 1;
        yield_!(__value);
        yield_!(__co);
        __ret
    }
    let mut g = dunder_names(1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume(()), GeneratorState::Yielded(2));
    assert_eq!(g.resume(()), GeneratorState::Complete(3));
}

struct Tree {
    value: u32,
    children: Vec<Tree>,
}

#[generator(yield = u32)]
fn walk(tree: &Tree) {
    yield_!(tree.value);
    for child in &tree.children {
        // Recursion through a type-erased iterator (no `boxed()` needed).
        let sub: Box<dyn Iterator<Item = u32> + '_> = Box::new(walk(child));
        for x in sub {
            yield_!(x);
        }
    }
}

#[test]
fn python_recursive_generator_through_a_boxed_iterator() {
    let leaf = |value| Tree {
        value,
        children: vec![],
    };
    let tree = Tree {
        value: 1,
        children: vec![
            Tree {
                value: 2,
                children: vec![leaf(3), leaf(4)],
            },
            leaf(5),
        ],
    };
    assert_eq!(walk(&tree).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
}

trait SendSource {
    fn values(&self) -> impl Iterator<Item = u32> + Send;
}

struct Numbers(Vec<u32>);

impl SendSource for Numbers {
    #[generator(yield = u32)]
    fn values(&self) {
        for x in &self.0 {
            yield_!(*x);
        }
    }
}

#[test]
fn spec5_trait_method_requiring_a_send_iterator_can_be_a_generator() {
    let n = Numbers(vec![3, 4]);
    let it = n.values();
    let got = std::thread::scope(|s| s.spawn(move || it.collect::<Vec<_>>()).join().unwrap());
    assert_eq!(got, [3, 4]);
}

#[test]
fn spec4_close_then_start_panics() {
    let mut g = records_sends();
    g.close();
    assert!(g.is_complete());
    panics(|| g.start());
}

#[test]
fn docs_generator_is_its_state_machine_plus_one_word() {
    // lib.rs: "Nothing else is stored: the generator is that state machine plus one word."
    let body_size = Cell::new(0);
    let g = Gen::new(|mut co: Co<u64>| {
        let body = async move {
            let buffer = [7u64; 16];
            for x in buffer {
                co.yield_(x).await;
            }
        };
        body_size.set(size_of_val(&body));
        body
    });
    let word = size_of::<usize>();
    assert!(
        size_of_val(&g) <= body_size.get() + word,
        "Gen is {} bytes for a {}-byte body",
        size_of_val(&g),
        body_size.get()
    );
    let g = pin!(g);
    assert_eq!(g.sum::<u64>(), 7 * 16);
}

#[test]
fn spec4_a_generator_pinned_in_a_box_is_not_boxed_again() {
    // "one heap allocation per generator at most": `Box::pin` is that allocation, and resuming
    // the pinned generator must not box its body a second time.
    let (sum, n) = allocations_in(|| {
        let mut g = Box::pin(count_to(100));
        let mut sum = 0;
        while let GeneratorState::Yielded(x) = g.as_mut().resume(()) {
            sum += x;
        }
        sum
    });
    assert_eq!(sum, 5050);
    assert_eq!(n, 1);
    let (count, n) = allocations_in(|| {
        let mut g: DynGen = Box::pin(count_to(10));
        let mut count = 0;
        while g.as_mut().resume(()).yielded().is_some() {
            count += 1;
        }
        count
    });
    assert_eq!(count, 10);
    assert_eq!(n, 1);
}

#[test]
fn spec4_results_boxes_at_most_once() {
    let (count, n) = allocations_in(|| parse_all(&["1", "2", "x"]).results().count());
    assert_eq!(count, 3);
    assert!(n <= 1, "got {n} allocations");
}

#[test]
fn spec4_start_boxes_an_owned_generator_at_most_once() {
    let mut g = averager();
    let (first, n) = allocations_in(|| g.start());
    assert_eq!(first, GeneratorState::Yielded(0.0));
    assert!(n <= 1, "got {n} allocations");
    let (last, n) = allocations_in(|| {
        g.resume(1.0);
        g.resume(3.0)
    });
    assert_eq!(last, GeneratorState::Yielded(2.0));
    assert_eq!(n, 0);
}

/// Stores a clone of the current waker, and is ready at once.
struct StashWaker<'a>(&'a RefCell<Option<Waker>>);

impl Future for StashWaker<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        *self.0.borrow_mut() = Some(cx.waker().clone());
        Poll::Ready(())
    }
}

/// Polls a future once with a given waker instead of the caller's.
struct PollWith<'a, F> {
    future: Pin<&'a mut F>,
    waker: &'a Waker,
}

impl<F: Future> Future for PollWith<'_, F> {
    type Output = Poll<F::Output>;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Poll<F::Output>> {
        let waker = self.waker;
        let mut cx = Context::from_waker(waker);
        Poll::Ready(self.future.as_mut().poll(&mut cx))
    }
}

#[inline(never)]
fn next_from_deeper_frame<I: Iterator>(depth: usize, it: &mut I) -> Option<I::Item> {
    let pad = std::hint::black_box([depth as u8; 512]);
    let item = if depth == 0 {
        it.next()
    } else {
        next_from_deeper_frame(depth - 1, it)
    };
    assert_eq!(pad[3], depth as u8);
    item
}

#[test]
fn spec5_waker_kept_from_an_earlier_resume_cannot_deliver_a_yield() {
    // The body keeps a clone of the waker of its first resume and, in its second resume (made
    // from a deeper stack frame), yields through that stale waker. That must panic or deliver
    // the value properly; it must never write into the slot of a resume that is over.
    let (made, d) = (Drops::new(), Drops::new());
    let make = move |id| {
        made.0.fetch_add(1, SeqCst);
        d.tagged(id)
    };
    let mut g = Gen::new(move |mut co: Co<Token>| async move {
        let stash = RefCell::new(None);
        StashWaker(&stash).await;
        co.yield_(make(1)).await;
        let stale = stash.borrow_mut().take().expect("stashed");
        let mut y = co.yield_(make(2));
        let polled = PollWith {
            future: Pin::new(&mut y),
            waker: &stale,
        }
        .await;
        polled.is_pending()
    });
    assert_eq!(g.next().map(|t| t.id), Some(1));
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        next_from_deeper_frame(8, &mut g).map(|t| t.id)
    }));
    drop(g);
    assert_eq!(made.get(), 2);
    assert_eq!(
        d.get(),
        2,
        "outcome {outcome:?}: a value yielded through a stale waker was lost"
    );
}

#[test]
fn spec5_yield_polled_with_a_foreign_waker_inside_the_body_panics() {
    let d = Drops::new();
    let mut g = Gen::new(move |mut co: Co<Token>| async move {
        let noop = Waker::noop();
        let mut y = co.yield_(d.token());
        let _ = PollWith {
            future: Pin::new(&mut y),
            waker: noop,
        }
        .await;
    });
    let msg = panics(|| g.next().map(|t| t.id));
    assert!(
        mentions(&msg, &["generator", "yield"]),
        "unhelpful message: {msg:?}"
    );
    drop(g);
    assert_eq!(d.get(), 1);
}

// --- more declaration shapes ----------------------------------------------------------------------

#[generator(yield = u8)]
fn opaque_return() -> impl Display {
    yield_!(1);
    5
}

#[generator(yield = usize)]
fn first_word(text: &str) -> &str {
    yield_!(text.len());
    text.split(' ').next().unwrap_or("")
}

#[generator(yield = &str)]
fn words_elided(text: &str) {
    for w in text.split(' ') {
        yield_!(w);
    }
}

#[test]
fn spec3_return_and_yield_types_with_elided_lifetimes_and_impl_trait() {
    let mut g = opaque_return();
    assert_eq!(g.resume(()).yielded(), Some(1));
    match g.resume(()) {
        GeneratorState::Complete(d) => assert_eq!(d.to_string(), "5"),
        GeneratorState::Yielded(_) => panic!("expected completion"),
    }
    let text = String::from("ab cd");
    let mut g = first_word(&text);
    assert_eq!(g.resume(()), GeneratorState::Yielded(5));
    assert_eq!(g.resume(()), GeneratorState::Complete("ab"));
    assert_eq!(words_elided(&text).collect::<Vec<_>>(), ["ab", "cd"]);
}

struct Shelf(Vec<String>);

impl Shelf {
    #[generator(yield = &str)]
    fn titles_elided(&self) {
        for t in &self.0 {
            yield_!(t.as_str());
        }
    }

    #[generator(yield = String)]
    fn boxed_items(self: Box<Self>) {
        for t in self.0 {
            yield_!(t);
        }
    }

    #[generator(yield = String)]
    fn sorted(mut self) {
        self.0.sort();
        for t in self.0 {
            yield_!(t);
        }
    }
}

#[test]
fn spec3_more_receivers_elided_self_lifetime_box_self_and_mut_self() {
    let shelf = Shelf(vec!["b".into(), "a".into()]);
    assert_eq!(shelf.titles_elided().collect::<Vec<_>>(), ["b", "a"]);
    assert_eq!(
        Box::new(Shelf(vec!["x".into()]))
            .boxed_items()
            .collect::<Vec<_>>(),
        ["x"]
    );
    assert_eq!(shelf.sorted().collect::<Vec<_>>(), ["a", "b"]);
}

#[generator(yield = String)]
fn mapped<'a, F>(items: &'a [String], f: F)
where
    F: for<'x> Fn(&'x str) -> &'x str,
{
    for i in items {
        yield_!(f(i).to_string());
    }
}

#[test]
fn spec3_higher_ranked_where_clause() {
    let v = vec!["ab".to_string(), "cd".to_string()];
    assert_eq!(mapped(&v, |s| &s[..1]).collect::<Vec<_>>(), ["a", "c"]);
}

trait Countdown {
    fn from(&self) -> u32;

    #[generator(yield = u32)]
    fn countdown(&self) {
        for i in (0..self.from()).rev() {
            yield_!(i);
        }
    }
}

impl Countdown for Shelf {
    fn from(&self) -> u32 {
        self.0.len() as u32
    }
}

#[test]
fn spec3_trait_default_method() {
    // Not listed by SPEC 3 (which names trait *impl* methods), but it works like one.
    assert_eq!(
        Shelf(vec![String::new(); 3])
            .countdown()
            .collect::<Vec<_>>(),
        [2, 1, 0]
    );
}
