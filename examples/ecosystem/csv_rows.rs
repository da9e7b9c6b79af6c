//! Streaming a CSV file: a generator reads records with the `csv` crate one at a time, parses
//! each into a typed row, and the caller filters and aggregates lazily, so memory holds one
//! record whatever the file's size. A malformed row is not a panic and not a lost row count:
//! it comes out of `.results()` as an `Err` item, after every good row before it.
//!
//! Mirrors the seeds' CSV pipeline (total series A funding from `techcrunch.csv`):
//!
//! ```python
//! lines = (line for line in open("techcrunch.csv"))
//! list_line = (s.rstrip().split(",") for s in lines)
//! cols = next(list_line)
//! company_dicts = (dict(zip(cols, data)) for data in list_line)
//! funding = (int(d["raisedAmt"]) for d in company_dicts if d["round"] == "a")
//! total_series_a = sum(funding)     # a bad raisedAmt raises ValueError mid-sum
//! ```
//!
//! `cargo run --release --example csv_rows` (or `-- 1000000` rows)

use pygen::prelude::*;
use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// One funding round, the columns of `techcrunch.csv` this example uses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Round {
    pub(crate) company: String,
    pub(crate) category: String,
    pub(crate) amount: u64,
    pub(crate) round: String,
}

/// Why reading stopped: the file itself (I/O, a row with the wrong number of fields), or a
/// field that does not parse. Both carry the line, for the person who has to fix the file.
#[derive(Debug)]
pub(crate) enum RowError {
    Csv(csv::Error),
    MissingColumn(&'static str),
    BadAmount { line: u64, value: String },
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowError::Csv(error) => write!(f, "{error}"),
            RowError::MissingColumn(name) => write!(f, "no column {name:?} in the header"),
            RowError::BadAmount { line, value } => {
                write!(f, "line {line}: raisedAmt {value:?} is not a whole number")
            }
        }
    }
}

impl From<csv::Error> for RowError {
    fn from(error: csv::Error) -> Self {
        RowError::Csv(error)
    }
}

/// The rounds of a `techcrunch.csv`-shaped file, one record at a time (one record buffer,
/// reused). Ends with the first error, which `.results()` yields as a last `Err` item.
#[generator(yield = Round)]
fn rounds(path: &Path) -> Result<(), RowError> {
    let mut reader = csv::Reader::from_path(path)?;
    // Columns by name, like the seed's `dict(zip(cols, data))`, but looked up once.
    let headers = reader.headers()?.clone();
    let column = |name| {
        headers
            .iter()
            .position(|header| header == name)
            .ok_or(RowError::MissingColumn(name))
    };
    let (company, category) = (column("company")?, column("category")?);
    let (amount, round) = (column("raisedAmt")?, column("round")?);

    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        let parsed = record[amount].parse().map_err(|_| RowError::BadAmount {
            line: record.position().map_or(0, |p| p.line()),
            value: record[amount].to_owned(),
        })?;
        yield_!(Round {
            company: record[company].to_owned(),
            category: record[category].to_owned(),
            amount: parsed,
            round: record[round].to_owned(),
        });
    }
    Ok(())
}

/// Writes `rows` made-up funding rounds in the columns of the seeds' `techcrunch.csv`. With
/// `bad_line`, that line's amount is written the way people do write it: `1.5M`.
fn write_sample(path: &Path, rows: u64, bad_line: Option<u64>) -> csv::Result<()> {
    const CATEGORIES: [&str; 4] = ["web", "mobile", "software", "hardware"];
    const ROUNDS: [&str; 5] = ["angel", "seed", "a", "b", "c"];
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record([
        "permalink",
        "company",
        "numEmps",
        "category",
        "city",
        "state",
        "fundedDate",
        "raisedAmt",
        "raisedCurrency",
        "round",
    ])?;
    for i in 0..rows {
        let amount = if bad_line == Some(i + 2) {
            "1.5M".to_owned() // the header is line 1, row i is line i + 2
        } else {
            ((i * 7919 % 97 + 1) * 50_000).to_string()
        };
        let company = format!("Company {i}");
        writer.write_record([
            &company.to_lowercase().replace(' ', "-"),
            &company,
            &(i % 500).to_string(),
            CATEGORIES[(i % 4) as usize],
            "Palo Alto",
            "CA",
            "1-Jan-07",
            &amount,
            "USD",
            ROUNDS[(i * 3 % 5) as usize],
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Python's `sum(funding)`: the series A amounts, summed lazily; the first error wins.
fn total_series_a(path: &Path) -> Result<u64, RowError> {
    rounds(path)
        .results()
        .filter(|row| row.as_ref().map_or(true, |r| r.round == "a")) // keep errors
        .map(|row| row.map(|r| r.amount))
        .sum()
}

/// Totals per category, and how far it got before an error, if one came.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub(crate) rows: u64,
    pub(crate) by_category: BTreeMap<String, u64>,
    pub(crate) largest: Option<Round>,
    pub(crate) error: Option<String>,
}

fn totals(path: &Path) -> Totals {
    let mut totals = Totals::default();
    for row in rounds(path).results() {
        match row {
            Ok(round) => {
                totals.rows += 1;
                *totals
                    .by_category
                    .entry(round.category.clone())
                    .or_default() += round.amount;
                if totals
                    .largest
                    .as_ref()
                    .is_none_or(|l| round.amount > l.amount)
                {
                    totals.largest = Some(round);
                }
            }
            Err(error) => totals.error = Some(error.to_string()),
        }
    }
    totals
}

/// `1234567` as `$1,234,567`.
fn dollars(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::from("$");
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn report(path: &Path, out: &mut impl Write) -> io::Result<Totals> {
    match total_series_a(path) {
        Ok(total) => writeln!(out, "  total series A: {}", dollars(total))?,
        Err(error) => writeln!(out, "  total series A: Err({error})")?,
    }
    let totals = totals(path);
    writeln!(out, "  rows read: {}, raised by category:", totals.rows)?;
    for (category, amount) in &totals.by_category {
        writeln!(out, "    {category:<10} {:>18}", dollars(*amount))?;
    }
    if let Some(round) = &totals.largest {
        let (company, amount) = (&round.company, dollars(round.amount));
        writeln!(out, "  largest round: {company}, {amount}")?;
    }
    if let Some(error) = &totals.error {
        writeln!(out, "  then an Err item: {error}")?;
    }
    Ok(totals)
}

/// Writes a clean file and one with a malformed row, `rows` rows each, and reads both.
pub(crate) fn run(rows: u64, out: &mut impl Write) -> io::Result<(Totals, Totals)> {
    let dir = tempfile::tempdir()?;
    let (clean, broken) = (
        dir.path().join("techcrunch.csv"),
        dir.path().join("broken.csv"),
    );
    let bad_line = rows / 2 + 2;
    write_sample(&clean, rows, None)?;
    write_sample(&broken, rows, Some(bad_line))?;

    let size = File::open(&clean)?.metadata()?.len();
    writeln!(out, "techcrunch.csv: {rows} rows, {size} bytes")?;
    let good = report(&clean, out)?;
    writeln!(
        out,
        "\nbroken.csv: the same, but line {bad_line} says raisedAmt 1.5M"
    )?;
    let bad = report(&broken, out)?;
    Ok((good, bad))
}

fn main() -> io::Result<()> {
    let rows = std::env::args()
        .nth(1)
        .map_or(200_000, |arg| arg.parse().expect("usage: csv_rows [ROWS]"));
    run(rows, &mut io::stdout().lock())?;
    Ok(())
}
