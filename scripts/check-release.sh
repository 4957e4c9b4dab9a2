#!/usr/bin/env bash
# Checks the release artifacts in DIST (scripts/release.sh makes them) and writes
# DIST/SHA256SUMS: twine check --strict (wheels, sdist), check-wheel-contents, auditwheel
# show (the tag it finds must be the wheel's), the Linux binaries' --version, the .deb's
# Depends (libc6 only) and completions, the archives' listings, sha256sum -c. Exits non-zero
# at the first failed check.
#
#   scripts/check-release.sh DIST TOOLS_BIN    TOOLS_BIN: a bin/ with twine, auditwheel,
#                                              check-wheel-contents (requirements-tools.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:?DIST}
tools=${2:?TOOLS_BIN}
version=$(cat VERSION)
sdist=$dist/run_with_cuda-$version.tar.gz
linux_whl=$(ls "$dist"/run_with_cuda-"$version"-py3-none-manylinux_*_x86_64.whl)
win_whl=$dist/run_with_cuda-$version-py3-none-win_amd64.whl
deb=$dist/run-with-cuda_${version}_amd64.deb
tgz=$dist/run-with-cuda-$version-linux-x86_64.tar.gz
zip=$dist/run-with-cuda-$version-win64.zip
for f in "$sdist" "$linux_whl" "$win_whl" "$deb" "$tgz" "$zip"; do
    [ -s "$f" ] || { echo "check-release.sh: missing $f" >&2; exit 1; }
done
"$tools/twine" check --strict "$sdist" "$linux_whl" "$win_whl"
"$tools/check-wheel-contents" --config pyproject.toml "$linux_whl" "$win_whl"
tag=${linux_whl##*-py3-none-}
tag=${tag%.whl}
audit=$("$tools/auditwheel" show "$linux_whl" | tr -s ' \n' ' ')
echo "$audit"
case $audit in
    *"consistent with the following platform tag: \"$tag\""*) ;;
    *) echo "check-release.sh: auditwheel does not confirm $tag" >&2; exit 1 ;;
esac
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
unzip -q -d "$scratch/whl" "$linux_whl"
chmod +x "$scratch/whl/run_with_cuda-$version.data/scripts/run-with-cuda"
[ "$("$scratch/whl/run_with_cuda-$version.data/scripts/run-with-cuda" --version)" = "run-with-cuda $version" ]
unzip -l "$win_whl" | grep "run_with_cuda-$version.data/scripts/run-with-cuda-w.exe" >/dev/null
dpkg-deb -x "$deb" "$scratch/deb"
[ "$("$scratch/deb/usr/bin/run-with-cuda" --version)" = "run-with-cuda $version" ]
dpkg-deb -f "$deb" Depends | grep -Ex 'libc6 \(>= 2\.[0-9]+\)' >/dev/null
dpkg-deb -c "$deb" | grep ' ./usr/share/bash-completion/completions/run-with-cuda$' >/dev/null
tar -tzf "$tgz" | grep "/bin/run-with-cuda$" >/dev/null
unzip -l "$zip" | grep "run-with-cuda-w.exe$" >/dev/null

names=()
for f in "$sdist" "$linux_whl" "$win_whl" "$deb" "$tgz" "$zip"; do names+=("${f##*/}"); done
(cd "$dist" && sha256sum -- "${names[@]}" >SHA256SUMS && sha256sum -c --quiet SHA256SUMS)
echo "== $dist/"
ls -l "$dist"
