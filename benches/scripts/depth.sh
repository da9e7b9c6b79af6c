#!/usr/bin/env bash
# Delegation depth sweep (SPEC 7, issue 13): instructions per item of chains of 1, 3, 10, 100
# and 1000 delegations (pygen inline and boxed, nightly `gen` re-yield loops, hand-written
# forwarding), consumed by a fold, pinned. Markdown on stdout.
#
#   benches/scripts/depth.sh            # nightly build if installed (all rows), else stable;
#                                       # writes benches/results/depth.csv
#   benches/scripts/depth.sh --quick    # 2k/4k items, to $CARGO_TARGET_DIR/bench-quick/
#   benches/scripts/depth.sh --toolchain stable --rows pygen-inline,pygen-boxed --workloads 1,10
#
# The first build compiles 3 x 1000 distinct generator functions (about 2 min stable, longer
# nightly); PYGEN_BENCH_MAX_DEPTH=100 builds the chains only to 100.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
quick="" toolchain="" out="" filters=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --toolchain) toolchain=$2; shift ;;
        --out) out=$2; shift ;;
        --rows | --workloads) filters+=("$1" "$2"); shift ;;
        *) sed -n '2,13p' "$0" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$toolchain" ]; then
    toolchain=$(rustc +nightly --version >/dev/null 2>&1 && echo nightly || echo stable)
fi
if [ -n "$quick" ]; then
    sizes=(2000 4000) out="${out:-$target/bench-quick}"
else
    sizes=(20000 40000) out="${out:-$root/benches/results}"
fi
mkdir -p "$out"
echo "==> depth sweep, $toolchain build" >&2
status=0
benches/scripts/cells.sh depth "$toolchain" "$out/depth.csv" "${sizes[@]}" ${filters[@]+"${filters[@]}"} || status=$?
[ "$status" = 3 ] && exit 0
[ "$status" != 0 ] && exit "$status"
python3 benches/scripts/cells.py depth "$out/depth.csv"
