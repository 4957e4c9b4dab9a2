"""Triton 3.9 (set fw-triton: triton with the CUDA 13 nvcc wheels) under the real launcher:
which ptxas Triton runs (triton.knobs.nvidia.ptxas: TRITON_PTXAS_PATH, else its bundled
backends/nvidia/bin/ptxas; Triton 3.9 looks neither on PATH nor in CUDA_PATH), and that
--doctor's cuda.triton_ptxas names the same file, with a system CUDA first on the caller's
PATH. docs/real-wheels.md ("Triton") records the results."""
import json

import pytest

from conftest import clean_env, doctor, prepared, run

SYSTEM_CUDA_BIN = "/usr/local/cuda-13.0/bin"
PROBE = "from triton import knobs; t = knobs.nvidia.ptxas; print(t.path); print(t.version)"


def caller_env(**extra):
    env = clean_env(**extra)
    env["PATH"] = f"{SYSTEM_CUDA_BIN}:" + env["PATH"]
    return env


@pytest.mark.parametrize("variable", [None, "venv", "missing"])
def test_doctor_names_the_ptxas_triton_runs(launcher, variable):
    wset, root = prepared("fw-triton")
    site = root / "lib" / f"python{wset.python}" / "site-packages"
    bundled = site / "triton" / "backends" / "nvidia" / "bin" / "ptxas"
    extra, expected = {}, bundled
    if variable == "venv":
        extra["TRITON_PTXAS_PATH"] = str(site / "nvidia" / "cu13" / "bin" / "ptxas")
        expected = site / "nvidia" / "cu13" / "bin" / "ptxas"
    elif variable == "missing":  # Triton falls back to its bundled ptxas
        extra["TRITON_PTXAS_PATH"] = "/nonexistent/ptxas"
    env = caller_env(**extra)
    out = run([launcher, "--no-config", "--python", root, "--", "python", "-c", PROBE], env=env).stdout.split()
    print(f"--- TRITON_PTXAS_PATH={extra.get('TRITON_PTXAS_PATH')}: Triton runs {out[0]} (CUDA {out[1]})")
    assert out[0] == str(expected), out
    status, report = doctor([launcher], root, env=env)
    assert report["cuda"]["triton_ptxas"] == str(expected), json.dumps(report["cuda"])[:2000]
    assert "triton-no-ptxas" not in [f["code"] for f in report["findings"]]
