#!/usr/bin/env bash
# Benchmark of `run-with-cuda --doctor --json` (the aim: under 50 ms on the project's
# machines) on a venv whose site-packages holds 1,000 distributions: the 19 real CUDA 13
# wheels (their dist-info folders and every file their RECORDs list, empty), torch, triton
# and xformers with hand-made METADATA, and 978 ordinary distributions with METADATA and
# RECORD. Not a ctest test: run it by hand on a quiet machine.
#
#   bench/doctor_bench.sh [path/to/run-with-cuda]     (default: build/release/launcher/run-with-cuda)
#
# Needs hyperfine (apt-get install hyperfine). Prints hyperfine's summary and exits 1 when
# the mean is 50 ms or more. RWC_BENCH_KEEP=1 keeps the venv for inspection.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
launcher="${1:-$root/build/release/launcher/run-with-cuda}"
manifests="$root/tests/fixtures/wheel-manifests/linux-x86_64-cu13"
metadata="$root/tests/doctor/metadata"
limit_ms=50

[[ -x "$launcher" ]] || { echo "doctor_bench: no launcher at $launcher (build it first)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "doctor_bench: hyperfine is not installed" >&2; exit 2; }

work="$(mktemp -d /tmp/rwc-doctor-bench-XXXXXX)"
[[ "${RWC_BENCH_KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
venv="$work/venv"
sp="$venv/lib/python3.12/site-packages"
mkdir -p "$sp" "$venv/bin"
printf 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n' >"$venv/pyvenv.cfg"
printf '#!/bin/sh\nexit 1\n' >"$venv/bin/python" && chmod 755 "$venv/bin/python"

# The 19 CUDA 13 wheels: dist-info copied, RECORD files created empty (bin/ executable).
for dist in "$manifests"/*.dist-info; do
    cp -r "$dist" "$sp/"
    cut -d, -f1 "$dist/RECORD" | grep -v '\.dist-info/' | sed "s|^|$sp/|" >>"$work/files"
done
xargs -a "$work/files" -d '\n' dirname | sort -u | xargs -d '\n' mkdir -p
xargs -a "$work/files" -d '\n' touch
chmod 755 "$sp"/nvidia/cu13/bin/* 2>/dev/null || true

# torch, triton, xformers: hand-made METADATA (tests/doctor/metadata).
for file in torch-2.5.1+cu124 triton-3.1.0 xformers-0.0.28.post3; do
    mkdir -p "$sp/$file.dist-info"
    cp "$metadata/$file.METADATA" "$sp/$file.dist-info/METADATA"
    printf '%s.dist-info/METADATA,,\n' "$file" >"$sp/$file.dist-info/RECORD"
done

# 978 ordinary distributions, each with a package folder, METADATA and RECORD.
for i in $(seq 1 978); do
    name="package_$i"
    mkdir -p "$sp/$name-1.$i.0.dist-info" "$sp/$name"
    printf 'Metadata-Version: 2.1\nName: %s\nVersion: 1.%s.0\nSummary: filler\nRequires-Dist: numpy>=1.20\n\n%s\n' \
        "$name" "$i" "$(head -c 2000 /dev/zero | tr '\0' 'x')" >"$sp/$name-1.$i.0.dist-info/METADATA"
    printf '%s/__init__.py,,\n%s-1.%s.0.dist-info/METADATA,,\n' "$name" "$name" "$i" >"$sp/$name-1.$i.0.dist-info/RECORD"
    : >"$sp/$name/__init__.py"
done

count="$(find "$sp" -maxdepth 1 -name '*.dist-info' | wc -l)"
echo "doctor_bench: $count distributions in $sp"
"$launcher" --doctor --json --python "$venv" >"$work/report.json" || [[ $? == 1 ]]
grep -q '"distributions_total": 1000' "$work/report.json" || { echo "doctor_bench: unexpected report" >&2; exit 2; }

env -i PATH=/usr/bin:/bin HOME="$work" hyperfine --warmup 5 --runs 50 -N --ignore-failure \
    --export-json "$work/hyperfine.json" "$launcher --doctor --json --python $venv"
mean_ms="$(grep -m1 '"mean"' "$work/hyperfine.json" | sed 's/.*"mean": *\([0-9.eE+-]*\).*/\1/' | awk '{printf "%.1f", $1 * 1000}')"
echo "doctor_bench: mean ${mean_ms} ms (limit ${limit_ms} ms)"
awk -v m="$mean_ms" -v l="$limit_ms" 'BEGIN { exit !(m < l) }'
