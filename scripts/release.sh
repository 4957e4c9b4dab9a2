#!/usr/bin/env bash
# Builds every release artifact into dist/ and checks each (README.md, "Install"):
#   run_with_cuda-V.tar.gz (sdist) and run_with_cuda-V-py3-none-manylinux_2_17_x86_64.whl
#       `python -m build`: scikit-build-core, the wheel built from the sdist with Zig;
#   run_with_cuda-V-py3-none-win_amd64.whl  the same backend, MinGW-w64 (RWC_WHEEL_PLATFORM);
#   run-with-cuda_V_amd64.deb, run-with-cuda-V-linux-x86_64.tar.gz  CPack, the Zig build;
#   run-with-cuda-V-win64.zip  CPack, the MinGW-w64 build;
#   SHA256SUMS  sha256sum of all of them.
# Checks: twine check --strict (wheels, sdist), check-wheel-contents, auditwheel show (the
# tag it finds is the wheel's), the binaries' --version, dpkg-deb's fields, the archives'
# listings, sha256sum -c. The tools come from PyPI, pinned in
# tests/packaging/requirements-tools.txt, in a venv under build/.
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
sdist=dist/run_with_cuda-$version.tar.gz
linux_whl=$(ls dist/run_with_cuda-"$version"-py3-none-manylinux_*_x86_64.whl)
win_whl=dist/run_with_cuda-$version-py3-none-win_amd64.whl
deb=dist/run-with-cuda_${version}_amd64.deb
tgz=dist/run-with-cuda-$version-linux-x86_64.tar.gz
zip=dist/run-with-cuda-$version-win64.zip
for f in "$sdist" "$linux_whl" "$win_whl" "$deb" "$tgz" "$zip"; do
    [ -s "$f" ] || { echo "release.sh: missing $f" >&2; exit 1; }
done
"$tools/bin/twine" check --strict "$sdist" "$linux_whl" "$win_whl"
"$tools/bin/check-wheel-contents" --config pyproject.toml "$linux_whl" "$win_whl"
tag=${linux_whl##*-py3-none-}
tag=${tag%.whl}
audit=$("$tools/bin/auditwheel" show "$linux_whl" | tr -s ' \n' ' ')
echo "$audit"
case $audit in
    *"consistent with the following platform tag: \"$tag\""*) ;;
    *) echo "release.sh: auditwheel does not confirm $tag" >&2; exit 1 ;;
esac
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
unzip -q -d "$scratch/whl" "$linux_whl"
chmod +x "$scratch/whl/run_with_cuda-$version.data/scripts/run-with-cuda"
[ "$("$scratch/whl/run_with_cuda-$version.data/scripts/run-with-cuda" --version)" = "run-with-cuda $version" ]
unzip -l "$win_whl" | grep -q "run_with_cuda-$version.data/scripts/run-with-cuda-w.exe"
dpkg-deb -x "$deb" "$scratch/deb"
[ "$("$scratch/deb/usr/bin/run-with-cuda" --version)" = "run-with-cuda $version" ]
dpkg-deb -f "$deb" Depends | grep -Eqx 'libc6 \(>= 2\.[0-9]+\)'
dpkg-deb -c "$deb" | grep -q ' ./usr/share/bash-completion/completions/run-with-cuda$'
tar -tzf "$tgz" | grep -q "/bin/run-with-cuda$"
unzip -l "$zip" | grep -q "run-with-cuda-w.exe$"

(cd dist && sha256sum -- * >SHA256SUMS && sha256sum -c --quiet SHA256SUMS)
echo "== dist/"
ls -l dist
