#!/usr/bin/env bash
# Makes the MSRV toolchain (the `rust-version` of the workspace's Cargo.toml) available for the
# MSRV step of scripts/test.sh: if rustup has no such toolchain, installs it with
# `rustup toolchain install VERSION --profile minimal` (about 70 MB, once). Prints the version
# and exits 0 if the toolchain is available afterwards; exits 1 with the reason on stdout
# otherwise, so that the caller can skip its step saying why. PYGEN_NO_INSTALL=1 never
# installs.
set -uo pipefail
cd "$(dirname "$0")/.."

msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
if [[ -z "$msrv" ]]; then
    echo "the workspace's Cargo.toml declares no rust-version"
    exit 1
fi
if ! command -v rustup >/dev/null 2>&1; then
    echo "no rustup on this machine to provide Rust $msrv"
    exit 1
fi
if rustup run "$msrv" rustc --version >/dev/null 2>&1; then
    echo "$msrv"
    exit 0
fi
if [[ "${PYGEN_NO_INSTALL:-0}" == 1 ]]; then
    echo "no $msrv toolchain, and PYGEN_NO_INSTALL=1 (rustup toolchain install $msrv)"
    exit 1
fi
echo "    installing Rust $msrv (rustup, minimal profile; PYGEN_NO_INSTALL=1 to never install)" >&2
if ! rustup toolchain install "$msrv" --profile minimal >/dev/null 2>&1 ||
    ! rustup run "$msrv" rustc --version >/dev/null 2>&1; then
    echo "no $msrv toolchain, and rustup could not install it (offline?)"
    exit 1
fi
echo "$msrv"
