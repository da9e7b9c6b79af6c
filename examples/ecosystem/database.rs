//! A real SQLite database (rusqlite, SQLite bundled) with a million rows, read one row at a
//! time through a generator over a prepared statement, in constant memory; then page by page
//! through a second generator; then, for contrast, all at once into a `Vec`. A query with a
//! mistake in it is an `Err` item, not a panic.
//!
//! The generator owns both the statement and the cursor that borrows it, which a plain
//! function returning an iterator cannot do (`query_map` borrows a statement that would be
//! dropped when the function returns): the generator's frame keeps both alive.
//!
//! Mirrors the seeds' database cursor generators:
//!
//! ```python
//! def rows(conn, sql):
//!     cursor = conn.execute(sql)
//!     while (row := cursor.fetchone()) is not None:
//!         yield row
//!
//! def pages(conn, size):
//!     offset = 0
//!     while page := conn.execute("... LIMIT ? OFFSET ?", (size, offset)).fetchall():
//!         yield page
//!         offset += size
//! ```
//!
//! `cargo run --release --example database` (or `-- 100000` rows)

#[cfg(not(test))]
#[path = "../support/heap.rs"]
mod heap;

use crate::heap::{human, peak_during};
use pygen::prelude::*;
use rusqlite::{Connection, Row, params};
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const COUNTRIES: [&str; 5] = ["DE", "FR", "JP", "US", "BR"];
const SELECT: &str = "SELECT id, customer, amount_cents, country FROM orders";

/// One row of the `orders` table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Order {
    pub(crate) id: i64,
    pub(crate) customer: String,
    pub(crate) amount_cents: i64,
    pub(crate) country: String,
}

impl Order {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Order> {
        Ok(Order {
            id: row.get(0)?,
            customer: row.get(1)?,
            amount_cents: row.get(2)?,
            country: row.get(3)?,
        })
    }
}

/// Every order a query returns, one row at a time: SQLite steps the cursor only when the
/// caller asks for the next one. Ends with the first SQL error.
#[generator(yield = Order)]
fn orders(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    let mut statement = conn.prepare(sql)?;
    // `rows` borrows `statement`: both live in the generator, across every `yield_!`.
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        yield_!(Order::from_row(row)?);
    }
    Ok(())
}

/// Pages of `size` orders in id order. Keyset pagination (`WHERE id > last`) rather than the
/// seeds' `OFFSET`, which makes SQLite walk past every earlier row again for each page.
#[generator(yield = Vec<Order>)]
fn pages(conn: &Connection, size: usize) -> rusqlite::Result<()> {
    let mut statement = conn.prepare(&format!("{SELECT} WHERE id > ?1 ORDER BY id LIMIT ?2"))?;
    let mut after = 0;
    loop {
        let page = statement
            .query_map(params![after, size as i64], Order::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.id;
        yield_!(page);
    }
}

/// Made-up orders for the insert: (customer, amount in cents, country).
#[generator(yield = (String, i64, &'static str))]
fn fake_orders(count: u64) {
    for i in 0..count {
        let amount = (i * 7919 % 100_000) as i64 + 99;
        yield_!((
            format!("customer {}", i % 9973),
            amount,
            COUNTRIES[(i % 5) as usize]
        ));
    }
}

/// Creates the database at `path` with `rows` orders, in one transaction.
fn create(path: &Path, rows: u64) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF;
         CREATE TABLE orders (
             id INTEGER PRIMARY KEY,
             customer TEXT NOT NULL,
             amount_cents INTEGER NOT NULL,
             country TEXT NOT NULL
         );",
    )?;
    let tx = conn.transaction()?;
    {
        let mut insert =
            tx.prepare("INSERT INTO orders (customer, amount_cents, country) VALUES (?1, ?2, ?3)")?;
        for (customer, amount, country) in fake_orders(rows) {
            insert.execute(params![customer, amount, country])?;
        }
    }
    tx.commit()?;
    Ok(conn)
}

