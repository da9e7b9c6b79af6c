#!/usr/bin/env bash
# Memory-error detection (docs/SOUNDNESS.md): the tests that drive pygen's unsafe
# code, run under AddressSanitizer (nightly Rust) and under valgrind memcheck. Either must
# report zero findings: any error, or any leak in a test that does not leak on purpose, fails
# the script. A tool this machine lacks is skipped with the reason printed, never counted as
# passed. Called at the end of scripts/test.sh, after the ordinary test run built the debug
# test binaries that valgrind reuses.
#
# Miri finds more (aliasing, provenance, data races) but is slow: by default it runs the four
# test files aimed at the unsafe code (about 4 minutes); PYGEN_MIRI=full runs the commands
# documented in docs/SOUNDNESS.md on every test file, PYGEN_MIRI=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
skip() { printf '    SKIPPED: %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

# The integration tests that exercise pygen (every one of them runs its unsafe code:
# storage, slot and waker). Not run under the tools, and why:
#   compiletest          compile-fail (trybuild) cases: they run rustc, not pygen.
#   the examples'        (examples/tests/examples.rs, examples/ecosystem/tests/examples.rs,
#   tests                in their own packages) the example programs with small inputs
#                        (SQLite, files, rayon, tokio); they use the same pygen paths as the
#                        tests below, and would add minutes under valgrind for no new coverage.
TESTS=(soundness adversarial drops send_sync model semantics delegation async_generators
    threads cpython_yield_from spec_conformance shapes allocations storing panic_location trampoline)
# Tests that leak memory on purpose (`mem::forget` of a boxed generator, a handle leaked to
# misuse pygen's hidden API): the leak checkers would rightly report them. They run on their
# own, with leak checking off and every memory error still checked.
SKIP_LEAKY=(--skip leaks_on_purpose_)
ONLY_LEAKY=(leaks_on_purpose_)
# Under Miri by default (test-name filters): for each hazard of the trampoline (parity at every
# depth, drops, a panic caught mid-chain, chains taken apart and rebuilt, wrapped delegations,
# the hidden entry misused, random scripts against re-yield loops), one test of
# tests/trampoline.rs. PYGEN_MIRI=full runs the whole file.
TRAMPOLINE_MIRI=(local_boxed_chains_yield_and_return_as_the_reference_at_every_depth
    closing_a_deep_chain_at_its_innermost_level a_panic_caught_in_the_middle_of_a_chain
    a_chain_advanced_directly_then_delegated_to_from_another_chain
    a_wrapper_that_drops_a_public_delegation_in_its_kth_poll
    misusing_the_hidden_direct_entry_inside_wrappers_stays_sound
    a_hidden_direct_delegation_in_a_chain_is_bypassed_by_the_top
    a_chain_behaves_as_a_level_by_level_delegation_under_random_scripts)

test_flags=()
for t in "${TESTS[@]}"; do test_flags+=(--test "$t"); done

failed=()
ran=()

# ---------------------------------------------------------------------------------------
step "AddressSanitizer (nightly): pygen's unit and doc tests, and ${#TESTS[@]} integration test files"
host=$(rustc -vV | sed -n 's/^host: //p')
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    skip "no nightly toolchain (rustup toolchain install nightly): -Zsanitizer is nightly-only"
elif [[ "$host" != x86_64-unknown-linux-gnu && "$host" != aarch64-unknown-linux-gnu ]]; then
    skip "AddressSanitizer is set up here for x86_64/aarch64 Linux only, this is $host"
else
    note "$(rustup run nightly rustc --version)"
    # `--target` keeps the flags off build scripts and proc macros (pygen-macros), and puts the
    # instrumented artifacts in their own directory. The standard library itself is not
    # instrumented (-Zbuild-std needs rust-src); pygen, its dependencies and the tests are.
    # Leak detection (LeakSanitizer) is on, except for spec_conformance, whose drop counters
    # are `Box::leak`ed on purpose by its own helpers; memory errors are checked there too.
    export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1"
    asan() {
        RUSTFLAGS="-Zsanitizer=address" RUSTDOCFLAGS="-Zsanitizer=address" \
            cargo +nightly test --no-fail-fast --target "$host" "$@"
    }
    started=$SECONDS
    asan -p pygen || failed+=("asan: pygen unit and doc tests")
    leak_checked=()
    for t in "${TESTS[@]}"; do
        if [[ "$t" != spec_conformance ]]; then leak_checked+=(--test "$t"); fi
    done
    asan -p pygen-dev "${leak_checked[@]}" -- "${SKIP_LEAKY[@]}" || failed+=("asan: integration tests")
    ASAN_OPTIONS="detect_leaks=0:detect_stack_use_after_return=1" \
        asan -p pygen-dev "${leak_checked[@]}" -- "${ONLY_LEAKY[@]}" ||
        failed+=("asan: the leaks_on_purpose_ tests (leak check off)")
    ASAN_OPTIONS="detect_leaks=0:detect_stack_use_after_return=1" asan -p pygen-dev --test spec_conformance ||
        failed+=("asan: spec_conformance")
    note "AddressSanitizer: $((SECONDS - started)) s"
    ran+=(AddressSanitizer)
fi

# ---------------------------------------------------------------------------------------
step "valgrind memcheck: ${#TESTS[@]} integration test files (the debug binaries of cargo test)"
if ! why_not=$(scripts/ensure-valgrind.sh); then
    skip "$why_not"
else
    note "$(valgrind --version)"
    started=$SECONDS
    # The same build as `cargo test`: nothing is rebuilt if scripts/test.sh ran it already.
    cargo test -p pygen-dev --no-run "${test_flags[@]}"
    executables=$(cargo test -p pygen-dev --no-run --message-format=json "${test_flags[@]}" 2>/dev/null |
        grep -o '"executable":"[^"]*"' | sed 's/^"executable":"//; s/"$//')
    for exe in $executables; do
        name=$(basename "$exe" | sed 's/-[0-9a-f]*$//')
        leak_check=(--leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite)
        extra=()
        case "$name" in
        spec_conformance)
            note "$name: leak check off (its drop counters are Box::leak-ed on purpose)"
            leak_check=(--leak-check=no)
            ;;
        model)
            # 10 000 cases take minutes under valgrind; AddressSanitizer above runs them all.
            note "$name: 1000 cases under valgrind (all 10 000 run natively and under ASan)"
            export PYGEN_MODEL_CASES=1000
            ;;
        trampoline)
            # Its proptests (random trees, random scripts) run 256 cases each natively and
            # under ASan; under valgrind they take minutes, and 32 exercise the same paths.
            note "$name: 32 cases per proptest under valgrind (256 natively and under ASan)"
            export PYGEN_TRAMPOLINE_CASES=32
            ;;
        allocations)
            # Runs ten million items through a pipeline: about two minutes under valgrind,
            # a second natively and under ASan, which cover it.
            note "$name: skipping a_ten_million_item_pipeline_runs_in_constant_memory (minutes under valgrind; run under ASan)"
            extra=(--skip a_ten_million_item_pipeline_runs_in_constant_memory)
            ;;
        esac
        printf '    %s ... ' "$name"
        log=$(mktemp)
        if valgrind -q --error-exitcode=101 "${leak_check[@]}" "$exe" "${SKIP_LEAKY[@]}" "${extra[@]}" >"$log" 2>&1; then
            echo "ok ($(grep -o '[0-9]* passed' "$log" | head -n 1))"
        else
            echo "FAILED"
            cat "$log"
            failed+=("valgrind: $name")
        fi
        if ! valgrind -q --error-exitcode=101 --leak-check=no "$exe" "${ONLY_LEAKY[@]}" >"$log" 2>&1; then
            echo "    $name, the leaks_on_purpose_ tests (leak check off): FAILED"
            cat "$log"
            failed+=("valgrind: $name leaks_on_purpose_")
        fi
        rm -f "$log"
        unset PYGEN_MODEL_CASES PYGEN_TRAMPOLINE_CASES
    done
    skip "pygen doc tests under valgrind: rustdoc runs each one itself (only the unstable --test-runtool could wrap them); ASan covers them"
    note "valgrind: $((SECONDS - started)) s"
    ran+=(valgrind)
