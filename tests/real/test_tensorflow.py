"""TensorFlow (set fw-tensorflow of pins.toml: tensorflow[and-cuda], CUDA 12 wheels) under the
real launcher, on a machine without a GPU, with a system CUDA 13 first on the caller's
LD_LIBRARY_PATH and PATH: no GPU is listed for want of a driver only; every shared library of
tensorflow/ resolves its CUDA-family DT_NEEDED entries into the venv (ldd under the launcher);
tf.sysconfig.get_build_info()'s CUDA and cuDNN majors are those of the runtime and cuDNN that
load; XLA is pointed at the venv's libdevice and ptxas (rule 3b: nvidia/cuda_nvcc), and
--doctor warns when it is not. docs/real-wheels.md ("TensorFlow") records the results.
"""
import json
import os
import re
from pathlib import Path

import pytest

from conftest import clean_env, cuda_dt_needed, doctor, prepared, run

NAME = "fw-tensorflow"
SYSTEM_CUDA = "/usr/local/cuda-13.0"
# TensorFlow's words for a GPU library it could not load (tsl's dso_loader, GPU device setup).
MISSING = re.compile(r"Cannot dlopen some GPU libraries|cannot open shared object file: No such file or directory"
                     r"(?!.*libcuda\.so\.1)|Could not load dynamic library '(?!libcuda\.so\.1)")
PROBE = ("import os, re, shutil\n"
         "import tensorflow as tf\n"
         "info = tf.sysconfig.get_build_info()\n"
         "print('BUILD', info.get('cuda_version'), info.get('cudnn_version'))\n"
         "print('GPUS', tf.config.list_physical_devices('GPU'))\n"
         "print('XLA_FLAGS', os.environ.get('XLA_FLAGS'))\n"
         "print('PTXAS', shutil.which('ptxas'))\n"
         "print('MAPPED', ' '.join(sorted({l.split()[-1] for l in open('/proc/self/maps')\n"
         "      if re.search(r'/lib(cu|nv|nccl)[^/]*[.]so', l)})))\n")
# What TensorFlow's loader opens by soname once a GPU is there (libcudart.so.12, libcudnn.so.9),
# opened the same way (dlopen by soname), with the versions each reports.
VERSIONS = ("import ctypes, re\n"
            "v = ctypes.c_int()\n"
            "rt = ctypes.CDLL('libcudart.so.12'); rt.cudaRuntimeGetVersion(ctypes.byref(v))\n"
            "print('CUDART', v.value)\n"
            "dnn = ctypes.CDLL('libcudnn.so.9'); dnn.cudnnGetVersion.restype = ctypes.c_size_t\n"
            "print('CUDNN', dnn.cudnnGetVersion())\n"
            "print('MAPPED', ' '.join(sorted({l.split()[-1] for l in open('/proc/self/maps')\n"
            "      if re.search(r'/lib(cudart|cudnn)[^/]*[.]so', l)})))\n")


def hostile_env(**extra):
    """The caller's environment with a system CUDA 13 first on LD_LIBRARY_PATH and PATH."""
    env = clean_env(LD_LIBRARY_PATH=f"{SYSTEM_CUDA}/lib64", TF_CPP_MIN_LOG_LEVEL="0", **extra)
    env["PATH"] = f"{SYSTEM_CUDA}/bin:" + env["PATH"]
    return env


def launched(launcher, root, args, env):
    return run([launcher, "--no-config", "--python", root, "--", *args], env=env)


def values(stdout, key):
    return [line.split(" ", 1)[1] for line in stdout.splitlines() if line.startswith(key + " ")]


def site_of(wset, root):
    return root / "lib" / f"python{wset.python}" / "site-packages"


def test_no_gpu_for_want_of_a_driver_only(launcher):
    wset, root = prepared(NAME)
    direct = run([root / "bin" / "python", "-c", PROBE], env=hostile_env())
    under = launched(launcher, root, ["python", "-c", PROBE], hostile_env())
    for what, proc in (("without the launcher", direct), ("under the launcher", under)):
        print(f"--- {NAME}, {what}: stderr\n{proc.stderr.strip()}\n--- stdout\n{proc.stdout.strip()}")
    assert values(under.stdout, "GPUS") == ["[]"], under.stdout
    # The only complaint is the driver's: cuInit fails (or libcuda.so.1 is absent), no library is missing.
    assert not MISSING.search(under.stderr), under.stderr
    assert "cuInit" in under.stderr or "libcuda.so.1" in under.stderr, under.stderr


def test_tensorflow_shared_libraries_resolve_into_the_venv(launcher):
    wset, root = prepared(NAME)
    site = site_of(wset, root)
    files = sorted(str(p) for p in (site / "tensorflow").rglob("*.so*") if p.is_file())
    assert files, f"no shared library under {site}/tensorflow"
    seen, driver = cuda_dt_needed([launcher, "--no-config", "--python", root, "--"], files, hostile_env())
    print(f"--- {NAME}: CUDA-family DT_NEEDED of {len(files)} files: "
          + (", ".join(f"{k} => {sorted(v)}" for k, v in sorted(seen.items())) or "none"))
    print(f"--- {NAME}: files that need the driver's libcuda.so.1: {sorted(os.path.relpath(d, site) for d in driver)}")
    for soname, targets in seen.items():
        for target in targets:
            assert target.startswith(str(site) + "/"), f"{soname} resolves to {target}, not into the venv"
    # Mapped after import and device listing: the venv's, under the launcher and without it
    # (TensorFlow's RUNPATH names ../nvidia/*/lib), the hostile LD_LIBRARY_PATH notwithstanding.
    under = launched(launcher, root, ["python", "-c", PROBE], hostile_env()).stdout
    (mapped,) = values(under, "MAPPED")
    print(f"--- {NAME}: CUDA libraries mapped under the launcher: {mapped}")
    assert mapped and all(m.startswith(str(site) + "/") for m in mapped.split()), mapped


