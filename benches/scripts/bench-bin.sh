#!/usr/bin/env bash
# Builds one bench target of pygen-benches (bench profile: fat LTO, one codegen unit) with
# the stable (default) or nightly toolchain and prints the executable's path.
#
#   benches/scripts/bench-bin.sh BENCH stable|nightly
set -euo pipefail
cd "$(dirname "$0")/../.."
case "$2" in
    stable) cargo=(cargo) ;;
    nightly) cargo=(cargo +nightly) ;;
    *) echo "error: toolchain must be stable or nightly, not $2" >&2; exit 2 ;;
esac
# Compiler errors go to stderr (json-render-diagnostics); the executable's path is in the JSON.
bin="$("${cargo[@]}" bench -q -p pygen-benches --bench "$1" --no-run \
    --message-format=json-render-diagnostics |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)" || bin=""
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "error: could not build the $1 bench target with $2" >&2
    exit 1
fi
echo "$bin"
