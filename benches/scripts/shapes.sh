#!/usr/bin/env bash
# The code-shapes table (SPEC 7, issue 12): every workload through a dozen generic consumers
# in one binary, callgrind instructions per item, printed as Markdown on stdout.
#
#   benches/scripts/shapes.sh --quick      # one build (nightly if installed, else stable),
#                                          # 4k/8k items: about 1-2 min with a warm target dir
#   benches/scripts/shapes.sh              # the committed tables: nightly build (all rows) and
#                                          # stable build (cross-check), 20k/40k items, plus ns
#                                          # per item; writes benches/results/shapes-*.csv, .txt
#   benches/scripts/shapes.sh --quick --workloads count,fib --rows hand,pygen-pinned,gen
#   benches/scripts/shapes.sh --toolchain stable|nightly|both
#   benches/scripts/shapes.sh --quick --baseline benches/results/shapes-nightly.csv
#                                          # and pygen's change against the committed figures
#
# Other filters: --consumers fold,for,... (`cargo bench -p pygen-benches --bench shapes --
# list` prints every cell). Output directory: --out DIR (default: benches/results/ for the
# full run, $CARGO_TARGET_DIR/bench-quick/ for --quick). Every cell's checksum is checked
# against the hand-written iterator's before it is measured; a mismatch stops the script.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

quick="" toolchain="" out="" baseline="" filters=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --toolchain) toolchain=$2; shift ;;
        --out) out=$2; shift ;;
        --baseline) baseline=$2; shift ;;
        --rows | --workloads | --consumers) filters+=("$1" "$2"); shift ;;
        *)
            sed -n '2,20p' "$0" >&2
            exit 2
            ;;
    esac
    shift
done

have_nightly=""
if rustc +nightly --version >/dev/null 2>&1; then have_nightly=1; fi
if [ -z "$toolchain" ]; then
    if [ -n "$quick" ]; then
        toolchain=$([ -n "$have_nightly" ] && echo nightly || echo stable)
    else
        toolchain=$([ -n "$have_nightly" ] && echo both || echo stable)
    fi
fi
if [ -z "$have_nightly" ] && [ "$toolchain" != stable ]; then
    echo "SKIPPED nightly build: no nightly toolchain (rustup toolchain install nightly); stable only" >&2
    toolchain=stable
fi
case "$toolchain" in
    both) toolchains=(nightly stable) ;;
    nightly | stable) toolchains=("$toolchain") ;;
    *) echo "error: --toolchain stable|nightly|both" >&2; exit 2 ;;
esac
if [ -n "$quick" ]; then
    sizes=(4000 8000)
    out="${out:-$target/bench-quick}"
else
    sizes=(20000 40000)
    out="${out:-$root/benches/results}"
fi
mkdir -p "$out"

csvs=()
for tc in "${toolchains[@]}"; do
    echo "==> shapes, $tc build, ${sizes[0]} and ${sizes[1]} items" >&2
    status=0
    benches/scripts/cells.sh shapes "$tc" "$out/shapes-$tc.csv" "${sizes[@]}" ${filters[@]+"${filters[@]}"} || status=$?
    if [ "$status" = 3 ]; then
        exit 0 # no valgrind: said so
    elif [ "$status" != 0 ]; then
        exit "$status"
    fi
    csvs+=("$out/shapes-$tc.csv")
    if [ -z "$quick" ]; then
        # A second harness: wall-clock ns per item (the fastest of 15 runs of 100k items).
        echo "==> shapes, $tc build, ns per item" >&2
        "$(benches/scripts/bench-bin.sh shapes "$tc")" time 100000 ${filters[@]+"${filters[@]}"} \
            >"$out/shapes-time-$tc.txt"
    fi
done
python3 benches/scripts/cells.py shapes "${csvs[@]}"
if [ -n "$baseline" ]; then
    python3 benches/scripts/cells.py compare "${csvs[0]}" "$baseline"
fi
