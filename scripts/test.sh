#!/usr/bin/env bash
# Runs every test: installs missing Debian packages, builds the native release preset and
# runs its whole ctest suite (unit and end-to-end). The README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release -j "$(nproc)"
