#!/usr/bin/env python3
"""Writes tests/real/pins.toml: every wheel of every real-wheel set, pinned to one version
and to the sha256 of the file pip downloaded. Run by a developer to change the pins, never by
the tests (they only read pins.toml). Downloads into the tests' cache (wheelsets.cache_dir()),
so a run of lock.py also warms it.

    python3 tests/real/lock.py [SET...]     # the named sets (all by default) are re-pinned

A set with resolve = true is resolved with its dependencies (pip download, this machine's
interpreter and platform): the frameworks, whose CUDA wheels come from their own pins. Any
other set is taken as listed (--no-deps), for its platform tag.
"""
import hashlib
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

SPECS = {
    "linux-cu12": dict(target="linux", platform=LINUX, wheels=CU12 + CU12_LINUX_ONLY),
    "linux-cu13": dict(target="linux", platform=LINUX, wheels=CU13 + CU13_LINUX_ONLY),
    "linux-cu11": dict(target="linux", platform=LINUX,
                       wheels=["nvidia-cuda-runtime-cu11==11.8.89", "nvidia-cuda-nvrtc-cu11==11.8.89",
                               "nvidia-cublas-cu11==11.11.3.6", "nvidia-cudnn-cu11==8.9.6.50"]),
    # cu12 and cu13 wheels in one venv (paths that do not collide): the mixed-majors finding.
    "linux-mixed": dict(target="linux", platform=LINUX,
                        wheels=["nvidia-cuda-runtime==13.0.96", "nvidia-cuda-nvrtc==13.0.88",
                                "nvidia-cuda-runtime-cu12==12.9.79", "nvidia-cuda-nvrtc-cu12==12.9.86"]),
    "win-cu12": dict(target="windows", platform=WIN, wheels=CU12),
    "win-cu13": dict(target="windows", platform=WIN, wheels=CU13),
    "fw-onnxruntime": dict(target="linux", platform=LINUX, resolve=True,
                           wheels=["onnxruntime-gpu[cuda,cudnn]==1.23.2", "numpy==2.3.5"]),
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
    "fw-jax-cu12": dict(target="linux", platform=LINUX, resolve=True,
                        wheels=["jax[cuda12]==0.10.2", "numpy==2.3.5", "nvidia-nccl-cu12==2.27.3",
                                "nvidia-nvshmem-cu12==3.4.5"] + CU12),
}

WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pin(name, spec, python):
    """The pinned lines of one set: 'name==version --hash=sha256:HEX', sorted by name."""
    wheels = wheelsets.cache_dir() / "wheels"
    wheels.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "req.txt"
        req.write_text("\n".join(spec["wheels"]) + "\n")
        staging = Path(tmp) / "dl"
        args = [python, "-m", "pip", "download", "--progress-bar", "off", "-d", str(staging), "-r", str(req),
                "--find-links", str(wheels)]
        if spec.get("resolve"):
            args += ["--only-binary=:all:"]
        else:
            probe = wheelsets.WheelSet(name, spec["target"], PY, spec["platform"], [])
            args += ["--no-deps"] + wheelsets._pip_platform_args(probe)
        subprocess.run(args, check=True)
        lines = []
        for whl in sorted(staging.glob("*.whl")):
            m = WHEEL_NAME.match(whl.name)
            if not m:
                raise SystemExit(f"lock.py: cannot parse the wheel name {whl.name}")
            target = wheels / whl.name
            if not target.exists():
                whl.replace(target)
            dist = m["name"].lower().replace("_", "-")
            lines.append(f"{dist}=={m['version']} --hash=sha256:{sha256(target)}")
    return sorted(lines)


def main(argv):
    python = wheelsets.find_python(PY)
    if python is None:
        raise SystemExit(f"lock.py: no CPython {PY} here")
    old = wheelsets.load_sets() if wheelsets.PINS.exists() else {}
    out = ["# The real-wheel sets of tests/real, pinned: written by tests/real/lock.py, read by",
           "# tests/real/wheelsets.py. Each line is a pip requirement with the file's sha256.", ""]
    for name, spec in SPECS.items():
        if argv and name not in argv and name in old:
            lines = old[name].lines
        else:
            lines = pin(name, spec, python)
        out.append(f"[{name}]")
        out.append(f'target = "{spec["target"]}"')
        out.append(f'python = "{PY}"')
        out.append(f'platform = "{spec["platform"]}"')
        out.append("wheels = [")
        out += [f'  "{line}",' for line in lines]
        out += ["]", ""]
    wheelsets.PINS.write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
