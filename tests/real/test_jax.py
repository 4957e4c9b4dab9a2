"""JAX (sets fw-jax-cu13 and fw-jax-cu12 of pins.toml: jax[cuda13] and jax[cuda12] on the
CUDA wheels of linux-cu13 / linux-cu12) under the real launcher, on a machine without a GPU:
jax.devices() falls back to the CPU for want of a driver only; every shared library of
jax_plugins/ and jaxlib/ resolves its CUDA-family DT_NEEDED entries into the venv (ldd under
the launcher, with a system CUDA 13 first on the caller's LD_LIBRARY_PATH and PATH); and the
ptxas and nvlink XLA would run are the venv's. docs/real-wheels.md ("JAX") records the results.
"""
import os
import re
from pathlib import Path

import pytest

from conftest import clean_env, cuda_dt_needed, doctor, prepared, run

SETS = ["fw-jax-cu13", "fw-jax-cu12"]
SYSTEM_CUDA = "/usr/local/cuda-13.0"
# A loader's or JAX's words for a library it could not find.
# (Case-sensitive: JAX's hint "... JAX was unable to load the CUDA libraries" after a cuInit
# failure is its guess at the cause, not a library that failed to load.)
MISSING = re.compile(r"cannot open shared object file|Unable to load|Cannot dlopen|not found")
# CUPTI's answer without a driver (13.5), and the guess JAX adds to it.
CUPTI_NO_DRIVER = "operation cuptiGetVersion(&version) failed: Unknown CUPTI error 999"
CUPTI_GUESS = "Unable to load cuPTI. Is it installed?"
PROBE = ("import jax, os, shutil, sys\n"
         "print('DEVICES', jax.devices())\n"
         "from jax._src import lib\n"
         "print('CUDA_PATH_OF_JAX', lib.cuda_path)\n"
         "print('XLA_FLAGS', os.environ.get('XLA_FLAGS'))\n"
         "print('WHICH', shutil.which('ptxas'), shutil.which('nvlink'))\n"
         "import re\n"
         "print('MAPPED', ' '.join(sorted({l.split()[-1] for l in open('/proc/self/maps')\n"
         "      if re.search(r'/lib(cu|nv|nccl)[^/]*[.]so', l)})))\n")


def hostile_env():
    """The caller's environment with a system CUDA 13 first on LD_LIBRARY_PATH and PATH."""
    env = clean_env(LD_LIBRARY_PATH=f"{SYSTEM_CUDA}/lib64")
    env["PATH"] = f"{SYSTEM_CUDA}/bin:" + env["PATH"]
    return env


def launched(launcher, root, args, env):
    return run([launcher, "--no-config", "--python", root, "--", *args], env=env)


def values(stdout, key):
    return [line.split(" ", 1)[1] for line in stdout.splitlines() if line.startswith(key + " ")]


@pytest.mark.parametrize("name", SETS)
def test_jax_devices_fall_back_to_the_cpu_for_want_of_a_driver_only(launcher, name):
    wset, root = prepared(name)
    direct = run([root / "bin" / "python", "-c", PROBE], env=clean_env())
    under = launched(launcher, root, ["python", "-c", PROBE], hostile_env())
    for what, proc in (("without the launcher", direct), ("under the launcher", under)):
        print(f"--- {name}, {what}: stderr\n{proc.stderr.strip()}\n--- stdout\n{proc.stdout.strip()}")
    assert values(under.stdout, "DEVICES") == ["[CpuDevice(id=0)]"], under.stdout
    # The only complaint is the driver's: cuInit fails, no library is missing. CUPTI 13.5's
    # cuptiGetVersion returns 999 (CUPTI_ERROR_UNKNOWN) without a driver, though loaded from
    # the venv, and JAX then says "Unable to load cuPTI. Is it installed?" (13.0's returns 0):
    # that guess is taken out only where the venv's libcupti is mapped and the same happens
    # without the launcher (docs/real-wheels.md, "The latest track's frameworks").
    stderr = under.stderr
    if CUPTI_NO_DRIVER in stderr:
        (mapped,) = values(under.stdout, "MAPPED")
        cupti = [m for m in mapped.split() if "/libcupti.so" in m]
        site = str(root / "lib" / f"python{wset.python}" / "site-packages") + "/"
        assert cupti and all(m.startswith(site) for m in cupti), mapped
        assert CUPTI_NO_DRIVER in direct.stderr, direct.stderr
        stderr = stderr.replace(CUPTI_GUESS, "")
    assert not MISSING.search(stderr), stderr
    assert "cuInit(0) failed" in stderr or "no CUDA-capable device" in stderr or CUPTI_NO_DRIVER in stderr, stderr


