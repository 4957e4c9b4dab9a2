#!/usr/bin/env python3
"""The GPU cases on an environment that is already there (docs/real-wheels.md, "GPU checks
on an existing environment"): runs tests/real/fw_child.py's GPU probes through the built
launcher against PYTHON's environment, installing nothing, and prints one line per case.

    scripts/gpu-check.sh PYTHON [--launcher FILE] [--other-cuda DIR]

Cases: torch (a cuBLAS matmul and a cuDNN convolution), CuPy (an NVRTC kernel), JAX (a jit
matmul, which XLA compiles with ptxas), onnxruntime (a CUDA session, where onnxruntime-gpu is
installed), --doctor (the driver's version, libcuda.so.1 loaded, no error finding); each
framework case again with a hostile LD_LIBRARY_PATH naming another CUDA's library folder
(--other-cuda, else /usr/local/cuda/lib64 or the first /usr/local/cuda-*/lib64). A case passes
when its result is right and every CUDA library it mapped lies in a folder the launcher put on
the loader path. Exit status: 0 all passed or skipped, 1 a case failed, 2 bad usage, 77
nothing ran (no GPU: nvidia-smi fails; every case prints "skipped: no GPU").
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHILD = REPO / "tests" / "real" / "fw_child.py"
sys.path.insert(0, str(CHILD.parent))
from onnx_relu import relu_model  # noqa: E402

# The CUDA-family libraries whose origin is checked; the driver's own are not the venv's.
CUDA_LIB = re.compile(r"^lib(cu|nv|cudnn|nccl)[^/]*\.so")
DRIVER_LIB = re.compile(r"^(libcuda\.so|libnvidia-|libnvcuda)")
FRAMEWORKS = [  # (case, module, probe, check of the report)
    ("torch cuBLAS matmul + cuDNN conv", "torch", "gpu-torch",
     lambda r: r["matmul_ok"] and r["conv"] == [9.0] * 9),
    ("CuPy NVRTC kernel", "cupy", "gpu-cupy", lambda r: r["y"] == [1.0 + 2.0 * i for i in range(8)]),
    ("JAX jit matmul (ptxas)", "jax", "gpu-jax", lambda r: r["matmul_ok"] and "cuda" in r["devices"][0].lower()),
    ("onnxruntime CUDA session", "onnxruntime", "gpu-ort",
     lambda r: r["providers"][0] == "CUDAExecutionProvider" and r["y"] == [0.0, 0.0, 2.0]),
]


def has_module(python, module):
    """True when PYTHON can find module (importlib.util.find_spec; nothing is imported)."""
    code = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([python, "-c", code], capture_output=True).returncode == 0


def other_cuda(given):
    """The hostile library folder: given, else /usr/local/cuda/lib64, else a /usr/local/cuda-*/lib64."""
    for folder in [given] if given else ["/usr/local/cuda/lib64"] + sorted(glob.glob("/usr/local/cuda-*/lib64")):
        if folder and os.path.isdir(folder):
            return folder
    return None


def run_probe(launcher, python, probe, args, hostile):
    """(report, error text) of fw_child.py PROBE ARGS through the launcher."""
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    if hostile:
        env["LD_LIBRARY_PATH"] = hostile
    cmd = [launcher, "--no-config", "--python", python, "--", "python", str(CHILD), probe, *args]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return None, "timed out after 120 s"
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1]), ""
    except (IndexError, ValueError):
        return None, f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"


def judge(report, check, hostile):
    """'' when the report is right and every CUDA library it mapped is in a folder the launcher
    added to LD_LIBRARY_PATH (never the hostile one); else why not."""
    if "error" in report:
        return report["error"]
    try:
        if not check(report):
            return "wrong result: " + json.dumps({k: v for k, v in report.items() if k not in ("maps", "traceback", "env")})
    except (KeyError, IndexError, TypeError) as e:
        return f"unexpected report ({e})"
    added = [p for p in (report["env"]["LD_LIBRARY_PATH"] or "").split(":") if p and p != hostile]
    strays = [m for m in report["maps"] if CUDA_LIB.match(os.path.basename(m)) and not DRIVER_LIB.match(
        os.path.basename(m)) and not any(m.startswith(folder.rstrip("/") + "/") for folder in added)]
    return "loaded from outside the environment: " + ", ".join(strays) if strays else ""


def doctor_case(launcher, python):
    proc = subprocess.run([launcher, "--no-config", "--doctor", "--json", "--python", python],
                          capture_output=True, text=True, timeout=120)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        return f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    driver = report.get("driver") or {}
    errors = [f["code"] for f in report.get("findings", []) if f.get("severity") == "error"]
    if not driver.get("loaded") or not driver.get("cuda_version"):
        return f"driver not seen: {driver}"
    return f"error findings: {errors}" if errors else f"ok (driver CUDA {driver['cuda_version']})"


def main(argv):
    parser = argparse.ArgumentParser(prog="scripts/gpu-check.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("python", help="the interpreter of the environment to check")
    parser.add_argument("--launcher", default=str(REPO / "build" / "release" / "launcher" / "run-with-cuda"))
    parser.add_argument("--other-cuda", help="a library folder of another CUDA, for the hostile cases")
    args = parser.parse_args(argv)
    if not os.access(args.launcher, os.X_OK) or not os.access(args.python, os.X_OK):
        print(f"gpu-check: {args.launcher} or {args.python} is not an executable file", file=sys.stderr)
        return 2
    hostile = other_cuda(args.other_cuda)
    cases = [(name, module, probe, check, h) for name, module, probe, check in FRAMEWORKS
             for h in (None, hostile or "")]
    smi = shutil.which("nvidia-smi")
    gpu = bool(smi) and subprocess.run([smi], capture_output=True).returncode == 0
    failed = ran = 0
    with tempfile.TemporaryDirectory() as tmp:
        model = str(relu_model(Path(tmp) / "relu.onnx"))
        for name, module, probe, check, h in cases:
            label = f"{name}{', hostile LD_LIBRARY_PATH=' + h if h else ''}{' (hostile: no other CUDA here)' if h == '' else ''}"
            if not gpu:
                result = "skipped: no GPU"
            elif h == "":
                result = "skipped: no other CUDA's library folder here (--other-cuda DIR)"
            elif not has_module(args.python, module):
                result = f"skipped: {module} is not installed"
            else:
                report, why = run_probe(args.launcher, args.python, probe, [model] if probe == "gpu-ort" else [], h)
                why = why or judge(report, check, h)
                ran += 1
                failed += bool(why)
                result = f"FAILED: {why}" if why else "ok"
            print(f"{label}: {result}", flush=True)
        result = "skipped: no GPU"
        if gpu:
            ran += 1
            result = doctor_case(args.launcher, args.python)
            failed += not result.startswith("ok")
        print(f"--doctor with the driver: {result}", flush=True)
    return 1 if failed else (0 if ran else 77)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