def test_build_info_matches_the_cuda_and_cudnn_that_load(launcher):
    """get_build_info() names the CUDA and cuDNN TensorFlow was built with; the runtime and
    cuDNN that its loader's sonames give under the launcher are the venv's, of the same majors
    and no older. Without the launcher, a plain dlopen by soname finds neither (the control)."""
    wset, root = prepared(NAME)
    site = str(site_of(wset, root)) + "/"
    build = values(launched(launcher, root, ["python", "-c", PROBE], hostile_env()).stdout, "BUILD")
    (build_cuda, build_cudnn) = build[0].split()
    under = launched(launcher, root, ["python", "-c", VERSIONS], hostile_env()).stdout
    direct = run([root / "bin" / "python", "-c", VERSIONS], env=hostile_env(), check=False)
    print(f"--- {NAME}: built with CUDA {build_cuda}, cuDNN {build_cudnn}; under the launcher: {under.strip()}")
    print(f"--- {NAME}, without the launcher (exit {direct.returncode}): {direct.stderr.strip()[-400:]}")
    (cudart,) = values(under, "CUDART")
    (cudnn,) = values(under, "CUDNN")
    cudart, cudnn = int(cudart), int(cudnn)
    major, minor = (int(x) for x in build_cuda.split(".")[:2])
    assert cudart // 1000 == major and cudart >= major * 1000 + minor * 10, (cudart, build_cuda)
    assert cudnn // 10000 == int(build_cudnn.split(".")[0]), (cudnn, build_cudnn)
    (mapped,) = values(under, "MAPPED")
    assert mapped and all(m.startswith(site) for m in mapped.split()), mapped
    # The control: the system CUDA 13 on LD_LIBRARY_PATH has no libcudart.so.12.
    assert direct.returncode != 0 and "libcudart.so.12" in direct.stderr, direct.stderr


def test_xla_is_given_the_venvs_libdevice_and_ptxas(launcher):
    """TensorFlow's XLA reads libdevice from --xla_gpu_cuda_data_dir before its own CUDA roots
    (the build's, /usr/local/cuda, then ../nvidia/cuda_nvcc beside the library), and prefers
    the ptxas on PATH. Under the launcher XLA_FLAGS names the venv's nvidia/cuda_nvcc (rule 3b)
    after the caller's own flags, and PATH's ptxas is the venv's; without it, neither."""
    wset, root = prepared(NAME)
    nvcc = site_of(wset, root) / "nvidia" / "cuda_nvcc"
    under = launched(launcher, root, ["python", "-c", PROBE], hostile_env(XLA_FLAGS="--xla_dump_to=/tmp/x")).stdout
    assert values(under, "XLA_FLAGS") == [f"--xla_dump_to=/tmp/x --xla_gpu_cuda_data_dir={nvcc}"], under
    assert (nvcc / "nvvm" / "libdevice" / "libdevice.10.bc").is_file() and (nvcc / "bin" / "ptxas").is_file()
    assert values(under, "PTXAS") == [str(nvcc / "bin" / "ptxas")], under
    # The caller's own data folder is kept as it is.
    mine = launched(launcher, root, ["python", "-c", PROBE],
                    hostile_env(XLA_FLAGS=f"--xla_gpu_cuda_data_dir={SYSTEM_CUDA}")).stdout
    assert values(mine, "XLA_FLAGS") == [f"--xla_gpu_cuda_data_dir={SYSTEM_CUDA}"], mine
    direct = run([root / "bin" / "python", "-c", PROBE], env=hostile_env()).stdout
    print(f"--- {NAME}, without the launcher: XLA_FLAGS {values(direct, 'XLA_FLAGS')}, ptxas {values(direct, 'PTXAS')}"
          f"; /usr/local/cuda has libdevice: {Path('/usr/local/cuda/nvvm/libdevice/libdevice.10.bc').is_file()}")
    assert values(direct, "XLA_FLAGS") == ["None"] and values(direct, "PTXAS") == [f"{SYSTEM_CUDA}/bin/ptxas"]


def test_doctor_says_when_xla_has_no_libdevice(launcher, tmp_path):
    """--doctor: no xla-no-libdevice with rule 3b; with the opt-out key (xla-data-dir = false)
    XLA gets no data folder, and the warning says so."""
    wset, root = prepared(NAME)
    status, report = doctor([launcher], root, env=hostile_env())
    codes = [f["code"] for f in report["findings"]]
    assert "xla-no-libdevice" not in codes, report["findings"]
    config = tmp_path / "run-with-cuda.toml"
    config.write_text("[cuda]\nxla-data-dir = false\n", encoding="utf-8")
    proc = run([launcher, "--config", config, "--doctor", "--json", "--python", root], env=hostile_env(), check=False)
    assert proc.returncode in (0, 1), proc.stderr
    found = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "xla-no-libdevice"]
    print(f"--- {NAME}, xla-data-dir = false: {found}")
    assert len(found) == 1 and "tensorflow" in found[0]["message"].lower(), found
