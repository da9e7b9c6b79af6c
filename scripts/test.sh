#!/usr/bin/env bash
# Runs every test of the workspace. This is the README's test command; `.ci/run` runs it on a
# clean checkout after the format and lint checks. Everything a step needs is installed or
# detected here; a step that cannot run on this machine says why and is skipped, never
# counted as passed.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
skip() { printf '    SKIPPED: %s\n' "$*"; }

step "unit, integration, UI (compile-fail) and doc tests"
cargo test --workspace

step "no_std: pygen without default features, used pinned (tests/no-std-check)"
cargo rustc -p pygen --lib --no-default-features -- -D warnings
cargo rustc -p pygen --lib --no-default-features --features alloc -- -D warnings
# Built on its own so pygen's features are not unified with the std-using members.
cargo build -p no-std-check

step "rustdoc: every public item documented, no broken links"
RUSTDOCFLAGS="-D warnings" cargo doc -p pygen -p pygen-macros --no-deps

# The declared MSRV is checked by building with it, not only by clippy's incompatible_msrv
# lint: the library (with and without std) and the behaviour suites, whose generators expand
# the macros into user code compiled by that rustc.
step "MSRV: the rust-version declared in Cargo.toml"
if msrv=$(scripts/ensure-msrv.sh); then
    cargo "+$msrv" check -p pygen -p pygen-macros
    cargo "+$msrv" check -p pygen --no-default-features
    cargo "+$msrv" test -p pygen-dev --test semantics --test shapes --test delegation \
        --test cpython_yield_from --test async_generators --test spec_conformance
else
    skip "$msrv; clippy's incompatible_msrv lint still checks std APIs against the declared MSRV"
fi

# The benchmarks at tiny sizes (issue 6): every row of every workload must return the
# hand-written iterator's checksum before anything is timed; the figures go to
# target/bench-quick/, not to benches/results/ (benches/scripts/run.sh makes those).
step "benchmark smoke run: every implementation checked, then timed briefly (benches/scripts/run.sh --quick)"
benches/scripts/run.sh --quick

# Memory errors (issue 8, docs/SOUNDNESS.md): the pygen tests again under AddressSanitizer
# (nightly), valgrind memcheck and Miri, zero findings required; each tool this machine lacks
# is skipped with the reason. Last, because valgrind reuses the debug test binaries built above.
step "memory errors: AddressSanitizer, valgrind memcheck and Miri (scripts/sanitizers.sh)"
scripts/sanitizers.sh

printf '\nall tests passed\n'
