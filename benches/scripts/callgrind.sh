#!/usr/bin/env bash
# Instructions per item under `valgrind --tool=callgrind`, for every implementation and
# workload: each row runs at two sizes and the difference of the instruction counts is
# divided by the difference of the item counts, so that fixed costs (process start-up,
# creating the first generator, ...) cancel. Deterministic: the same binary gives the same
# counts on any machine, however busy.
#
#   benches/scripts/callgrind.sh [OUT.csv]         # default: benches/results/callgrind.csv
#   ROWS="hand pygen-pinned" WORKLOADS="count fib" benches/scripts/callgrind.sh /tmp/x.csv
#
# Builds the `timing` bench target once (bench profile, fat LTO, one codegen unit) and runs
# its `run ROW WORKLOAD SIZE` mode under callgrind. Skipped, with a message, without valgrind.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out="${1:-benches/results/callgrind.csv}"

if ! why_not=$(scripts/ensure-valgrind.sh); then
    echo "SKIPPED: no callgrind figures: $why_not"
    exit 0
fi

# Compiler errors go to stderr (json-render-diagnostics); the executable's path is in the JSON.
bin="$(cargo bench -q -p pygen-benches --bench timing --no-run \
    --message-format=json-render-diagnostics |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)" || bin=""
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "error: could not build the timing bench target" >&2
    exit 1
fi

rows="${ROWS:-hand from_fn pygen-pinned pygen-owned genawaiter-stack genawaiter-rc next-gen fauxgen async-stream generator corosensei}"
workloads="${WORKLOADS:-count fib nested spawn send delegate async}"

# The two sizes of each workload (`nested`: the side of the square; `spawn`: generators).
sizes() {
    case "$1" in
        nested) echo "245 346" ;;
        spawn) echo "2000 4000" ;;
        *) echo "20000 40000" ;;
    esac
}

# Prints "ITEMS INSTRUCTIONS" for one run, or "n/a".
measure() {
    local row=$1 workload=$2 size=$3 log
    log="$(mktemp)"
    local status=0 items ir
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" run "$row" "$workload" "$size" \
        >"$log.out" 2>"$log" || status=$?
    if [ "$status" = 0 ] && grep -q '^n/a' "$log.out"; then
        echo "n/a"
        rm -f "$log" "$log.out"
        return 0
    fi
    items="$(sed -n 's/^items=\([0-9]*\).*/\1/p' "$log.out")"
    ir="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log")"
    # A run that failed must stop the script, never become a figure (it would read as 0.00).
    if [ "$status" != 0 ] || [[ ! "$items" =~ ^[0-9]+$ ]] || [[ ! "$ir" =~ ^[0-9]+$ ]]; then
        echo "error: $row $workload $size failed under callgrind (exit $status):" >&2
        cat "$log.out" "$log" >&2
        rm -f "$log" "$log.out"
        return 1
    fi
    echo "$items $ir"
    rm -f "$log" "$log.out"
}

mkdir -p "$(dirname "$out")"
echo "row,workload,size1,size2,items1,items2,instructions1,instructions2,per_item" >"$out"
for workload in $workloads; do
    read -r s1 s2 <<<"$(sizes "$workload")"
    for row in $rows; do
        r1="$(measure "$row" "$workload" "$s1")"
        if [ "$r1" = "n/a" ]; then
            echo "$row,$workload,$s1,$s2,,,,,n/a" >>"$out"
            printf '%-18s %-9s %10s\n' "$row" "$workload" "n/a"
            continue
        fi
        r2="$(measure "$row" "$workload" "$s2")"
        read -r i1 ir1 <<<"$r1"
        read -r i2 ir2 <<<"$r2"
        per="$(awk -v a="$ir1" -v b="$ir2" -v x="$i1" -v y="$i2" 'BEGIN { printf "%.2f", (b - a) / (y - x) }')"
        echo "$row,$workload,$s1,$s2,$i1,$i2,$ir1,$ir2,$per" >>"$out"
        printf '%-18s %-9s %10s instructions/item\n' "$row" "$workload" "$per"
    done
done
echo "wrote $out"
