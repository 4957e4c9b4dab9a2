#!/usr/bin/env python3
"""Builds the run-with-cuda wheel with the Python standard library only.

A wheel is a zip holding the files, `<name>.dist-info/{METADATA,WHEEL,RECORD}` and here a
`<name>.data/scripts/` folder, whose files pip installs into the environment's `bin/`
(`Scripts\\` on Windows) (PEP 427, "The .data directory"; binary distribution format spec).
The installed binary then selects its own environment (docs/design.md, "Which Python
environment": the environment that holds the launcher itself).

It also puts the start-up hook's files (--purelib, packaging/hook/: a .pth file and its
module) into `<name>.data/purelib/`, which pip installs into site-packages; there the
hook adds the CUDA DLL folders with os.add_dll_directory on Windows
(docs/windows-dll-loading.md).

usage: make_wheel.py --version 0.1.0 --out DIR --platform-tag TAG [--purelib F]... FILE...
  TAG: a platform tag (win_amd64, manylinux_2_34_x86_64), or "manylinux" to derive the
       glibc version from the newest GLIBC_2.N symbol version FILE needs (PEP 600).
"""
import argparse
import base64
import glob
import hashlib
import os
import re
import sys
import zipfile

NAME = "run_with_cuda"
SUMMARY = "Run Python with the pip-installed NVIDIA CUDA libraries of its environment visible"


def record_hash(data):
    """The RECORD hash field: sha256=<urlsafe base64 without padding> (PEP 376/627)."""
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def manylinux_tag(binaries):
    """manylinux_2_N_x86_64 for the newest GLIBC_2.N version string in the binaries."""
    newest = 17  # manylinux2014's floor
    for path in binaries:
        with open(path, "rb") as f:
            for match in re.finditer(rb"GLIBC_2\.(\d+)", f.read()):
                newest = max(newest, int(match.group(1)))
    return f"manylinux_2_{newest}_x86_64"


def metadata(version, readme):
    """METADATA (core metadata 2.1) with the README as its long description."""
    head = (f"Metadata-Version: 2.1\nName: run-with-cuda\nVersion: {version}\n"
            f"Summary: {SUMMARY}\nLicense: MIT\nRequires-Python: >=3.6\n"
            "Keywords: cuda,pytorch,ld_library_path,launcher\n"
            "Description-Content-Type: text/markdown\n\n")
    return (head + readme).encode("utf-8")


def build(version, platform_tag, files, out_dir, readme, purelib=()):
    """Writes the wheel into out_dir and returns its path: files go to .data/scripts/,
    purelib files to .data/purelib/ (site-packages)."""
    if platform_tag == "manylinux":
        platform_tag = manylinux_tag(files)
    tag = f"py3-none-{platform_tag}"
    wheel_path = os.path.join(out_dir, f"{NAME}-{version}-{tag}.whl")
    data_dir, info_dir = f"{NAME}-{version}.data", f"{NAME}-{version}.dist-info"
    entries = []
    for path in files:
        with open(path, "rb") as f:
            entries.append((f"{data_dir}/scripts/{os.path.basename(path)}", f.read(), 0o755))
    for path in purelib:
        with open(path, "rb") as f:
            entries.append((f"{data_dir}/purelib/{os.path.basename(path)}", f.read(), 0o644))
    entries.append((f"{info_dir}/METADATA", metadata(version, readme), 0o644))
    wheel = (f"Wheel-Version: 1.0\nGenerator: run-with-cuda make_wheel.py\n"
             f"Root-Is-Purelib: false\nTag: {tag}\n").encode("ascii")
    entries.append((f"{info_dir}/WHEEL", wheel, 0o644))
    record = "".join(f"{name},{record_hash(data)},{len(data)}\n" for name, data, _ in entries)
    record += f"{info_dir}/RECORD,,\n"
    entries.append((f"{info_dir}/RECORD", record.encode("utf-8"), 0o644))
    os.makedirs(out_dir, exist_ok=True)
    family = platform_tag.split("_", 1)[0]  # manylinux, win, ...
    for old in glob.glob(os.path.join(out_dir, f"{NAME}-*-py3-none-{family}_*.whl")):
        os.remove(old)  # an earlier build's wheel for this platform, perhaps with another tag
    with zipfile.ZipFile(wheel_path, "w", zipfile.ZIP_DEFLATED) as whl:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16  # regular file + mode, as pip reads it
            info.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(info, data)
    return wheel_path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True)
    parser.add_argument("--platform-tag", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--readme", help="README.md to use as the long description")
    parser.add_argument("--purelib", action="append", default=[],
                        help="a file for .data/purelib/ (site-packages); repeatable")
    parser.add_argument("files", nargs="+", help="executables for .data/scripts/")
    args = parser.parse_args()
    readme = ""
    if args.readme:
        with open(args.readme, encoding="utf-8") as f:
            readme = f.read()
    print(build(args.version, args.platform_tag, args.files, args.out, readme, args.purelib))
    return 0


if __name__ == "__main__":
    sys.exit(main())
