//! A file too big to load for nothing: writes a few hundred megabytes of server log to a
//! temporary directory, then greps it line by line through a generator pipeline with a
//! progress bar, and reports the peak heap: the size of one read buffer and one line, not
//! the size of the file. For contrast, the same count done by loading the whole file.
//!
//! Mirrors the seeds' reading of a large file with a generator:
//!
//! ```python
//! def read_lines(path):
//!     with open(path) as f:
//!         for line in f:
//!             yield line.rstrip("\n")
//!
//! def grep(lines, needle):
//!     for n, line in enumerate(lines, 1):
//!         if needle in line:
//!             yield n, line
//!
//! errors = sum(1 for _ in grep(read_lines("server.log"), "ERROR"))
//! # versus: open("server.log").read().splitlines()  (the whole file in memory)
//! ```
//!
//! `cargo run --release --example large_file` (or `-- 1000` for a 1000 MB file)

#[cfg(not(test))]
#[path = "../support/heap.rs"]
mod heap;

use crate::heap::{human, peak_during};
use indicatif::{ProgressBar, ProgressStyle};
use pygen::prelude::*;
use std::cell::Cell;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

/// The lines of the file at `path`, without their newline, one `String` at a time. Opening
/// the file happens at the first `next()`, so a missing file is an `Err` item like any other
/// I/O error. `progress` advances as bytes are read.
#[generator(yield = String)]
fn read_lines(path: &Path, progress: &ProgressBar) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(64 * 1024, progress.wrap_read(File::open(path)?));
    let mut line = String::new();
    while reader.read_line(&mut line)? > 0 {
        let text = line.trim_end_matches('\n').to_owned();
        line.clear();
        yield_!(text);
    }
    Ok(())
}

/// The lines that contain `needle`, with their line numbers; errors pass through.
#[generator(yield = (u64, String))]
fn grep(lines: impl Iterator<Item = io::Result<String>>, needle: &str) -> io::Result<()> {
    for (index, line) in lines.enumerate() {
        let line = line?;
        if line.contains(needle) {
            yield_!((index as u64 + 1, line));
        }
    }
    Ok(())
}

/// Made-up log lines: a timestamp, a level (one in a thousand `ERROR`), a service, a
/// request id and a duration; about 70 bytes each.
#[generator(yield = String)]
fn log_lines(count: u64) {
    const SERVICES: [&str; 4] = ["auth", "billing", "search", "upload"];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for i in 0..count {
        // xorshift: cheap, repeatable pseudo-random numbers.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let level = if seed % 1000 == 0 { "ERROR" } else { "INFO " };
        let service = SERVICES[(seed >> 40) as usize % SERVICES.len()];
        yield_!(format!(
            "2024-10-10T{:02}:{:02}:{:02}.{:03}Z {level} {service:<7} request={i:010} took={}ms",
            i / 3_600_000 % 24,
            i / 60_000 % 60,
            i / 1000 % 60,
            i % 1000,
            (seed >> 32) % 2000,
        ));
    }
}

fn bar(len: u64, visible: bool, what: &'static str) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{msg:8} [{bar:40}] {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec})",
    )
    .expect("a valid template")
    .progress_chars("=> ");
    ProgressBar::new(len).with_style(style).with_message(what)
}

/// Writes about `bytes` bytes of log to `path`.
fn write_log(path: &Path, bytes: u64, visible: bool) -> io::Result<u64> {
    let progress = bar(bytes, visible, "writing");
    let mut writer = BufWriter::new(progress.wrap_write(File::create(path)?));
    let mut lines = 0;
    for line in log_lines(bytes / 70) {
        writeln!(writer, "{line}")?;
        lines += 1;
    }
    writer.flush()?;
    progress.finish_and_clear();
    Ok(lines)
}

/// What the scan found and what it cost.
#[derive(Debug)]
#[allow(dead_code, reason = "main prints these; tests/examples.rs checks them")]
pub(crate) struct Scan {
    pub(crate) file_bytes: u64,
    pub(crate) lines: u64,
    pub(crate) errors: u64,
    pub(crate) first_errors: Vec<(u64, String)>,
    pub(crate) streaming_peak: usize,
    pub(crate) loading_peak: usize,
}

/// What the generators found: lines read, `ERROR` lines, and the first three of those.
#[derive(Debug, Default)]
struct Found {
    lines: u64,
    errors: u64,
    first: Vec<(u64, String)>,
}

/// Counts the `ERROR` lines of `path` through the generators, keeping the first three.
fn grep_errors(path: &Path, progress: &ProgressBar) -> io::Result<Found> {
    let seen = Cell::new(0); // lines read, counted on their way into `grep`
    let lines = read_lines(path, progress)
        .results()
        .inspect(|_| seen.set(seen.get() + 1));
    let mut found = Found::default();
    for matched in grep(lines, "ERROR").results() {
        let matched = matched?;
        found.errors += 1;
        if found.first.len() < 3 {
            found.first.push(matched);
        }
    }
    found.lines = seen.get();
    Ok(found)
}

/// Writes a log of about `megabytes` MB to a temporary directory, then scans it twice: line
/// by line through generators, and by loading it whole. `visible` shows progress bars.
pub(crate) fn run(megabytes: u64, visible: bool, out: &mut impl Write) -> io::Result<Scan> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("server.log");
    let start = Instant::now();
    write_log(&path, megabytes * 1_000_000, visible)?;
    let file_bytes = fs::metadata(&path)?.len();
    writeln!(
        out,
        "wrote {} of log in {:.1?}",
        human(file_bytes as usize),
        start.elapsed()
    )?;

    let start = Instant::now();
    let progress = bar(file_bytes, visible, "grepping");
    let (scan, streaming_peak) = peak_during(|| grep_errors(&path, &progress));
    let Found {
        lines,
        errors,
        first: first_errors,
    } = scan?;
    progress.finish_and_clear();
    let streaming_time = start.elapsed();
    writeln!(
        out,
        "{lines} lines, {errors} contain ERROR; the first ones:"
    )?;
    for (number, line) in &first_errors {
        writeln!(out, "  {number:>9}: {line}")?;
    }

    // The way that does not scale: the whole file in memory, then its lines.
    let start = Instant::now();
    let (loaded, loading_peak) = peak_during(|| {
        let text = fs::read_to_string(&path)?;
        io::Result::Ok(text.lines().filter(|line| line.contains("ERROR")).count() as u64)
    });
    assert_eq!(loaded?, errors, "both ways find the same lines");
    let loading_time = start.elapsed();

    writeln!(
        out,
        "\n{:<10} {:>12} {:>12}",
        "", "generators", "whole file"
    )?;
    let (streamed, loaded) = (human(streaming_peak), human(loading_peak));
    writeln!(out, "{:<10} {streamed:>12} {loaded:>12}", "peak heap")?;
    let (streamed, loaded) = (
        format!("{streaming_time:.1?}"),
        format!("{loading_time:.1?}"),
    );
    writeln!(out, "{:<10} {streamed:>12} {loaded:>12}", "time")?;
    Ok(Scan {
        file_bytes,
        lines,
        errors,
        first_errors,
        streaming_peak,
        loading_peak,
    })
}

fn main() -> io::Result<()> {
    let megabytes = std::env::args().nth(1).map_or(300, |arg| {
        arg.parse().expect("usage: large_file [MEGABYTES]")
    });
    run(megabytes, true, &mut io::stdout().lock())?;
    Ok(())
}
