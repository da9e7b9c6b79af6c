#!/usr/bin/env bash
# Reproduces benches/results/: criterion timings of every row, CPython, memory, callgrind
# instructions per item (isolated loops), code shapes, the delegation depth sweep, the tree
# walk, compile time, then the Markdown tables and the SVG charts (scripts/report.py).
#
#   benches/scripts/run.sh            # the committed results (about 20 minutes on 2 cores with the
#                                     # targets built; building them, 1000-deep chains included,
#                                     # adds 5 to 10)
#   benches/scripts/run.sh --quick    # CI smoke run: tiny sizes, a few rows under callgrind,
#                                     # every shapes/depth/tree cell's checksum (stable build),
#                                     # results in $CARGO_TARGET_DIR/bench-quick/, not committed
#
# Every step that needs a tool the machine lacks (python3, valgrind, a nightly toolchain) says
# so and is skipped.
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

step() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
skip() { printf '    SKIPPED: %s\n' "$*"; }

if [ -n "$quick" ]; then
    results="$target/bench-quick"
    export PYGEN_BENCH_QUICK=1
else
    results="$root/benches/results"
fi
mkdir -p "$results"

if [ -n "$quick" ]; then
    # The smoke run builds the depth target's chains only to depth 100 (seconds instead of
    # minutes); set for the whole run, so that no target is rebuilt for a changed build.rs.
    export PYGEN_BENCH_MAX_DEPTH=100
fi

step "build the isolated-loop bench targets (bench profile: fat LTO, one codegen unit)"
cargo bench -p pygen-benches --bench timing --bench memory --no-run

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

if ! command -v python3 >/dev/null 2>&1; then
    step "code shapes, delegation depth, tree walk, compile time"
    skip "these steps need python3 (the tables and the callgrind dumps are read by it)"
elif [ -n "$quick" ]; then
    # Stable builds only (their dependencies are the timing target's); every cell's checksum
    # is checked by `check` before anything is measured, then a few cells under callgrind.
    step "code shapes (stable build; every cell checked, count and send measured)"
    benches/scripts/shapes.sh --quick --toolchain stable --out "$results" --workloads count,send
    step "delegation depth (stable build, chains to depth 100: PYGEN_BENCH_MAX_DEPTH=100)"
    benches/scripts/depth.sh --quick --toolchain stable --out "$results"
    step "tree walk (stable build, 10,000 nodes)"
    benches/scripts/tree.sh --quick --toolchain stable --out "$results"
    step "compile time (30 generators, debug, one build each, stable)"
    python3 benches/scripts/compile_time.py --quick --json "$results/compile_time.json"
else
    step "code shapes: nightly build (every row) and stable build (cross-check)"
    benches/scripts/shapes.sh --out "$results"
    step "delegation depth sweep (nightly build if installed)"
    benches/scripts/depth.sh --out "$results"
    step "tree walk, pyperformance's bm_generators (nightly build if installed)"
    benches/scripts/tree.sh --out "$results"
    step "compile time: 300 generators (stable, and nightly if installed)"
    python3 benches/scripts/compile_time.py --json "$results/compile_time.json"
fi

step "report: $results/RESULTS.md, instructions.svg, time.svg"
if command -v python3 >/dev/null 2>&1; then
    python3 benches/scripts/report.py --results "$results" --criterion "$target/criterion"
else
    skip "the report needs python3"
fi
printf '\n==> done in %dm%02ds\n' $((SECONDS / 60)) $((SECONDS % 60))
