#!/usr/bin/env python3
"""Refreshes config/compat.json (docs/compat.md, "Refreshing the tables from PyPI") from PyPI's
metadata, for this machine's interpreter and platform (run it with a Linux x86_64 CPython):
`pip install --dry-run --no-deps --report` reads only each wheel's .metadata file
(PEP 658), so nothing large is downloaded. For the newest release of every torch minor from
2.6 on it reads torch's Requires-Dist: its triton pin (torch_triton) and its CUDA pins
(torch_cuda_libraries: the nvidia-*-cu12 pins, or for CUDA 13 builds the cuda-toolkit[...]
pin, whose own metadata names the nvidia-* versions). For xformers releases newer than the
table it reads their torch requirement (xformers_torch: only an exact == pin makes a row). For
flash-attn it reports the newest release (PyPI has only its sdist, which names no torch).

    python3 scripts/update-compat.py            # prints what would change
    python3 scripts/update-compat.py --write    # and writes config/compat.json

The machine's pip configuration is not read (PIP_CONFIG_FILE=os.devnull and no PIP_* variable: no local
index or find-links, no constraints file), so PyPI itself answers. Rows already in the file are kept; new rows go
first (newest first). Exit status: 0, or 1 when pip fails (its output is shown).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

COMPAT = Path(__file__).resolve().parent.parent / "config" / "compat.json"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)(?:\[(?P<extras>[^\]]*)\])?\s*(?P<op>==|~=)\s*(?P<version>[^;,\s]+)"
                 r"(?P<rest>[^;]*)(?:;(?P<marker>.*))?$")


def pip(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"update-compat.py: pip {' '.join(args)} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout


def versions(name):
    """Every release of name on PyPI, newest first (pip index versions)."""
    out = pip("index", "versions", name)
    line = next(l for l in out.splitlines() if l.startswith("Available versions:"))
    return [v.strip() for v in line.split(":", 1)[1].split(",")]


def metadata(requirement):
    """The METADATA (as pip's --report gives it) of the one distribution requirement names."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        pip("install", "--dry-run", "--ignore-installed", "--no-deps", "--quiet", "--only-binary=:all:",
            "--report", str(report), requirement)
        return json.loads(report.read_text())["install"][0]["metadata"]


def linux_pins(meta, extras=()):
    """{name: (version, extras)} of the == / ~= pins that apply on Linux (or to one of extras)."""
    out = {}
    for req in meta.get("requires_dist", []):
        m = PIN.match(req.strip())
        if not m:
            continue
        marker = m["marker"] or ""
        extra = re.search(r'extra\s*==\s*"([^"]+)"', marker)
        if extra and extra.group(1) not in extras:
            continue
        if re.search(r'(platform_system|sys_platform)\s*==\s*"(Windows|win32|Darwin|darwin)"', marker):
            continue
        version = m["version"][:-2] if m["version"].endswith(".*") else m["version"]
        out[m["name"].lower().replace("_", "-")] = (version, m["extras"] or "")
    return out


def torch_row(version):
    """(torch_triton row, torch_cuda_libraries row or None) from torch==version's metadata."""
    pins = linux_pins(metadata(f"torch=={version}"))
    triton = pins.get("triton", pins.get("pytorch-triton", ("", "")))[0]
    libs = {k: v[0] for k, v in pins.items() if k.startswith("nvidia-")}
    if "cuda-toolkit" in pins:  # CUDA 13 builds: cuda-toolkit[cublas,cudart,...]==13.x.y
        tk_version, extras = pins["cuda-toolkit"]
        tk = linux_pins(metadata(f"cuda-toolkit=={tk_version}"), extras=[e.strip() for e in extras.split(",")])
        libs.update({k: v[0] for k, v in tk.items() if k.startswith("nvidia-")})
    short = {re.sub(r"^nvidia-|-cu1[0-9]$", "", k): v for k, v in libs.items()}
    if "cuda-runtime" not in short or "cudnn" not in short:
        return {"torch": version, "triton": triton}, None
    row = {"torch": version, "cuda": ".".join(short["cuda-runtime"].split(".")[:2])}
    for key in ("cuda-nvrtc", "cuda-runtime", "cublas", "cufft", "cudnn"):
        if key in short:
            row[key] = short[key]
    row["triton"] = triton
    return {"torch": version, "triton": triton}, row


def newest_per_minor(all_versions, since=(2, 6)):
    """The newest final release of each X.Y >= since, newest first."""
    seen = {}
    for v in all_versions:
        if not re.fullmatch(r"\d+\.\d+\.\d+", v):
            continue
        key = tuple(int(x) for x in v.split(".")[:2])
        if key >= since and key not in seen:
            seen[key] = v
    return [seen[k] for k in sorted(seen, reverse=True)]


def dump(data):
    """compat.json's own layout: two-space indent, each table row on one line."""
    def value(v, indent):
        if isinstance(v, dict) and "rows" in v:
            pad = " " * (indent + 2)
            items = [f'{pad}{json.dumps(k)}: {json.dumps(x, ensure_ascii=False)}' for k, x in v.items() if k != "rows"]
            rows = ",\n".join(f"{pad}  {json.dumps(r, ensure_ascii=False)}" for r in v["rows"])
            items.append(f'{pad}"rows": [\n{rows}\n{pad}]')
            return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
        text = json.dumps(v, indent=2, ensure_ascii=False)
        return text.replace("\n", "\n" + " " * indent)
    return "{\n" + ",\n".join(f"  {json.dumps(k)}: {value(v, 2)}" for k, v in data.items()) + "\n}\n"


def main(argv):
    write = argv == ["--write"]
    if argv and not write:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    data = json.loads(COMPAT.read_text(encoding="utf-8"))
    changes = []

    def add(table, row, key):
        rows = data[table]["rows"]
        if not any(all(r.get(k) == row.get(k) for k in key) for r in rows):
            new = [r for r in rows if r.get("_new")]
            rows.insert(len(new), dict(row, _new=True))
            changes.append(f"{table}: + {json.dumps(row)}")

    for version in newest_per_minor(versions("torch")):
        triton_row, libs_row = torch_row(version)
        if triton_row["triton"]:
            add("torch_triton", triton_row, ("torch",))
        if libs_row:
            add("torch_cuda_libraries", libs_row, ("torch", "cuda"))
    newest_known = data["xformers_torch"]["rows"][0]["xformers"]
    for version in versions("xformers"):
        if version == newest_known:
            break
        torch_req = [r for r in metadata(f"xformers=={version}").get("requires_dist", []) if r.startswith("torch")]
        exact = [r for r in torch_req if "==" in r]
        if exact:
            add("xformers_torch", {"xformers": version, "torch": exact[0].split("==")[1].split(";")[0].strip()},
                ("xformers",))
        else:
            changes.append(f"xformers_torch: xformers {version} requires {torch_req or 'no torch'} "
                           "(no exact pin: no row; --doctor reads the installed wheel's metadata)")
    fa = versions("flash-attn")[0]
    changes.append(f"flash_attn_torch: flash-attn {fa} is the newest on PyPI, an sdist naming no torch: no row")
    for table in ("torch_triton", "torch_cuda_libraries", "xformers_torch"):
        for row in data[table]["rows"]:
            row.pop("_new", None)
    print("\n".join(changes) or "no change")
    if write:
        COMPAT.write_text(dump(data), encoding="utf-8")
        print(f"wrote {COMPAT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
