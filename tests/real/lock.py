#!/usr/bin/env python3
"""Writes tests/real/pins.toml (the pinned track) or tests/real/pins-latest.toml (the latest
track): every wheel of every real-wheel set, pinned to one version and to the sha256 of the
one file pip would install. Run by a developer to change the pins, never by the tests (they
only read the pins files). Nothing large is downloaded: pip install --dry-run --report reads
the index's metadata and names each chosen file with its sha256 (docs/real-wheels.md,
"Two tracks").

    python3 tests/real/lock.py [SET...]            # pins.toml: the named sets (all by default)
    python3 tests/real/lock.py --latest [SET...]   # pins-latest.toml: the newest releases

A set with resolve = true is resolved with its dependencies (this machine's interpreter and
platform): the frameworks, whose CUDA wheels come from their own requirements. Any other set
is taken as listed (--no-deps), for its platform tag. The latest track takes every set's
requirements without their versions (extras kept), so each package is at its newest release
that the others allow. pip runs without this machine's pip configuration (PIP_CONFIG_FILE
/dev/null): a local constraint or index must not decide what PyPI's newest release is.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import wheelsets

PY = "3.11"
LINUX = "linux_x86_64"  # this host: pip picks the manylinux tags it accepts
WIN = "win_amd64"

CU12 = ["nvidia-cuda-runtime-cu12==12.9.79", "nvidia-cuda-nvrtc-cu12==12.9.86", "nvidia-nvjitlink-cu12==12.9.86",
        "nvidia-cuda-nvcc-cu12==12.9.86", "nvidia-cublas-cu12==12.9.1.4", "nvidia-cudnn-cu12==9.10.2.21",
        "nvidia-cufft-cu12==11.4.1.4", "nvidia-curand-cu12==10.3.10.19", "nvidia-cusparse-cu12==12.5.10.65",
        "nvidia-cusolver-cu12==11.7.5.82", "nvidia-cuda-cupti-cu12==12.9.79", "nvidia-nvtx-cu12==12.9.79",
        "nvidia-nvfatbin-cu12==12.9.82", "nvidia-cusparselt-cu12==0.7.1", "nvidia-cudss-cu12==0.7.1.4",
        "cutensor-cu12==2.3.1"]
CU12_LINUX_ONLY = ["nvidia-nccl-cu12==2.27.3", "nvidia-cublasmp-cu12==0.10.0.3695",
                   "nvidia-cufftmp-cu12==11.4.0.6.post1", "custatevec-cu12==1.15.0",
                   "nvidia-nvshmem-cu12==3.4.5"]
CU13 = ["nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88", "nvidia-nvjitlink==13.0.88",
        "nvidia-cuda-nvcc==13.0.88", "nvidia-cuda-crt==13.0.88", "nvidia-nvvm==13.0.88",
        "nvidia-cuda-cccl==13.0.85", "nvidia-cublas==13.1.1.3", "nvidia-cudnn-cu13==9.24.0.43",
        "nvidia-cufft==12.0.0.61", "nvidia-curand==10.4.0.35", "nvidia-cusparse==12.6.3.3",
        "nvidia-cusolver==12.0.4.66", "nvidia-cuda-cupti==13.0.85", "nvidia-nvtx==13.0.85",
        "nvidia-nvfatbin==13.0.85", "nvidia-cusparselt-cu13==0.8.1", "nvidia-cudss-cu13==0.7.1.4",
        "cutensor-cu13==2.3.1"]
CU13_LINUX_ONLY = ["nvidia-nccl-cu13==2.30.7", "nvidia-nvshmem-cu13==3.4.5", "nvidia-cufile==1.15.1.6",
                   "nvidia-cublasmp-cu13==0.10.0.3695"]

# The CUDA 12 distributions of tensorflow[and-cuda] (its NCCL is pinned on its own).
TF_CUDA = tuple(f"nvidia-{n}-cu12==" for n in ("cublas", "cuda-cupti", "cuda-nvcc", "cuda-nvrtc", "cuda-runtime",
                                                "cudnn", "cufft", "curand", "cusolver", "cusparse", "nvjitlink"))

SPECS = {
    "linux-cu12": dict(target="linux", platform=LINUX, wheels=CU12 + CU12_LINUX_ONLY),
    "linux-cu13": dict(target="linux", platform=LINUX, wheels=CU13 + CU13_LINUX_ONLY),
    "linux-cu11": dict(target="linux", platform=LINUX,
                       wheels=["nvidia-cuda-runtime-cu11==11.8.89", "nvidia-cuda-nvrtc-cu11==11.8.89",
                               "nvidia-cublas-cu11==11.11.3.6", "nvidia-cudnn-cu11==8.9.6.50"]),
    # cu12 and cu13 wheels in one venv: the mixed-majors finding, and the sonames both majors
    # ship (cuSPARSE, cuRAND, cuFile: nvidia/cu13/lib and the CUDA 12 package folders), each
    # named once by --doctor with the copy that loads (docs/layouts.md, "The same soname in two
    # folders"). nvJitLink of both majors: each cuSPARSE's dependency (its sonames differ).
    # The pins of linux-cu12 / linux-cu13, but nvidia-cufile-cu12 (CUDA 12.9's cuFile).
    "linux-mixed": dict(target="linux", platform=LINUX,
                        wheels=["nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88",
                                "nvidia-cuda-runtime-cu12==12.9.79", "nvidia-cuda-nvrtc-cu12==12.9.86",
                                "nvidia-cusparse==12.6.3.3", "nvidia-cusparse-cu12==12.5.10.65",
                                "nvidia-curand==10.4.0.35", "nvidia-curand-cu12==10.3.10.19",
                                "nvidia-cufile==1.15.1.6", "nvidia-cufile-cu12==1.14.1.1",
                                "nvidia-nvjitlink==13.0.88", "nvidia-nvjitlink-cu12==12.9.86"]),
    "win-cu12": dict(target="windows", platform=WIN, wheels=CU12),
    "win-cu13": dict(target="windows", platform=WIN, wheels=CU13),
    # Held to linux-cu12's cuBLAS and cuDNN (its extras allow them), so that the set shares
    # their files in uv's cache instead of adding 1.9 GB of newer copies (docs/real-wheels.md,
    # "Disk and time").
    "fw-onnxruntime": dict(target="linux", platform=LINUX, resolve=True,
                           wheels=["onnxruntime-gpu[cuda,cudnn]==1.23.2", "numpy==2.3.5",
                                   "nvidia-cublas-cu12==12.9.1.4", "nvidia-cudnn-cu12==9.10.2.21"]),
    "fw-ctranslate2": dict(target="linux", platform=LINUX, resolve=True,
                           wheels=["ctranslate2==4.6.0", "nvidia-cublas-cu12==12.9.1.4",
                                   "nvidia-cudnn-cu12==9.10.2.21", "numpy==2.3.5"]),
    "fw-cupy": dict(target="linux", platform=LINUX, resolve=True,
                    wheels=["cupy-cuda12x==13.6.0", "nvidia-cuda-runtime-cu12==12.9.79",
                            "nvidia-cuda-nvrtc-cu12==12.9.86", "nvidia-cublas-cu12==12.9.1.4",
                            "nvidia-curand-cu12==10.3.10.19", "numpy==2.3.5"]),
    # The Quick start's demo (scripts/demo.sh): small real CUDA 13 wheels, enough to compile a
    # kernel with NVRTC and link it with nvJitLink on a machine without a GPU.
    "demo": dict(target="linux", platform=LINUX,
                 wheels=["nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88", "nvidia-nvjitlink==13.0.88"]),
    # Jupyter kernels (docs/integrations.md, "Jupyter kernels"): the real jupyter_client,
    # ipykernel, nbclient and nbconvert beside the demo's CUDA 13 runtime and NVRTC pins.
    "jupyter": dict(target="linux", platform=LINUX, resolve=True,
                    wheels=["nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88", "ipykernel==7.4.0",
                            "jupyter-client==8.10.0", "jupyter-core==5.9.1", "nbclient==0.11.0",
                            "nbconvert==7.17.2"]),
    "fw-torch": dict(target="linux", platform=LINUX, resolve=True, wheels=["torch==2.14.1"]),
    # The distributed launchers' cases on Open MPI and a local Ray cluster
    # (tests/real/test_distributed.py): Ray without extras (no dashboard), with the demo's
    # CUDA 13 runtime and NVRTC for the ranks and workers to load.
    "dist": dict(target="linux", platform=LINUX, resolve=True,
                 wheels=["ray==2.60.0", "nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88"]),
    # A PyInstaller one-folder bundle built in the test (docs/packaged-apps.md, "PyInstaller
    # bundles"): PyInstaller and the demo set's CUDA 13 runtime and NVRTC, at the same pins so
    # that the wheels are shared.
    "pyinstaller": dict(target="linux", platform=LINUX, resolve=True,
                        wheels=["pyinstaller==6.22.3", "nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88"]),
    # JAX with the CUDA wheels of its [cudaNN] extra, held to the pins of linux-cu13 /
    # linux-cu12 (each satisfies jax-cudaNN-plugin[with-cuda]'s lower bounds), so that the
    # sets share those wheel files, and uv's unpacked copies, with the other sets.
    "fw-jax-cu13": dict(target="linux", platform=LINUX, resolve=True,
                        wheels=["jax[cuda13]==0.10.2", "numpy==2.3.5"] + CU13 + CU13_LINUX_ONLY),
    # Triton alone, with the demo set's CUDA 13 wheels: which ptxas it runs under the launcher.
    "fw-triton": dict(target="linux", platform=LINUX, resolve=True,
                      wheels=["triton==3.9.0", "nvidia-cuda-nvcc==13.0.88", "nvidia-cuda-crt==13.0.88",
                              "nvidia-nvvm==13.0.88", "nvidia-cuda-runtime==13.0.96"]),
    # cuda-python (cuda-bindings, cuda-core, cuda-pathfinder) on the demo set's CUDA 13 wheels
    # and nvcc: what pathfinder finds under the launcher.
    "fw-cuda-python": dict(target="linux", platform=LINUX, resolve=True,
                           wheels=["cuda-python==13.4.4", "numpy==2.3.5", "nvidia-cuda-runtime==13.0.96",
                                   "nvidia-cuda-nvrtc==13.0.88", "nvidia-nvjitlink==13.0.88",
                                   "nvidia-cuda-nvcc==13.0.88", "nvidia-cuda-crt==13.0.88", "nvidia-nvvm==13.0.88"]),
    # TensorFlow with the CUDA 12 wheels of its [and-cuda] extra, as its install guide says,
    # held to linux-cu12's pins (they satisfy its bounds) but NCCL, which must be >= 2.27.7.
    "fw-tensorflow": dict(target="linux", platform=LINUX, resolve=True,
                          wheels=["tensorflow[and-cuda]==2.21.0", "nvidia-nccl-cu12==2.27.7"]
                          + [w for w in CU12 + CU12_LINUX_ONLY if w.startswith(TF_CUDA)]),
    # Numba's CUDA target (numba-cuda, with the CUDA 13 wheels of its [cu13] extra, held to the
    # demo set's CUDA 13.0 pins): what cuda-pathfinder finds for it, and NVVM and libdevice.
    "fw-numba": dict(target="linux", platform=LINUX, resolve=True,
                     wheels=["numba-cuda[cu13]==0.30.4", "numpy==2.3.5", "cuda-toolkit==13.0.3.0",
                             "nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88",
                             "nvidia-nvjitlink==13.0.88", "nvidia-nvvm==13.0.88", "nvidia-cuda-cccl==13.0.85"]),
    "fw-jax-cu12": dict(target="linux", platform=LINUX, resolve=True,
                        wheels=["jax[cuda12]==0.10.2", "numpy==2.3.5", "nvidia-nccl-cu12==2.27.3",
                                "nvidia-nvshmem-cu12==3.4.5"] + CU12),
}

# The latest track's requirements of a set whose newest release is another distribution than
# its pinned one: CuPy 14 for CUDA 13, with the toolkit wheels of its own [ctk] extra.
LATEST_WHEELS = {
    "fw-cupy": ["cupy-cuda13x[ctk]", "numpy"],
}


def unpinned(requirement):
    """The requirement without its version: 'jax[cuda13]==0.10.2' -> 'jax[cuda13]'."""
    return re.split(r"[=<>!~]", requirement, maxsplit=1)[0].strip()


def latest_spec(name, spec):
    """The latest track's spec of a set: its LATEST_WHEELS, else every requirement of the
    pinned spec unpinned (extras kept)."""
    return dict(spec, wheels=LATEST_WHEELS.get(name) or [unpinned(r) for r in spec["wheels"]])


def _sha256_of(item):
    info = item["download_info"]["archive_info"]
    digest = info.get("hashes", {}).get("sha256")
    if not digest and info.get("hash", "").startswith("sha256="):
        digest = info["hash"][len("sha256="):]
    if not digest:
        raise SystemExit(f"lock.py: no sha256 for {item['download_info']['url']}")
    return digest


def pin(name, spec, python):
    """The pinned lines of one set: 'name==version --hash=sha256:HEX', sorted by name."""
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "req.txt"
        req.write_text("\n".join(spec["wheels"]) + "\n")
        report = Path(tmp) / "report.json"
        args = [python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                "--only-binary=:all:", "--report", str(report), "-r", str(req)]
        if not spec.get("resolve"):
            probe = wheelsets.WheelSet(name, spec["target"], PY, spec["platform"], [])
            args += ["--no-deps"] + wheelsets._pip_platform_args(probe)
            if spec["target"] == "windows":
                args += ["--target", str(Path(tmp) / "target")]
        env = dict(os.environ, PIP_CONFIG_FILE=os.devnull)
        for var in ("PIP_FIND_LINKS", "PIP_CONSTRAINT", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL"):
            env.pop(var, None)
        subprocess.run(args, check=True, env=env)
        lines = []
        for item in json.loads(report.read_text())["install"]:
            dist = item["metadata"]["name"].lower().replace("_", "-").replace(".", "-")
            lines.append(f"{dist}=={item['metadata']['version']} --hash=sha256:{_sha256_of(item)}")
    return sorted(lines)


def main(argv):
    latest = argv[:1] == ["--latest"]
    argv = argv[1:] if latest else argv
    python = wheelsets.find_python(PY)
    if python is None:
        raise SystemExit(f"lock.py: no CPython {PY} here")
    pins = wheelsets.pins_file("latest" if latest else "pinned")
    old = wheelsets.load_sets(pins) if pins.exists() else {}
    track = "the newest releases (latest track)" if latest else "pinned"
    out = [f"# The real-wheel sets of tests/real, {track}: written by tests/real/lock.py, read",
           "# by tests/real/wheelsets.py. Each line is a pip requirement with the file's sha256.", ""]
    for name, spec in SPECS.items():
        spec = latest_spec(name, spec) if latest else spec
        if argv and name not in argv and name in old:
            lines = old[name].lines
        else:
            print(f"lock.py: resolving {name}", file=sys.stderr, flush=True)
            lines = pin(name, spec, python)
        out.append(f"[{name}]")
        out.append(f'target = "{spec["target"]}"')
        out.append(f'python = "{PY}"')
        out.append(f'platform = "{spec["platform"]}"')
        out.append("wheels = [")
        out += [f'  "{line}",' for line in lines]
        out += ["]", ""]
    pins.write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
