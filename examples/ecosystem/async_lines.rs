//! The lines of a file through an async generator, with tokio's async file I/O: the
//! asynchronous version of Python's `for line in open(path)` generator,
//!
//! ```python
//! async def lines(path):
//!     async with aiofiles.open(path) as f:
//!         async for line in f:
//!             yield line.rstrip("\n")
//! ```
//!
//! Only one line (and the reader's buffer) is in memory at a time, however big the file. An
//! I/O error ends the stream with an `Err` item (`results()`), instead of a panic.
//!
//! `cargo run --release --example async_lines` (or `-- 1000000` lines)

use futures::{StreamExt, TryStreamExt};
use pygen::prelude::*;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Every line of the file at `path`, without its line ending.
#[generator(yield = String)]
async fn lines(path: PathBuf) -> io::Result<()> {
    let file = tokio::fs::File::open(&path).await?;
    let mut reader = BufReader::new(file).lines();
    while let Some(line) = reader.next_line().await? {
        yield_!(line);
    }
    Ok(())
}

/// Writes `count` log lines, every tenth an error.
async fn write_log(path: &Path, count: usize) -> io::Result<()> {
    let mut file = tokio::io::BufWriter::new(tokio::fs::File::create(path).await?);
    for i in 0..count {
        let level = if i % 10 == 7 { "ERROR" } else { "INFO" };
        file.write_all(format!("{i:08} {level} request {i} handled\n").as_bytes())
            .await?;
    }
    file.flush().await
}

/// What `run` counted, for the tests.
#[derive(Debug, PartialEq, Eq)]
#[allow(dead_code, reason = "read by tests/examples.rs")]
pub(crate) struct Counts {
    pub(crate) lines: usize,
    pub(crate) errors: usize,
}

pub(crate) async fn run(count: usize, out: &mut impl Write) -> io::Result<Counts> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("server.log");
    write_log(&path, count).await?;
    let bytes = tokio::fs::metadata(&path).await?.len();
    writeln!(
        out,
        "wrote {count} lines ({} KiB) to {}",
        bytes / 1024,
        path.display()
    )?;

    // A grep: a pipeline of stream adapters over the generator.
    let errors = lines(path.clone())
        .results()
        .try_filter(|line| futures::future::ready(line.contains("ERROR")))
        .try_fold(0, |n, _| async move { Ok::<_, io::Error>(n + 1) })
        .await?;
    let lines_total = lines(path.clone()).results().count().await;
    writeln!(out, "{lines_total} lines, {errors} of them errors")?;

    // A missing file is an `Err` item, not a panic.
    let missing: Vec<io::Result<String>> = lines(dir.path().join("missing.log"))
        .results()
        .collect()
        .await;
    match &missing[..] {
        [Err(e)] => writeln!(out, "a missing file ends the stream with: {e}")?,
        other => writeln!(out, "unexpected: {other:?}")?,
    }
    Ok(Counts {
        lines: lines_total,
        errors,
    })
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let count = std::env::args()
        .nth(1)
        .map_or(200_000, |arg| arg.parse().expect("a line count"));
    run(count, &mut io::stdout().lock()).await?;
    Ok(())
}
