//! Runs the examples of this folder with small sizes and checks what they computed and
//! printed. Each example file is included here as a module and its `run` called directly; its
//! `main`, which only reads a size from the command line, is unused here, hence
//! `allow(dead_code)` on each.

use std::time::Duration;

// The counting allocator that `large_file` and `database` read: a program has one, so it is
// declared here, at the root, and those examples use `crate::heap`.
#[path = "../../support/heap.rs"]
mod heap;

#[allow(dead_code)]
#[path = "../async_lines.rs"]
mod async_lines;
#[allow(dead_code)]
#[path = "../async_pages.rs"]
mod async_pages;
#[allow(dead_code)]
#[path = "../csv_rows.rs"]
mod csv_rows;
#[allow(dead_code)]
#[path = "../database.rs"]
mod database;
#[allow(dead_code)]
#[path = "../large_file.rs"]
mod large_file;
#[allow(dead_code)]
#[path = "../parallel.rs"]
mod parallel;
#[allow(dead_code)]
#[path = "../pipeline.rs"]
mod pipeline;

#[path = "../../support/printed.rs"]
mod printed;
use printed::{output, text};

#[test]
fn parallel_finds_what_one_thread_finds() {
    let (text, outcome) = output(|out| parallel::run(10_000, out));
    // Below 10,000, 6171 has the longest sequence: 261 steps.
    assert_eq!(outcome.sequential, (261, 6171));
    assert_eq!(outcome.parallel, outcome.sequential);
    // 1..10_000 in chunks of 33: every chunk done once, by some thread.
    assert_eq!(outcome.chunks_per_thread.iter().sum::<usize>(), 303);
    assert!(text.contains("6171 takes 261 steps"), "{text}");
}

#[test]
fn pipeline_batches_the_failed_requests() {
    let (text, report) = output(|out| pipeline::run(2000, out));
    // One line in 20 is a 404 and one in 50 a 500: 140 failures, in batches of 100.
    assert_eq!(report.batches, 2);
    assert_eq!(report.by_status.get(&404), Some(&100));
    assert_eq!(report.by_status.get(&500), Some(&40));
    assert_eq!(report.by_path.values().sum::<usize>(), 140);
    assert!(text.contains("batch 2: 40 failed requests"), "{text}");
}

#[test]
fn pipeline_passes_a_read_error_down_to_the_end() {
    let line = "1.2.3.4 - - [10/Oct/2024:13:55:36 +0000] \"GET /x HTTP/1.1\" 404 -\n";
    let mut log = line.repeat(150).into_bytes();
    log.extend_from_slice(b"\xff\xfe not UTF-8\n");
    let mut out = Vec::new();
    let error = pipeline::process(&log[..], &mut out).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    // The first full batch got through before the error reached the end of the pipe.
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("batch 1: 100 failed requests"), "{text}");
    assert!(!text.contains("batch 2"), "{text}");
}

#[test]
fn csv_rows_stops_at_the_malformed_row_with_an_err_item() {
    let (text, (good, bad)) = output(|out| csv_rows::run(1000, out));
    assert_eq!(good.rows, 1000);
    assert_eq!(good.error, None);
    assert_eq!(good.by_category.len(), 4);
    // Line 502 is row 500: the 500 rows before it were read, then came the error.
    assert_eq!(bad.rows, 500);
    let error = bad.error.as_deref().expect("an Err item");
    assert_eq!(error, "line 502: raisedAmt \"1.5M\" is not a whole number");
    assert!(text.contains("total series A: Err(line 502"), "{text}");
    assert!(text.contains("then an Err item: line 502"), "{text}");
}

#[test]
fn large_file_is_grepped_in_constant_memory() {
    let (text, scan) = output(|out| large_file::run(1, false, out));
    assert_eq!(scan.lines, 1_000_000 / 70);
    assert!(scan.errors > 0);
    assert!(
        scan.first_errors
            .iter()
            .all(|(_, line)| line.contains(" ERROR "))
    );
    assert!(scan.file_bytes > 900_000);
    // One 64 KiB read buffer and a line or two, against the whole file.
    assert!(scan.streaming_peak < 100 * 1024, "{}", scan.streaming_peak);
    assert!(scan.loading_peak as u64 >= scan.file_bytes);
    assert!(
        text.contains(&format!("{} contain ERROR", scan.errors)),
        "{text}"
    );
}

#[test]
fn database_streams_rows_in_constant_memory() {
    let rows = 2000;
    let (text, [by_row, by_page, all]) = output(|out| database::run(rows, 300, out));
    let expected: i64 = (0..rows).map(|i| (i * 7919 % 100_000) as i64 + 99).sum();
    for reading in [&by_row, &by_page, &all] {
        assert_eq!(reading.orders, rows);
        assert_eq!(reading.total_cents, expected);
    }
    // One row at a time against every row at once (at least 2000 `Order`s of 72 bytes).
    assert!(by_row.rust_peak < 1024, "{}", by_row.rust_peak);
    assert!(all.rust_peak > 2000 * 72, "{}", all.rust_peak);
    assert!(by_page.rust_peak < all.rust_peak);
    assert!(text.contains("no such column: contry"), "{text}");
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
