#!/usr/bin/env bash
# Builds every release artifact into dist/ and checks each (README.md, "Install"):
#   run_with_cuda-V.tar.gz (sdist) and run_with_cuda-V-py3-none-manylinux_2_17_x86_64.whl
#       `python -m build`: scikit-build-core, the wheel built from the sdist with Zig;
#   run_with_cuda-V-py3-none-win_amd64.whl  the same backend, MinGW-w64 (RWC_WHEEL_PLATFORM);
#   run-with-cuda_V_amd64.deb, run-with-cuda-V-linux-x86_64.tar.gz  CPack, the Zig build;
#   run-with-cuda-V-win64.zip  CPack, the MinGW-w64 build;
#   SHA256SUMS  sha256sum of all of them.
# then checks each and writes SHA256SUMS (scripts/check-release.sh). The tools come from
# PyPI, pinned in tests/packaging/requirements-tools.txt, in a venv under build/.
#
#   scripts/release.sh [JOBS]      JOBS: parallel compile jobs (default: nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-$(nproc)}
version=$(cat VERSION)
scripts/install-deps.sh --windows

# The tools venv (build, twine, auditwheel, check-wheel-contents) and Zig for the CPack build.
tools=build/release-tools
if [ ! -f "$tools/.complete" ] || ! cmp -s "$tools/.complete" tests/packaging/requirements-tools.txt; then
    python3 -m venv --clear "$tools"
    "$tools/bin/python" -m pip install -q --disable-pip-version-check -r tests/packaging/requirements-tools.txt ziglang
    cp tests/packaging/requirements-tools.txt "$tools/.complete"
fi
py="$tools/bin/python"
zig=$("$py" -c "import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), 'zig'))")
boost_cache=$PWD/build/release-deps/debian-source

rm -rf dist
mkdir -p dist
export CMAKE_BUILD_PARALLEL_LEVEL=$jobs

echo "== sdist and manylinux wheel (python -m build)"
env -u RWC_WHEEL_PLATFORM "$py" -m build --outdir dist "-Ccmake.define.RWC_DEBIAN_SOURCE_CACHE=$boost_cache" .
echo "== win_amd64 wheel (python -m build, MinGW-w64)"
RWC_WHEEL_PLATFORM=win_amd64 "$py" -m build --wheel --outdir dist \
    "-Ccmake.define.RWC_DEBIAN_SOURCE_CACHE=$boost_cache" .

# CPack: one configure, build and package per platform, without tests.
package() { # package <build dir> <cmake args...>
    local dir=$1
    shift
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRWC_BUILD_TESTS=OFF -DRWC_BUILD_BENCHMARKS=OFF \
        "-DRWC_DEBIAN_SOURCE_CACHE=$boost_cache" "$@"
    cmake --build "$dir" -j "$jobs"
    (cd "$dir" && cpack -B "$PWD/cpack-out")
    find "$dir/cpack-out" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.tar.gz' -o -name '*.zip' \) \
        -exec cp {} dist/ \;
}
echo "== .deb and .tar.gz (CPack, Zig build for glibc 2.17)"
package build/release-linux --toolchain cmake/toolchain-zig-glibc217.cmake "-DRWC_ZIG=$zig"
echo "== Windows .zip (CPack, MinGW-w64 build)"
package build/release-windows --toolchain cmake/toolchain-mingw64.cmake

echo "== checks"
scripts/check-release.sh dist "$tools/bin"
