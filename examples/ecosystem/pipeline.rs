//! Generators chained like Unix pipes: read lines, parse them into requests, keep the failed
//! ones, cut them into batches. Each stage is a small generator that pulls from the one
//! before it, one item at a time, so the whole pipe holds one line and one batch, however
//! long the log. An I/O error from the reader flows down the pipe and comes out at the end
//! as an `Err` item.
//!
//! Mirrors the seeds' generator pipelines (`cat access.log | grep ' 404 ' | ...`):
//!
//! ```python
//! lines = (line.rstrip("\n") for line in log)
//! requests = (parse(line) for line in lines)
//! failed = (r for r in requests if r and r.status >= 400)
//! for batch in itertools.batched(failed, 100):
//!     report(batch)
//! ```
//!
//! `cargo run --release --example pipeline` (or `-- 1000000` log lines)

use pygen::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

/// One line of an access log: `ip - - [time] "METHOD path HTTP/1.1" status bytes`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub(crate) path: String,
    pub(crate) status: u16,
    pub(crate) bytes: u64,
}

/// Stage 1, `cat`: the lines of `reader`, without their newline. Ends with the I/O error, if
/// any (read it with `.results()`).
#[generator(yield = String)]
fn read_lines(mut reader: impl BufRead) -> io::Result<()> {
    let mut line = String::new();
    while reader.read_line(&mut line)? > 0 {
        let text = line.trim_end_matches(['\n', '\r']).to_owned();
        line.clear();
        yield_!(text);
    }
    Ok(())
}

/// Stage 2, `parse`: lines into requests; a line that is not a request (a comment, a
/// truncated line) is skipped, as a `grep` would, while an I/O error ends the stage.
#[generator(yield = Request)]
fn parse(lines: impl Iterator<Item = io::Result<String>>) -> io::Result<()> {
    for line in lines {
        if let Some(request) = parse_line(&line?) {
            yield_!(request);
        }
    }
    Ok(())
}

fn parse_line(line: &str) -> Option<Request> {
    // `... "GET /path HTTP/1.1" 404 512`: the quoted request, then status and size.
    let (_, rest) = line.split_once('"')?;
    let (request, numbers) = rest.split_once('"')?;
    let path = request.split_whitespace().nth(1)?.to_owned();
    let mut numbers = numbers.split_whitespace();
    let status = numbers.next()?.parse().ok()?;
    let bytes = numbers.next()?.parse().unwrap_or(0); // `-` means no body
    Some(Request {
        path,
        status,
        bytes,
    })
}

/// Stage 3, `grep`: only the requests that failed (status 400 and up).
#[generator(yield = Request)]
fn failed(requests: impl Iterator<Item = io::Result<Request>>) -> io::Result<()> {
    for request in requests {
        let request = request?;
        if request.status >= 400 {
            yield_!(request);
        }
    }
    Ok(())
}

/// Stage 4, Python's `itertools.batched`: groups of `size` items, the last one possibly
/// shorter. Generic over the item type, like any function.
#[generator(yield = Vec<T>)]
fn batched<T>(items: impl Iterator<Item = io::Result<T>>, size: usize) -> io::Result<()> {
    let mut batch = Vec::with_capacity(size);
    for item in items {
        batch.push(item?);
        if batch.len() == size {
            yield_!(std::mem::replace(&mut batch, Vec::with_capacity(size)));
        }
    }
    if !batch.is_empty() {
        yield_!(batch);
    }
    Ok(())
}

/// A fake access log of `lines` lines, one in 20 a 404, one in 50 a 500, one in 1000 garbage.
#[generator(yield = String)]
fn fake_log(lines: u64) {
    const PATHS: [&str; 5] = ["/", "/index.html", "/api/items", "/login", "/favicon.ico"];
    for i in 0..lines {
        let path = PATHS[(i / 20 % 5) as usize];
        let (status, bytes) = match i {
            _ if i % 1000 == 999 => {
                yield_!("#### truncated ###".to_owned());
                continue;
            }
            _ if i % 20 == 3 => (404, "-".to_owned()),
            _ if i % 50 == 7 => (500, "87".to_owned()),
            _ => (200, (i % 4096).to_string()),
        };
        yield_!(format!(
            "10.0.{}.{} - - [10/Oct/2024:13:55:36 +0000] \"GET {path} HTTP/1.1\" {status} {bytes}",
            i / 256 % 256,
            i % 256
        ));
    }
}

/// Totals of the failed requests, per status and per path.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Report {
    pub(crate) batches: usize,
    pub(crate) by_status: BTreeMap<u16, usize>,
    pub(crate) by_path: BTreeMap<String, usize>,
}

/// Runs the pipe over any reader, printing the first batches and the totals.
pub(crate) fn process(reader: impl BufRead, out: &mut impl Write) -> io::Result<Report> {
    let mut report = Report::default();
    // The pipe, built from the source out; nothing runs until the `for` asks for a batch.
    // `.results()` turns each stage's items and final error into `io::Result` items.
    let lines = read_lines(reader).results();
    let requests = parse(lines).results();
    let failures = failed(requests).results();
    let batches = batched(failures, 100).results();
    for batch in batches {
        let batch = batch?;
        report.batches += 1;
        if report.batches <= 3 {
            let not_found = batch.iter().filter(|r| r.status == 404).count();
            writeln!(
                out,
                "batch {}: {} failed requests ({not_found} not found), the first: {} {}",
                report.batches,
                batch.len(),
                batch[0].status,
                batch[0].path
            )?;
        }
        for request in batch {
            *report.by_status.entry(request.status).or_default() += 1;
            *report.by_path.entry(request.path).or_default() += 1;
        }
    }
    writeln!(out, "...\n{} batches", report.batches)?;
    writeln!(out, "failed requests by status: {:?}", report.by_status)?;
    writeln!(out, "failed requests by path:   {:?}", report.by_path)?;
    Ok(report)
}

/// Writes a fake log of `lines` lines to a temporary file, then runs the pipe over the file.
pub(crate) fn run(lines: u64, out: &mut impl Write) -> io::Result<Report> {
    let mut file = tempfile::tempfile()?;
    let mut writer = BufWriter::new(&mut file);
    for line in fake_log(lines) {
        writeln!(writer, "{line}")?;
    }
    writer.flush()?;
    drop(writer);
    writeln!(
        out,
        "{lines} log lines, {} bytes\n",
        file.stream_position()?
    )?;
    file.rewind()?;
    process(BufReader::new(file), out)
}

fn main() -> io::Result<()> {
    let lines = std::env::args().nth(1).map_or(1_000_000, |arg| {
        arg.parse().expect("usage: pipeline [LINES]")
    });
    run(lines, &mut io::stdout().lock())?;
    Ok(())
}