fi

# ---------------------------------------------------------------------------------------
step "Miri (strict provenance): the unsafe-focused tests; PYGEN_MIRI=full for all, =0 to skip"
miri_mode="${PYGEN_MIRI:-focused}"
if [[ "$miri_mode" == 0 ]]; then
    skip "PYGEN_MIRI=0"
elif ! cargo +nightly miri --version >/dev/null 2>&1; then
    skip "no Miri (rustup +nightly component add miri rust-src)"
else
    started=$SECONDS
    export MIRIFLAGS="-Zmiri-strict-provenance"
    if [[ "$miri_mode" == full ]]; then
        cargo +nightly miri test --no-fail-fast -p pygen || failed+=("miri: pygen unit and doc tests")
        # The 131 071-node tree walk of delegation.rs does not finish in minutes under Miri
        # (the 10 000-level recursions of adversarial.rs go 50 levels deep there instead).
        cargo +nightly miri test --no-fail-fast -p pygen-dev --test soundness --test adversarial --test drops \
            --test send_sync --test model --test semantics --test delegation --test cpython_yield_from \
            --test shapes --test threads --test trampoline -- "${SKIP_LEAKY[@]}" \
            --skip recursion_over_a_hundred_thousand_node_tree || failed+=("miri: integration tests")
        # The tests that leak on purpose (a leaked handle, a leaked sub-generator: C6), with
        # Miri's leak check off and every other check on.
        MIRIFLAGS="$MIRIFLAGS -Zmiri-ignore-leaks" cargo +nightly miri test -p pygen-dev --test trampoline \
            -- "${ONLY_LEAKY[@]}" || failed+=("miri: trampoline leaks_on_purpose_")
        # Its drop counters are leaked on purpose (see above).
        MIRIFLAGS="$MIRIFLAGS -Zmiri-ignore-leaks" cargo +nightly miri test -p pygen-dev --test spec_conformance ||
            failed+=("miri: spec_conformance")
    else
        # The default: the four files written against pygen's unsafe code (misuse, drops,
        # threads) and the trampoline's hazards, about 6 minutes; the full set takes about 13
        # and runs with PYGEN_MIRI=full.
        note "the other test files run under Miri with PYGEN_MIRI=full (about 13 minutes)"
        cargo +nightly miri test --no-fail-fast -p pygen-dev --test soundness --test adversarial \
            --test drops --test send_sync -- "${SKIP_LEAKY[@]}" || failed+=("miri: integration tests")
        # chain.rs, the trampoline's unsafe code: one test per hazard of tests/trampoline.rs
        # (all of them with PYGEN_MIRI=full), the C6 misuse ones with the leak check off.
        cargo +nightly miri test --no-fail-fast -p pygen-dev --test trampoline -- "${TRAMPOLINE_MIRI[@]}" ||
            failed+=("miri: trampoline")
        MIRIFLAGS="$MIRIFLAGS -Zmiri-ignore-leaks" cargo +nightly miri test -p pygen-dev --test trampoline \
            -- "${ONLY_LEAKY[@]}" || failed+=("miri: trampoline leaks_on_purpose_")
    fi
    note "Miri: $((SECONDS - started)) s"
    ran+=(Miri)
fi

if ((${#failed[@]})); then
    printf '\nsanitizer findings (or failures) in:\n'
    printf '    %s\n' "${failed[@]}"
    exit 1
fi
if ((${#ran[@]})); then
    printf '\nsanitizers: no findings (%s)\n' "${ran[*]}"
else
    printf '\nsanitizers: no tool available on this machine, nothing checked (see SKIPPED above)\n'
fi
