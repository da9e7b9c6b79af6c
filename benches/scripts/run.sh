#!/usr/bin/env bash
# Reproduces benches/results/: criterion timings of every row, CPython, memory, callgrind
# instructions per item, then the Markdown table and the SVG charts (scripts/report.py).
#
#   benches/scripts/run.sh            # the committed results (about 10 to 25 minutes on 2 cores)
#   benches/scripts/run.sh --quick    # CI smoke run: tiny sizes, a few rows under callgrind,
#                                     # results in $CARGO_TARGET_DIR/bench-quick/, not committed
#
# Every step that needs a tool the machine lacks (python3, valgrind) says so and is skipped.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

quick=""
case "${1:-}" in
    "") ;;
    --quick) quick=1 ;;
    *)
        echo "usage: benches/scripts/run.sh [--quick]   (no argument: the full run, which rewrites benches/results/)" >&2
        exit 2
        ;;
esac

# The bench profile (fat LTO, one codegen unit) is in the root Cargo.toml.
target="${CARGO_TARGET_DIR:-$root/target}"

step() { printf '\n==> %s\n' "$*"; }
skip() { printf '    SKIPPED: %s\n' "$*"; }

if [ -n "$quick" ]; then
    results="$target/bench-quick"
    export PYGEN_BENCH_QUICK=1
else
    results="$root/benches/results"
fi
mkdir -p "$results"

step "build the bench targets once (bench profile: fat LTO, one codegen unit)"
cargo bench -p pygen-benches --no-run

step "criterion timings of every row of every workload"
rm -rf "$target/criterion"
cargo bench -p pygen-benches --bench timing ${quick:+-- --quick}

step "CPython, the same generators and sizes"
if command -v python3 >/dev/null 2>&1; then
    python3 benches/python/generators.py ${quick:+--quick} --json "$results/python.json"
else
    skip "no python3 on this machine: no CPython row"
    rm -f "$results/python.json"
fi

step "memory: heap allocations and bytes per generator, size_of"
cargo bench -p pygen-benches --bench memory -- --json "$results/memory.json"

step "callgrind: instructions per item"
if [ -n "$quick" ]; then
    ROWS="hand pygen-pinned pygen-owned" WORKLOADS="count send" \
        benches/scripts/callgrind.sh "$results/callgrind.csv"
else
    benches/scripts/callgrind.sh "$results/callgrind.csv"
fi

step "report: $results/RESULTS.md, instructions.svg, time.svg"
if command -v python3 >/dev/null 2>&1; then
    python3 benches/scripts/report.py --results "$results" --criterion "$target/criterion"
else
    skip "the report needs python3"
fi
