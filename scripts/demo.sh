#!/usr/bin/env bash
# Quick start, first command: installs missing Debian packages, builds everything (release
# preset), makes the demo project's venv with the layout of 19 real CUDA 13 wheels, and runs
# the demo app (config/demo/app.py) under run-with-cuda. The app prints, for each CUDA
# library it loads by soname, the file the loader picked: each lies in build/demo/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"

demo=build/demo
rm -rf "$demo"
cp -r config/demo "$demo"
real=()
if [ -f /usr/local/cuda-13.0/lib/libcudart.so.13 ]; then
  real=(--real-libs /usr/local/cuda-13.0/lib) # NVIDIA's real libraries, hard-linked in
fi
python3 tests/fixtures/cuda_venv.py --python "$(command -v python3)" --root "$demo/.venv" \
  --standins build/release/tests/e2e/standin/out "${real[@]}"
echo "demo: build/release/launcher/run-with-cuda --config $demo/run-with-cuda.toml"
env -u VIRTUAL_ENV -u CONDA_PREFIX -u LD_LIBRARY_PATH \
  build/release/launcher/run-with-cuda --config "$demo/run-with-cuda.toml"
echo
echo "demo: the same app without the launcher (the loader does not search the venv):"
env -u VIRTUAL_ENV -u CONDA_PREFIX -u LD_LIBRARY_PATH "$demo/.venv/bin/python" "$demo/app.py" || true
