#!/usr/bin/env bash
# Runs the real-wheel suite on the latest track (tests/real/pins-latest.toml, written by
# tests/real/lock.py --latest): every set at the newest releases on PyPI, Linux sets under the
# release build, Windows sets under the MinGW-w64 build and Wine. The second documented test
# command: both tracks' environments do not fit in the test cache's budget together, so the
# pinned track stays in scripts/test.sh and this one makes room by removing the pinned
# environments it needs the space of (docs/real-wheels.md, "Two tracks").
#   scripts/test-latest.sh [--linux-only]
set -euo pipefail
cd "$(dirname "$0")/.."
linux_only=false
[[ "${1:-}" == "--linux-only" ]] && linux_only=true
if $linux_only; then scripts/install-deps.sh; else scripts/install-deps.sh --windows; fi
jobs=$(nproc)
. scripts/ccache-env.sh

cmake --preset release
cmake --build --preset release -j "$jobs"
ctest --preset latest -j "$jobs"

$linux_only && exit 0
scripts/wine-setup.sh start build/mingw
trap 'scripts/wine-setup.sh stop build/mingw' EXIT
cmake --preset mingw
cmake --build --preset mingw -j "$jobs"
ctest --preset mingw-latest -j "$jobs"
