//! Runs the feature examples (`tour`, `tree`, `async_pages`, `async_lines`) with small sizes
//! and checks what they computed and printed. Each example file is included as a module; its
//! `main` only reads a size from the command line, hence `allow(dead_code)`.

use std::time::Duration;

#[allow(dead_code)]
#[path = "../examples/tour.rs"]
mod tour;

#[allow(dead_code)]
#[path = "../examples/tree.rs"]
mod tree;

#[allow(dead_code)]
#[path = "../examples/async_pages.rs"]
mod async_pages;

#[allow(dead_code)]
#[path = "../examples/async_lines.rs"]
mod async_lines;

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("examples print UTF-8")
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_pages_fetches_lazily_page_by_page() {
    let mut out = Vec::new();
    let report = async_pages::run(45, 10, Duration::from_millis(1), &mut out)
        .await
        .unwrap();
    assert_eq!(report.first_three, ["item-0000", "item-0001", "item-0002"]);
    assert_eq!(report.items_after_first_page, 10);
    assert_eq!(report.total_items, 45);
    // Five pages with items, then the empty page that ends it.
    assert_eq!(report.pages_fetched, 5);
    assert!(text(out).contains("all 45 items in 5 pages"));
}

#[tokio::test]
async fn async_lines_counts_and_greps_and_reports_a_missing_file() {
    let mut out = Vec::new();
    let counts = async_lines::run(1_000, &mut out).await.unwrap();
    assert_eq!(
        counts,
        async_lines::Counts {
            lines: 1_000,
            errors: 100
        }
    );
    let out = text(out);
    assert!(out.contains("1000 lines, 100 of them errors"), "{out}");
    assert!(out.contains("a missing file ends the stream with"), "{out}");
}
