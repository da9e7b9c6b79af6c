#!/usr/bin/env bash
# Instructions per item of every cell of one in-process bench target (`shapes`, `depth`,
# `tree`), under `valgrind --tool=callgrind`, with one toolchain:
#
#   benches/scripts/cells.sh BENCH TOOLCHAIN OUT.csv N1 N2 [FILTER ARGS...]
#
# TOOLCHAIN is `stable` (the default `cargo`) or `nightly` (`cargo +nightly`, which also
# builds the nightly `gen` block rows). Builds the target (bench profile: fat LTO, one codegen
# unit), runs `BENCH check` (every cell's checksum, filter or not against the hand-written reference; a
# mismatch stops here with an error), then `BENCH measure N1 N2` under callgrind collecting
# only inside `BENCH::measured_cell` and dumping after each call: one dump per cell and size,
# in the order of the lines the binary prints (`row workload consumer items checksum`; the
# binary has checked each checksum against the reference again). Per item = the difference
# of the two sizes' instruction counts over the difference of their items, so everything
# paid once cancels. Exit status 3 (and a message) when valgrind is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bench=$1 toolchain=$2 out=$3 n1=$4 n2=$5
shift 5

case "$toolchain" in
    stable) rustc=(rustc) ;;
    nightly) rustc=(rustc +nightly) ;;
    *) echo "error: toolchain must be stable or nightly, not $toolchain" >&2; exit 2 ;;
esac

bin="$(benches/scripts/bench-bin.sh "$bench" "$toolchain")"
echo "    $toolchain: $("${rustc[@]}" --version) -> $bin" >&2

# Every cell, whatever the filter (CHECK_ARGS: extra arguments, e.g. `--nodes N`).
"$bin" check ${CHECK_ARGS:-} >&2

if [ -x scripts/ensure-valgrind.sh ]; then
    if ! why_not=$(scripts/ensure-valgrind.sh); then
        echo "SKIPPED: no instruction counts: $why_not" >&2
        exit 3
    fi
elif ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIPPED: no instruction counts: valgrind is not installed" >&2
    exit 3
fi

dumps="$(mktemp -d)"
trap 'rm -rf "$dumps"' EXIT
status=0
valgrind --tool=callgrind --collect-atstart=no \
    --toggle-collect="$bench::measured_cell" --dump-after="$bench::measured_cell" \
    --callgrind-out-file="$dumps/cg.out" \
    "$bin" measure "$n1" "$n2" "$@" >"$dumps/lines.txt" 2>"$dumps/valgrind.txt" || status=$?
if [ "$status" != 0 ]; then
    echo "error: $bench measure failed under callgrind (exit $status):" >&2
    grep -v '^==' "$dumps/valgrind.txt" >&2 || true
    exit 1
fi
mkdir -p "$(dirname "$out")"
python3 benches/scripts/cells.py collect "$dumps" "$toolchain" >"$out"
echo "    wrote $out ($(($(wc -l <"$out") - 1)) cells)" >&2
