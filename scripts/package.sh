#!/usr/bin/env bash
# The published crates, checked as a user gets them: `cargo package` makes pygen's and
# pygen-macros' `.crate` files, and this unpacks them into a scratch workspace outside the
# repository's (target/package-check/) and, offline, builds and tests them there against each
# other: each crate's unit and doc tests, its docs with warnings as errors, pygen without std,
# and a new crate that depends on `pygen = "0.1"` (from the unpacked crate, through
# `[patch.crates-io]`, as it would from the registry) whose `main` runs the README's quick
# start, taken from the packaged docs. Then `cargo publish --dry-run` of both, which needs the
# crates.io index (skipped, with the reason, when it cannot be reached).
#
# Part of scripts/test.sh; run alone after `cargo test --workspace` has downloaded the crates.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

say() { printf '    %s\n' "$*"; }
fail() {
    printf '    FAILED: %s\n' "$*"
    exit 1
}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
[[ -n $version ]] || fail "no version in Cargo.toml's [workspace.package]"

# --allow-dirty: the check is about what the package would contain now, committed or not.
cargo package --quiet --offline --no-verify --allow-dirty -p pygen-macros -p pygen

scratch=$root/target/package-check
rm -rf "$scratch/pygen-$version" "$scratch/pygen-macros-$version" "$scratch/quickstart"
mkdir -p "$scratch"
for crate in pygen-macros pygen; do
    file=target/package/$crate-$version.crate
    tar -xzf "$file" -C "$scratch"
    dir=$scratch/$crate-$version
    count=$(tar -tzf "$file" | wc -l)
    for license in LICENSE-MIT LICENSE-APACHE; do
        [[ -f $dir/$license ]] || fail "$file has no $license"
        cmp -s "$dir/$license" "$license" || fail "$file: $license differs from the repository's"
    done
    [[ -s $dir/README.md ]] || fail "$file has no README.md"
    grep -q '^readme = "README.md"$' "$dir/Cargo.toml" || fail "$file: its manifest does not name README.md"
    say "$crate-$version.crate: $count files, with LICENSE-MIT, LICENSE-APACHE (the repository's) and README.md"
done
if awk '/^\[/ { section = $0 } section ~ /^\[dev-dependencies/ && /pygen/ { found = 1 } END { exit !found }' \
    "$scratch/pygen-macros-$version/Cargo.toml"; then
    fail "pygen-macros' published manifest has a dev-dependency on pygen: it could not be published before pygen"
fi

# A user's crate: the README's Rust examples (the packaged doc/*.md), each in a function of
# main.rs; item declarations and `use` lines are as valid in a function body as at the top.
mkdir -p "$scratch/quickstart/src"
cat >"$scratch/quickstart/Cargo.toml" <<EOF
[package]
name = "quickstart"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
pygen = "${version%.*}"
futures = "0.3"
EOF
docs=("$scratch/pygen-$version/doc/overview.md" "$scratch/pygen-$version/doc/quick-start.md"
    "$scratch/pygen-$version/doc/owned-or-pinned.md")
