#!/usr/bin/env bash
# Installs the Debian 12 packages the build and tests need, only those that are missing
# (the shells test the completion scripts; dpkg-dev's shlibdeps makes the .deb; openmpi-bin:
# the real-wheel suite's mpirun cases, tests/real/test_distributed.py; ccache: scripts/test.sh
# compiles through it, scripts/ccache-env.sh). toml++ 3.4
# is not among them: the CMake configure step downloads Debian 13's headers into the build
# folder (cmake/RwcTomlPlusPlus.cmake), with apt-get and the trixie keys of
# debian-archive-keyring.
# Usage: scripts/install-deps.sh [--windows] [--bench]
#   --windows  also the MinGW-w64 cross compiler and Wine (the Windows suite)
#   --bench    also hyperfine (the start-up benchmark)
set -euo pipefail
packages=(cmake ninja-build g++ python3 python3-venv
          libboost-filesystem-dev libboost-dev libfmt-dev
          nlohmann-json3-dev libgtest-dev libbenchmark-dev
          bash-completion zsh fish binutils dpkg-dev clang-format-14 openmpi-bin ccache) # fish: the e2e tests evaluate --print-env fish
for arg in "$@"; do
  case "$arg" in
    --windows) packages+=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine wine64 dpkg-dev) ;;
    --bench) packages+=(hyperfine) ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps.sh: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
