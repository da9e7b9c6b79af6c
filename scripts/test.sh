#!/usr/bin/env bash
# Runs every test of the workspace. This is the README's test command; `.ci/run` runs it on a
# clean checkout after the format and lint checks. Everything a step needs is installed or
# detected here; a step that cannot run on this machine says why and is skipped, never
# counted as passed.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
skip() { printf '    SKIPPED: %s\n' "$*"; }

step "docs: the READMEs' shared sections are the crate docs' (gen-core/doc/, scripts/docs.sh)"
scripts/docs.sh

step "unit, integration, UI (compile-fail) and doc tests; every example run with a small size"
cargo test --workspace

step "no_std: pygen without default features, used pinned (tests/no-std-check)"
cargo rustc -p pygen --lib --no-default-features -- -D warnings
cargo rustc -p pygen --lib --no-default-features --features alloc -- -D warnings
# Built on its own so pygen's features are not unified with the std-using members.
cargo build -p no-std-check

step "rustdoc: every public item documented, no broken links"
RUSTDOCFLAGS="-D warnings" cargo doc -p pygen -p pygen-macros --no-deps

# What users download: both .crate files unpacked outside the workspace, built and tested
# against each other offline (doc tests included), and a new crate depending on pygen that
# runs the README's quick start; then `cargo publish --dry-run` of both.
step "the published crates: cargo package, then each .crate built and tested alone (scripts/package.sh)"
scripts/package.sh

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

# The benchmarks at tiny sizes: every row of every workload must return the
# hand-written iterator's checksum before anything is timed; the figures go to
# target/bench-quick/, not to benches/results/ (benches/scripts/run.sh makes those).
step "benchmark smoke run: every implementation checked, then timed briefly (benches/scripts/run.sh --quick)"
benches/scripts/run.sh --quick

# Memory errors (docs/SOUNDNESS.md): the pygen tests again under AddressSanitizer
# (nightly), valgrind memcheck and Miri, zero findings required; each tool this machine lacks
# is skipped with the reason. Last, because valgrind reuses the debug test binaries built above.
step "memory errors: AddressSanitizer, valgrind memcheck and Miri (scripts/sanitizers.sh)"
scripts/sanitizers.sh

# Links that rustdoc neither resolved nor warned about (one written inside a macro body renders
# as the literal text "[Name]"), found in the HTML of the rustdoc step. Last: its findings are
# about the docs' prose, so every step before it has reported on the code first.
step "doc links: no link left as literal [Name] text in the generated docs (scripts/doc-links.sh)"
scripts/doc-links.sh

printf '\nall tests passed\n'
