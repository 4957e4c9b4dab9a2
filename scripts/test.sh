#!/usr/bin/env bash
# Runs every test, on a fresh Debian 12 machine as root: installs the missing Debian
# packages, builds the native release preset and runs its ctest suite (unit, end-to-end,
# doctor, packaging, fuzz corpora), then the asan preset's, then the Windows suite: the MinGW-w64 cross build (preset mingw)
# with its tests run under Wine (docs/design.md, "The Windows build (MinGW-w64 and Wine)"). The README's test command; .ci/run
# calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --windows
jobs=$(nproc)
. scripts/ccache-env.sh

# Formatting and document citations first: they take a second (.clang-format, clang-format
# 14; every citation of a docs/ page names one of its sections).
scripts/check-format.sh
python3 scripts/check-citations.py

cmake --preset release
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

# The same unit, e2e, doctor and fuzz-corpus tests under AddressSanitizer + UBSan (preset
# asan; the slow real-wheel label is left to the release run).
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

# Wine's server and prefix first (a cold prefix under ctest can hang it: docs/design.md, "The Windows build (MinGW-w64 and Wine)").
scripts/wine-setup.sh start build/mingw
trap 'scripts/wine-setup.sh stop build/mingw' EXIT
cmake --preset mingw
cmake --build --preset mingw -j "$jobs"
ctest --preset mingw -j "$jobs"
