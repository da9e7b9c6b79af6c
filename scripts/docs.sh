#!/usr/bin/env bash
# One text for the crate docs and the READMEs. The sections they share (overview, quick start,
# the Python table, ...) are files in gen-core/doc/: pygen's crate docs include them with
# `include_str!` (files inside the package, so the published crate builds its docs and runs
# their examples as doc tests on its own), and the READMEs carry a copy of each between
#
#   <!-- BEGIN gen-core/doc/NAME.md: ... -->
#   <!-- END gen-core/doc/NAME.md -->
#
# lines. `scripts/docs.sh` (or `--check`, what the test command runs) fails when a copy differs
# from its file, when a README has a Rust code block outside such a copy (it would be tested by
# nothing), or when a file with Rust code is not included by gen-core/src/lib.rs (its examples
# would not be doc tests). `scripts/docs.sh --write` rewrites the copies from the files.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:---check}
case "$mode" in
--check | --write) ;;
*)
    echo "usage: scripts/docs.sh [--check | --write]" >&2
    exit 2
    ;;
esac

readmes=(README.md gen-core/README.md)
lib=gen-core/src/lib.rs
failed=0
fail() {
    printf '    FAILED: %s\n' "$*"
    failed=1
}

# The README with every BEGIN/END section replaced by the current text of its file.
render() {
    awk -v readme="$1" '
        function die(message) { printf "%s:%d: %s\n", readme, NR, message > "/dev/stderr"; bad = 1; exit 1 }
        /^<!-- BEGIN / {
            if (inside) die("BEGIN inside the section of " name)
            name = $3; sub(/:$/, "", name)
            if (name !~ /^gen-core\/doc\/[A-Za-z0-9_-]+\.md$/) die("not a file of gen-core/doc/: " name)
            print; print ""
            while ((status = (getline line < name)) > 0) print line
            if (status < 0) die("no such file: " name)
            close(name); print ""
            inside = 1; next
        }
        /^<!-- END / {
            if (!inside) die("END without BEGIN")
            if ($3 != name) die("END " $3 " closes the section of " name)
            inside = 0; print; next
        }
        !inside { print }
        END { if (!bad && inside) die("the section of " name " has no END line") }
    ' "$1"
}

sections=0
for readme in "${readmes[@]}"; do
    rendered=$(mktemp)
    trap 'rm -f "$rendered"' EXIT
    if ! render "$readme" >"$rendered"; then
        fail "$readme: malformed BEGIN/END lines (above)"
        continue
    fi
    if [[ $mode == --write ]]; then
        if ! cmp -s "$rendered" "$readme"; then
            cp "$rendered" "$readme"
            echo "    rewrote $readme"
        fi
    elif ! diff -u "$readme" "$rendered" >/dev/null; then
        diff -u --label "$readme" --label "$readme from gen-core/doc/" "$readme" "$rendered" | head -40 | sed 's/^/    /' || true
        fail "$readme differs from gen-core/doc/ (diff above): edit gen-core/doc/*.md, not the README, then run scripts/docs.sh --write"
    fi
    rm -f "$rendered"
    count=$(grep -c '^<!-- BEGIN ' "$readme" || true)
    sections=$((sections + count))

    # Every ```rust block of a README is inside a copied section, so it is a doc test of pygen.
    untested=$(awk '
        /^<!-- BEGIN / { inside = 1 } /^<!-- END / { inside = 0 }
        /^```/ { if (!fence) { fence = 1; if ($0 ~ /^```rust/ && !inside) print FILENAME ":" NR } else fence = 0 }
    ' "$readme")
    if [[ -n $untested ]]; then
        fail "Rust code outside the sections of gen-core/doc/, so no doc test runs it (move it into one): $untested"
    fi
done

# Every file of gen-core/doc/ with Rust code is part of the crate docs, so its examples run.
for file in gen-core/doc/*.md; do
    if grep -q '^```rust' "$file" && ! grep -qF "include_str!(\"../doc/$(basename "$file")\")" "$lib"; then
        fail "$file has Rust examples but $lib does not include it: they are tested by nothing"
    fi
done

if ((failed)); then
    exit 1
fi
if [[ $mode == --check ]]; then
    echo "    ${readmes[*]}: $sections sections, each the same as its file in gen-core/doc/," \
        "and every Rust block in them a doc test of pygen ($lib includes them)"
fi
