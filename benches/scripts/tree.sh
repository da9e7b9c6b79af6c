#!/usr/bin/env bash
# pyperformance's bm_generators (SPEC 7, issue 13): an in-order walk of a 100,000-node tree
# by a recursive generator. Instructions per node (callgrind: 2 walks minus 1 walk), ns per
# node (the fastest of 20 walks, in-process), heap allocations per node (a counting
# allocator), and CPython running the original program. Markdown on stdout.
#
#   benches/scripts/tree.sh             # nightly build if installed (all rows), else stable;
#                                       # writes benches/results/tree.csv and tree.json
#   benches/scripts/tree.sh --quick     # 10,000 nodes, to $CARGO_TARGET_DIR/bench-quick/
#   benches/scripts/tree.sh --toolchain stable
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
quick="" toolchain="" out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --toolchain) toolchain=$2; shift ;;
        --out) out=$2; shift ;;
        *) sed -n '2,11p' "$0" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$toolchain" ]; then
    toolchain=$(rustc +nightly --version >/dev/null 2>&1 && echo nightly || echo stable)
fi
if [ -n "$quick" ]; then
    nodes=10000 reps=3 out="${out:-$target/bench-quick}"
else
    nodes=100000 reps=20 out="${out:-$root/benches/results}"
fi
mkdir -p "$out"
echo "==> tree walk, $toolchain build, $nodes nodes" >&2
bin="$(benches/scripts/bench-bin.sh tree "$toolchain")"
status=0
CHECK_ARGS="--nodes $nodes" benches/scripts/cells.sh tree "$toolchain" "$out/tree.csv" 1 2 --nodes "$nodes" || status=$?
[ "$status" != 0 ] && [ "$status" != 3 ] && exit "$status"
[ "$status" = 3 ] && rm -f "$out/tree.csv"
"$bin" time "$reps" --nodes "$nodes" >"$out/tree-time.txt"
"$bin" alloc --nodes "$nodes" >"$out/tree-alloc.txt"
if command -v python3 >/dev/null 2>&1; then
    python3 benches/python/tree.py ${quick:+--quick} --json "$out/tree-python.json" >&2
fi
python3 benches/scripts/cells.py tree "$out" "$toolchain" "$nodes" >"$out/tree.json.tmp"
mv "$out/tree.json.tmp" "$out/tree.json"
rm -f "$out/tree-time.txt" "$out/tree-alloc.txt" "$out/tree-python.json"
python3 benches/scripts/cells.py tree-md "$out/tree.json"
