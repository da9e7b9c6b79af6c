//! An async generator over a paginated API: fetch page after page, yield item after item,
//! and fetch the next page only when the consumer gets there. Python's
//!
//! ```python
//! async def items(client):
//!     page = 0
//!     while True:
//!         batch = await client.fetch(page)   # a real await: the network
//!         if not batch:
//!             return
//!         for item in batch:
//!             yield item
//!         page += 1
//! ```
//!
//! The "server" is an in-process tokio task answering requests over a channel after a
//! simulated network delay, so the example runs anywhere, with real awaits and wake-ups.
//!
//! `cargo run --release --example async_pages`

use futures::StreamExt;
use pygen::prelude::*;
use std::io::{self, Write};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// A request for one page, with where to send the answer.
struct Request {
    page: usize,
    reply: oneshot::Sender<Vec<String>>,
}

/// Serves `total` items, `page_size` per page, each answer after `latency`.
fn spawn_server(total: usize, page_size: usize, latency: Duration) -> mpsc::Sender<Request> {
    let (tx, mut rx) = mpsc::channel::<Request>(8);
    tokio::spawn(async move {
        while let Some(Request { page, reply }) = rx.recv().await {
            tokio::time::sleep(latency).await;
            let start = (page * page_size).min(total);
            let end = (start + page_size).min(total);
            let _ = reply.send((start..end).map(|i| format!("item-{i:04}")).collect());
        }
    });
    tx
}

/// Every item the server has, page by page; returns how many pages it fetched.
#[generator(yield = String)]
async fn items(server: mpsc::Sender<Request>) -> usize {
    let mut page = 0;
    loop {
        let (reply, answer) = oneshot::channel();
        server
            .send(Request { page, reply })
            .await
            .expect("server alive");
        let batch = answer.await.expect("server answered");
        if batch.is_empty() {
            return page;
        }
        for item in batch {
            yield_!(item);
        }
        page += 1;
    }
}

/// What `run` observed, for the tests.
#[derive(Debug)]
#[allow(dead_code, reason = "read by tests/examples.rs")]
pub(crate) struct Report {
    pub(crate) first_three: Vec<String>,
    pub(crate) items_after_first_page: usize,
    pub(crate) total_items: usize,
    pub(crate) pages_fetched: usize,
}

pub(crate) async fn run(
    total: usize,
    page_size: usize,
    latency: Duration,
    out: &mut impl Write,
) -> io::Result<Report> {
    let server = spawn_server(total, page_size, latency);

    // Lazy: taking three items fetches one page, not all of them.
    let started = Instant::now();
    let first_three: Vec<String> = items(server.clone()).take(3).collect().await;
    writeln!(
        out,
        "first three items: {first_three:?} ({:?}, one page fetched)",
        started.elapsed()
    )?;

    // Items arrive while later pages are still on the "network".
    let mut stream = std::pin::pin!(items(server.clone()));
    let mut seen = 0;
    while let Some(_item) = stream.next().await {
        seen += 1;
        if seen == page_size {
            break;
        }
    }
    writeln!(
        out,
        "processed a full page of {seen} items before the second one was requested"
    )?;

    // All of it, with the return value: how many pages were fetched.
    let started = Instant::now();
    let mut all = items(server);
    let mut total_items = 0;
    let pages_fetched = loop {
        match all.resume(()).await {
            GeneratorState::Yielded(_) => total_items += 1,
            GeneratorState::Complete(pages) => break pages,
        }
    };
    writeln!(
        out,
        "all {total_items} items in {pages_fetched} pages in {:?} ({latency:?} per request)",
        started.elapsed()
    )?;
    Ok(Report {
        first_three,
        items_after_first_page: seen,
        total_items,
        pages_fetched,
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> io::Result<()> {
    run(
        1_000,
        100,
        Duration::from_millis(20),
        &mut io::stdout().lock(),
    )
    .await?;
    Ok(())
}
