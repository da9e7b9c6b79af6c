#!/usr/bin/env bash
# Makes valgrind available for the memcheck step of scripts/sanitizers.sh and for
# benches/scripts/callgrind.sh: if it is missing and this is a Debian-like machine where we
# are root (or have password-less sudo), installs Debian's `valgrind` package. Prints what it
# does; exits 0 if valgrind is available afterwards, 1 (with the reason on stdout) otherwise,
# so that the caller can skip its step saying why. PYGEN_NO_INSTALL=1 never installs.
set -uo pipefail

command -v valgrind >/dev/null 2>&1 && exit 0

if [[ "${PYGEN_NO_INSTALL:-0}" == 1 ]]; then
    echo "valgrind is not installed, and PYGEN_NO_INSTALL=1 (apt-get install valgrind)"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "valgrind is not installed, and this machine has no apt-get to install it with"
    exit 1
fi
if [[ "$(id -u)" == 0 ]]; then
    as_root=()
elif sudo -n true >/dev/null 2>&1; then
    as_root=(sudo -n)
else
    echo "valgrind is not installed, and installing it needs root (sudo apt-get install valgrind)"
    exit 1
fi

echo "    installing valgrind (Debian package; PYGEN_NO_INSTALL=1 to never install)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -q valgrind >/dev/null 2>&1; then
    # A fresh machine may have no package lists yet.
    "${as_root[@]}" apt-get update -q >/dev/null 2>&1
    "${as_root[@]}" apt-get install -y -q valgrind >/dev/null 2>&1
fi
if command -v valgrind >/dev/null 2>&1; then
    exit 0
fi
echo "valgrind is not installed, and apt-get install valgrind failed"
exit 1