/// SQLite's own allocations do not go through Rust's allocator: ask SQLite for its peak.
/// `reset` starts a new measurement.
fn sqlite_peak(reset: bool) -> usize {
    // SAFETY: takes no pointers and only reads (or resets) SQLite's global memory
    // statistics, which SQLite guards with its own mutex.
    let bytes = unsafe { rusqlite::ffi::sqlite3_memory_highwater(i32::from(reset)) };
    usize::try_from(bytes).unwrap_or(0)
}

/// One way of reading the table, measured.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    pub(crate) orders: u64,
    pub(crate) total_cents: i64,
    pub(crate) rust_peak: usize,
    pub(crate) sqlite_peak: usize,
    pub(crate) time: Duration,
}

fn measure(read: impl FnOnce() -> rusqlite::Result<(u64, i64)>) -> rusqlite::Result<Reading> {
    sqlite_peak(true);
    let start = Instant::now();
    let (result, rust_peak) = peak_during(read);
    let (orders, total_cents) = result?;
    Ok(Reading {
        orders,
        total_cents,
        rust_peak,
        sqlite_peak: sqlite_peak(false),
        time: start.elapsed(),
    })
}

/// The three readings of the table: row by row, page by page, all at once.
fn read_three_ways(conn: &Connection, page_size: usize) -> rusqlite::Result<[Reading; 3]> {
    let by_row = measure(|| {
        let (mut count, mut total) = (0, 0);
        for order in orders(conn, SELECT).results() {
            count += 1;
            total += order?.amount_cents;
        }
        Ok((count, total))
    })?;
    let by_page = measure(|| {
        let (mut count, mut total) = (0, 0);
        for page in pages(conn, page_size).results() {
            for order in page? {
                count += 1;
                total += order.amount_cents;
            }
        }
        Ok((count, total))
    })?;
    let all_at_once = measure(|| {
        let all: Vec<Order> = orders(conn, SELECT).results().collect::<Result<_, _>>()?;
        Ok((
            all.len() as u64,
            all.iter().map(|order| order.amount_cents).sum(),
        ))
    })?;
    Ok([by_row, by_page, all_at_once])
}

/// Creates a database of `rows` orders in a temporary directory and reads it back.
pub(crate) fn run(rows: u64, page_size: usize, out: &mut impl Write) -> io::Result<[Reading; 3]> {
    let sql = |error: rusqlite::Error| io::Error::other(error);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.db");
    let start = Instant::now();
    let conn = create(&path, rows).map_err(sql)?;
    let size = std::fs::metadata(&path)?.len() as usize;
    writeln!(
        out,
        "created {rows} orders ({}) in {:.1?}",
        human(size),
        start.elapsed()
    )?;

    let readings = read_three_ways(&conn, page_size).map_err(sql)?;
    writeln!(
        out,
        "\n{:<24} {:>10} {:>12} {:>12} {:>9}",
        "read", "orders", "Rust heap", "SQLite heap", "time"
    )?;
    let ways = [
        "row by row (generator)",
        "pages of 10,000",
        "all into a Vec",
    ];
    for (way, r) in ways.iter().zip(&readings) {
        let (rust, sqlite) = (human(r.rust_peak), human(r.sqlite_peak));
        let time = format!("{:.1?}", r.time);
        writeln!(
            out,
            "{way:<24} {:>10} {rust:>12} {sqlite:>12} {time:>9}",
            r.orders
        )?;
    }
    writeln!(out, "(every way sums to {} cents)", readings[0].total_cents)?;

    // A typo in a column name: the generator's first item is the error.
    let typo = "SELECT id, customer, amount_cents, contry FROM orders";
    match orders(&conn, typo).results().next() {
        Some(Err(error)) => writeln!(out, "\na query with a typo yields an Err item: {error}")?,
        other => writeln!(out, "\na query with a typo yields {other:?}")?,
    }
    Ok(readings)
}

fn main() -> io::Result<()> {
    let rows = std::env::args().nth(1).map_or(1_000_000, |arg| {
        arg.parse().expect("usage: database [ROWS]")
    });
    run(rows, 10_000, &mut io::stdout().lock())?;
    Ok(())
}
