//! Runs the examples of this folder with small sizes and checks what they computed and
//! printed. Each example file is included here as a module and its `run` called directly; its
//! `main`, which only reads a size from the command line, is unused here, hence
//! `allow(dead_code)` on each.

// The counting allocator that `memory` reads: a program has one, so it is declared here, at
// the root, and the example uses `crate::heap`.
#[path = "../support/heap.rs"]
mod heap;

#[allow(dead_code)]
#[path = "../averager.rs"]
mod averager;
#[allow(dead_code)]
#[path = "../iterator_vs_generator.rs"]
mod iterator_vs_generator;
#[allow(dead_code)]
#[path = "../memory.rs"]
mod memory;
#[allow(dead_code)]
#[path = "../primes.rs"]
mod primes;
#[allow(dead_code)]
#[path = "../tour.rs"]
mod tour;
#[allow(dead_code)]
#[path = "../tree.rs"]
mod tree;

#[path = "../support/printed.rs"]
mod printed;
use printed::{output, text};

#[test]
fn memory_list_grows_generator_stays_flat() {
    let (text, rows) = output(|out| memory::run(2..=4, out));
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let n = u128::from(row.n);
        assert_eq!(row.sum, n * (n - 1) * (2 * n - 1) / 6, "closed form");
        assert!(
            row.list_peak >= 8 * row.n as usize,
            "a list holds every u64"
        );
        assert!(row.generator_peak < 256, "{} B", row.generator_peak);
    }
    assert!(
        rows.iter()
            .all(|row| row.generator_peak == rows[0].generator_peak)
    );
    assert!(rows[2].list_peak > 50 * rows[0].list_peak);
    assert!(text.contains(" 10^4 |"), "{text}");
    assert!(text.contains("each # doubles it"), "{text}");
}

#[test]
fn primes_are_the_primes() {
    let (text, thousandth) = output(|out| primes::run(1000, out));
    assert_eq!(thousandth, 7919);
    assert!(text.contains("[2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]"));
    assert!(text.contains("primes below 100: 25"), "{text}");
    assert!(text.contains("(3, 5), (5, 7), (11, 13), (17, 19), (29, 31), (41, 43)"));
    assert!(text.contains("the prime number 1000 is 7919"), "{text}");
}

#[test]
fn averager_averages_what_it_is_sent_and_returns_a_summary() {
    let (text, summary) = output(|out| averager::run(&[10.0, 30.0, 5.0], out));
    assert_eq!(
        summary,
        averager::Summary {
            count: 3,
            average: Some(15.0)
        }
    );
    assert!(text.starts_with("primed:      Yielded(None)\n"), "{text}");
    assert!(text.contains("send(    30) -> average 20.000"), "{text}");
    assert!(text.contains("complete: true"), "{text}");

    let (_, empty) = output(|out| averager::run(&[], out));
    assert_eq!(empty.count, 0);
    assert_eq!(empty.average, None);
}

#[test]
fn iterator_and_generator_agree() {
    let (text, timings) = output(|out| iterator_vs_generator::run(10_000, out));
    assert!(timings.same_items);
    let expected = timings.sums[0];
    assert!(
        timings.sums.iter().all(|&sum| sum == expected),
        "{timings:?}"
    );
    assert!(timings.times.iter().all(|time| !time.is_zero()));
    assert!(text.contains("all 10000 items equal: true"), "{text}");
    assert!(text.contains("generator, pinned"), "{text}");
}

#[test]
fn tour_shows_every_feature_with_its_result() {
    let mut out = Vec::new();
    tour::run(&mut out).unwrap();
    let out = text(out);
    for expected in [
        "fibonacci().take(10) = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]",
        "first above a million = Some(1346269)",
        "sent   60 -> running average 30",
        "yielded [\"the\", \"quick\", \"brown\", \"fox\"], returned 4",
        "6 words in all",
        "after close: [\"cleanup ran\"]; next() now returns None",
        "[\"hello, Ada\", \"hello, Grace\"]",
        "[1, 9, 25]",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}

#[test]
fn tree_walks_every_node_once_and_returns_totals() {
    let mut out = Vec::new();
    let summary = tree::run(6, &mut out).unwrap();
    assert_eq!(summary.nodes, (1 << 7) - 1);
    assert_eq!(summary.deepest, 6);
    // Leaf sizes are their path lengths: "/" plus 6 steps, for 2^6 leaves.
    assert_eq!(summary.total_size, 7 * 64);
    let out = text(out);
    assert!(out.contains("4 files, 7700 bytes in all"), "{out}");
    assert!(
        out.contains("      ui\n        case.rs"),
        "indentation follows depth:\n{out}"
    );
}
