//! Timings of every implementation of every SPEC 7 workload, side by side, with criterion.
//!
//! ```sh
//! cargo bench -p pygen-benches --bench timing              # full run (about 100k items)
//! cargo bench -p pygen-benches --bench timing -- --quick   # CI smoke run (about 1k items)
//! cargo bench -p pygen-benches --bench timing -- fib/      # one workload (criterion filter)
//! ```
//!
//! `PYGEN_BENCH_QUICK=1` selects the quick sizes too. Results (per item: criterion's
//! throughput is the number of items) land in `$CARGO_TARGET_DIR/criterion/`, where
//! `scripts/report.py` reads them.
//!
//! The same binary runs one row once, for callgrind (`scripts/callgrind.sh`):
//! `timing run ROW WORKLOAD SIZE` prints the number of items and the checksum.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};

#[path = "common/mod.rs"]
mod common;

use common::{ROWS, Workload};

/// Stackful peers map a fresh stack (`mmap` + guard page) for every generator, a few
/// microseconds each: their `spawn` row runs this many times fewer generators, which changes
/// nothing per item (each generator is independent) but keeps the run under a minute.
const STACKFUL_SPAWN_DIVISOR: u64 = 50;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("run") {
        run_one(&args[2..]);
        return;
    }
    let quick =
        std::env::var_os("PYGEN_BENCH_QUICK").is_some() || args.iter().any(|a| a == "--quick");

    if let Err(e) = common::verify() {
        panic!("an implementation computes something else: {e}");
    }

    let mut c = if quick {
        Criterion::default()
            .warm_up_time(Duration::from_millis(50))
            .measurement_time(Duration::from_millis(200))
            .sample_size(10)
    } else {
        Criterion::default()
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(30)
    }
    .configure_from_args();

    for workload in Workload::ALL {
        let mut group = c.benchmark_group(workload.name());
        if workload == Workload::Spawn && !quick {
            group.sample_size(10);
        }
        for row in ROWS {
            let Some(f) = row.get(workload) else { continue };
            let mut n = workload.size(quick);
            if workload == Workload::Spawn && matches!(row.id, "generator" | "corosensei") {
                n = (n / STACKFUL_SPAWN_DIVISOR).max(1);
            }
            group.throughput(Throughput::Elements(workload.items(n)));
            group.bench_function(row.id, |b| b.iter(|| f(black_box(n))));
        }
        group.finish();
    }
    c.final_summary();
}

/// `run ROW WORKLOAD SIZE`: one run, for callgrind.
fn run_one(args: &[String]) {
    let usage = || -> ! {
        let rows: Vec<_> = ROWS.iter().map(|r| r.id).collect();
        let workloads: Vec<_> = Workload::ALL.iter().map(|w| w.name()).collect();
        eprintln!(
            "usage: timing run ROW WORKLOAD SIZE\n  rows: {}\n  workloads: {}",
            rows.join(" "),
            workloads.join(" ")
        );
        std::process::exit(2)
    };
    let [row, workload, size] = args else { usage() };
    let (Some(row), Some(workload), Ok(size)) = (
        common::row(row),
        Workload::from_name(workload),
        size.parse::<u64>(),
    ) else {
        usage()
    };
    let Some(f) = row.get(workload) else {
        println!("n/a");
        return;
    };
    let checksum = f(black_box(size));
    println!("items={} checksum={checksum}", workload.items(size));
}
