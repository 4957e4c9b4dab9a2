#!/usr/bin/env bash
# Quick start, first command: installs missing Debian packages, builds everything (release
# preset), makes the demo project's venv in build/demo/.venv with three real CUDA 13 wheels
# from PyPI (the CUDA runtime, NVRTC, nvJitLink: the "demo" set of tests/real/pins.toml,
# hash-checked, downloaded once into ${XDG_CACHE_HOME:-~/.cache}/run-with-cuda-tests), and
# runs the demo app (config/demo/app.py) under run-with-cuda: it prints where each library
# was loaded from, compiles a kernel with NVRTC and links it with nvJitLink (no GPU needed).
# Then it runs the same app without the launcher.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
. scripts/ccache-env.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"

demo=build/demo
rm -rf "$demo"
cp -r config/demo "$demo"
python3 tests/real/wheelsets.py --into "$demo/.venv" demo
echo
echo "demo: build/release/launcher/run-with-cuda --config $demo/run-with-cuda.toml"
env -u VIRTUAL_ENV -u CONDA_PREFIX -u LD_LIBRARY_PATH \
  build/release/launcher/run-with-cuda --config "$demo/run-with-cuda.toml"
echo
echo "demo: the same app without the launcher (the loader does not search the venv):"
env -u VIRTUAL_ENV -u CONDA_PREFIX -u LD_LIBRARY_PATH "$demo/.venv/bin/python" "$demo/app.py" || true