@pytest.mark.parametrize("name", SETS)
def test_jax_shared_libraries_resolve_into_the_venv(launcher, name):
    wset, root = prepared(name)
    site = root / "lib" / f"python{wset.python}" / "site-packages"
    files = sorted(str(p) for top in ("jax_plugins", "jaxlib") for p in (site / top).rglob("*.so*") if p.is_file())
    assert files, f"no shared library under {site}/jax_plugins or jaxlib"
    seen, driver = cuda_dt_needed([launcher, "--no-config", "--python", root, "--"], files, hostile_env())
    print(f"--- {name}: CUDA-family DT_NEEDED of {len(files)} files: "
          + (", ".join(f"{k} => {sorted(v)}" for k, v in sorted(seen.items())) or "none"))
    print(f"--- {name}: files that need the driver's libcuda.so.1: {sorted(os.path.relpath(d, site) for d in driver)}")
    for soname, targets in seen.items():
        for target in targets:
            assert target.startswith(str(site) + "/"), f"{soname} resolves to {target}, not into the venv"
            assert not target.startswith(SYSTEM_CUDA), target
    # JAX links none of them: it dlopens each by its absolute path in the venv. What is
    # mapped after jax.devices(), under the launcher with a hostile LD_LIBRARY_PATH and
    # without the launcher, is the venv's, and the same files.
    under = launched(launcher, root, ["python", "-c", PROBE], hostile_env()).stdout
    direct = run([root / "bin" / "python", "-c", PROBE], env=hostile_env()).stdout
    (mapped,) = values(under, "MAPPED")
    print(f"--- {name}: CUDA libraries mapped after jax.devices(): {mapped}")
    assert mapped, "no CUDA library mapped: the check checks nothing"
    assert all(m.startswith(str(site) + "/") for m in mapped.split()), mapped
    assert values(direct, "MAPPED") == [mapped]


@pytest.mark.parametrize("name", SETS)
def test_xla_runs_the_venvs_ptxas_and_nvlink(launcher, name):
    """XLA looks for bin/ptxas and bin/nvlink first under the data folder JAX passes it
    (jax._src.lib.cuda_path, which overrides XLA_FLAGS' --xla_gpu_cuda_data_dir), then in
    other CUDA roots and on PATH; that folder and the PATH the launcher builds must both
    give the venv's, though a system CUDA's bin comes first on the caller's PATH."""
    wset, root = prepared(name)
    site = str(root / "lib" / f"python{wset.python}" / "site-packages") + "/"
    out = launched(launcher, root, ["python", "-c", PROBE], hostile_env()).stdout
    (data_dir,) = values(out, "CUDA_PATH_OF_JAX")
    assert data_dir.startswith(site), out
    assert Path(data_dir, "bin", "ptxas").is_file() and Path(data_dir, "nvvm/libdevice/libdevice.10.bc").is_file()
    ptxas, nvlink = values(out, "WHICH")[0].split()
    assert ptxas.startswith(site), f"ptxas on PATH is {ptxas}"
    # The launcher's XLA_FLAGS names the same folder (rule 3b), for XLA users other than JAX:
    # cu13 (the toolkit root), or cuda_nvcc beside a CUDA 12 root (cuda_runtime) without libdevice.
    assert values(out, "XLA_FLAGS") == [f"--xla_gpu_cuda_data_dir={data_dir}"], out
    if name == "fw-jax-cu13":
        assert Path(data_dir, "bin", "nvlink").is_file() and nvlink.startswith(site), out
    else:
        # NVIDIA's CUDA 12 wheels ship no nvlink (docs/real-wheels.md, "JAX"): the one found
        # is the system's.
        assert not Path(data_dir, "bin", "nvlink").exists() and nvlink.startswith(SYSTEM_CUDA), out


@pytest.mark.parametrize("name", SETS)
def test_doctor_finds_xlas_libdevice_and_ptxas(launcher, name):
    """--doctor's XLA rule agrees with what JAX passes XLA: the folder it names is
    jax._src.lib.cuda_path, which holds both files, so no xla-no-libdevice finding."""
    wset, root = prepared(name)
    status, report = doctor([launcher], root, env=hostile_env())
    codes = [f["code"] for f in report["findings"]]
    assert "xla-no-libdevice" not in codes, report["findings"]
    out = launched(launcher, root, ["python", "-c", PROBE], hostile_env()).stdout
    (data_dir,) = values(out, "CUDA_PATH_OF_JAX")
    assert Path(data_dir, "nvvm/libdevice/libdevice.10.bc").is_file(), data_dir