awk '
    BEGIN { print "//! Made by scripts/package.sh: the Rust examples of pygen'"'"'s README, from the packaged"
            print "//! crate'"'"'s doc/, each in a function, in a crate that depends on pygen as a user'"'"'s does.\n" }
    /^```rust/ { inside = 1; n++; printf "// %s\nfn example_%d() {\n", FILENAME, n; next }
    inside && /^```/ { inside = 0; print "}\n"; next }
    inside { sub(/^# /, ""); sub(/^#$/, ""); print ($0 == "" ? "" : "    " $0) }
    END {
        print "fn main() {"
        for (i = 1; i <= n; i++) printf "    example_%d();\n", i
        printf "    println!(\"the quick start ran: %d examples\");\n}\n", n
    }
' "${docs[@]}" | sed 's|// '"$scratch"'/|// |' >"$scratch/quickstart/src/main.rs"

cat >"$scratch/Cargo.toml" <<EOF
# Made by scripts/package.sh: the unpacked .crate files, tested against each other.
[workspace]
members = ["pygen-$version", "pygen-macros-$version", "quickstart"]
resolver = "3"

# The packaged pygen depends on pygen-macros = "=$version" from the registry, where it is not
# yet; the quick start depends on pygen = "${version%.*}". Both come from the unpacked crates.
[patch.crates-io]
pygen = { path = "pygen-$version" }
pygen-macros = { path = "pygen-macros-$version" }
EOF
# The versions the repository has tested (offline resolution picks among downloaded crates).
cp Cargo.lock "$scratch/Cargo.lock"

cd "$scratch"
export CARGO_TARGET_DIR=$scratch/target
log=$scratch/last.log

# Runs cargo with the arguments after WHAT, offline, into $log; on failure shows its end and
# fails with WHAT.
offline() {
    local what=$1
    shift
    if ! cargo "$@" --offline >"$log" 2>&1; then
        tail -40 "$log" | sed 's/^/    /'
        fail "$what: cargo $* (output above; all of it in $log)"
    fi
}
# As `offline`, then prints how many tests passed.
tests() {
    offline "$@"
    local passed
    passed=$(awk '/^test result: ok\./ { sum += $4 } END { print sum + 0 }' "$log")
    say "$1: $passed passed"
}
# As `offline`, then says it went well.
quiet() {
    offline "$@"
    say "$1: ok"
}

tests "pygen from its .crate, with pygen-macros from its .crate: unit and doc tests" test -p pygen
# Cargo drops pygen-macros' path-only dev-dependency on pygen when packaging (see
# gen-macros/Cargo.toml), so its doc examples, which use pygen, cannot run from its .crate
# alone; its unit tests can.
tests "pygen-macros from its .crate: unit tests" test -p pygen-macros --lib
# Its doc examples against the packaged pygen: the same manifest plus the dev-dependency
# cargo dropped, given back in a copy of the crate.
rm -rf "$scratch/pygen-macros-doctests"
cp -r "$scratch/pygen-macros-$version" "$scratch/pygen-macros-doctests"
printf '\n[dev-dependencies.pygen]\nversion = "=%s"\n' "$version" >>"$scratch/pygen-macros-doctests/Cargo.toml"
(
    # A workspace of its own: the copy has the same package name as the unpacked crate.
    cd "$scratch/pygen-macros-doctests"
    printf '\n[workspace]\n\n[patch.crates-io]\npygen = { path = "../pygen-%s" }\npygen-macros = { path = "." }\n' \
        "$version" >>Cargo.toml
    cp "$scratch/Cargo.lock" Cargo.lock
    tests "pygen-macros' doc examples from its .crate, against pygen's .crate" test --doc
)
RUSTDOCFLAGS="-D warnings" quiet "docs of both from their .crate files, warnings as errors" \
    doc --no-deps -p pygen -p pygen-macros
quiet "pygen from its .crate without std, and without alloc" build -p pygen --no-default-features
quiet "pygen from its .crate with alloc but without std" build -p pygen --no-default-features --features alloc
if ! cargo run --quiet --offline -p quickstart >"$log" 2>&1; then
    tail -40 "$log" | sed 's/^/    /'
    fail "a crate depending on pygen = \"${version%.*}\" does not build or run the quick start (output above; source: $scratch/quickstart/src/main.rs)"
fi
say "a new crate with pygen = \"${version%.*}\" (the .crate) as its dependency: $(tail -1 "$log")"

# `cargo publish --dry-run` of both at once: cargo (1.90 and later) packages them together and
# resolves pygen's dependency on pygen-macros against the one just packaged, so the dry run
# does not need pygen-macros on crates.io (pygen alone would: "no matching package named
# `pygen-macros` found"). It reads the crates.io index to see which versions exist, so it needs
# the network; --no-verify, since the builds above verified both.
cd "$root"
if [[ ${CARGO_NET_OFFLINE:-} == true ]]; then
    say "SKIPPED: cargo publish --dry-run: CARGO_NET_OFFLINE=true, and it reads the crates.io index"
elif timeout 300 cargo publish --dry-run --no-verify --allow-dirty -p pygen-macros -p pygen >"$log" 2>&1; then
    say "cargo publish --dry-run -p pygen-macros -p pygen: both would upload (aborted: dry run)"
elif grep -qiE 'resolve host|network|timed? ?out|failed to (download|query|update|get)|HTTP|SSL|connect' "$log"; then
    say "SKIPPED: cargo publish --dry-run: the crates.io index cannot be reached from here:"
    grep -iE 'error|caused' "$log" | head -3 | sed 's/^/      /'
else
    tail -20 "$log" | sed 's/^/    /'
    fail "cargo publish --dry-run -p pygen-macros -p pygen (output above)"
fi
