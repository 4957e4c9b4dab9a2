"""Frameworks that load NVIDIA's wheels, under the real launcher (sets fw-* of pins.toml):
onnxruntime-gpu, CTranslate2, torch (CUDA 13) and CuPy. Each case runs a child
(fw_child.py) with a clean environment, through the launcher with --no-config --python ROOT,
and checks in /proc/self/maps which file of each CUDA library was mapped; each also records
what the same child does without the launcher. The GPU cases (test_gpu_*) skip with
"no GPU" where nvidia-smi fails. docs/real-wheels.md ("Frameworks") records the results.
"""
import json
import os
import re
from pathlib import Path

import pytest

from conftest import CUDA_FAMILY, clean_env, cuda_dt_needed, has_gpu, prepared, run
from onnx_relu import relu_model

HERE = Path(__file__).resolve().parent
CHILD = HERE / "fw_child.py"
# The texts by which a loader reports a library it could not find or bind.
MISSING = ("cannot open shared object file", "No such file or directory", "undefined symbol",
           "symbol lookup error", "version `")


def child(launcher, root, probe, *args, env=None, through=True):
    """(report, text) of fw_child.py PROBE ARGS in the set at root: through the launcher
    (--no-config --python ROOT), or the venv's python directly when through is False; text
    is what the child printed besides its report (stdout before it, then stderr)."""
    if through:
        cmd = [launcher, "--no-config", "--python", root, "python", CHILD, probe, *args]
    else:
        cmd = [root / "bin" / "python", CHILD, probe, *args]
    proc = run(cmd, env=env if env is not None else clean_env())
    lines = proc.stdout.strip().splitlines()
    return json.loads(lines[-1]), "\n".join(lines[:-1]) + "\n" + proc.stderr


def mapped_as(report, soname, key="maps"):
    """The mapped files whose name is soname."""
    return [m for m in report[key] if os.path.basename(m) == soname]


def inside(path, root):
    """Whether path is under root (or under its real path: /proc/self/maps names real files)."""
    return path.startswith((f"{root}/", f"{os.path.realpath(root)}/"))


def assert_from_venv(report, root, sonames, key="maps"):
    """Each soname is mapped, and only from a file inside the venv root."""
    for soname in sonames:
        hits = mapped_as(report, soname, key)
        assert hits, f"{soname} is not mapped; mapped: {report[key]}"
        outside = [m for m in hits if not inside(m, root)]
        assert not outside, f"{soname} mapped from outside {root}: {outside}"


def skip_if_system_has(*sonames):
    """The cases without the launcher expect the loader not to find these sonames: skip where
    the ld.so cache of this machine has one (a system CUDA 12 or cuDNN install)."""
    listing = run(["/sbin/ldconfig", "-p"], check=False).stdout
    found = [s for s in sonames if f"\t{s} (" in listing]
    if found:
        pytest.skip(f"the ld.so cache of this machine has {', '.join(found)}")


def not_in_system(sonames):
    """The sonames the ld.so cache of this machine lacks; the cases without the launcher skip
    where it has them all (the system CUDA 13 here has cudart and cuRAND, not cuBLAS)."""
    listing = run(["/sbin/ldconfig", "-p"], check=False).stdout
    missing = [s for s in sonames if f"\t{s} (" not in listing]
    if not missing:
        pytest.skip(f"the ld.so cache of this machine has all of {', '.join(sonames)}")
    return missing


def cudnn_number(version):
    """cuDNN's version number (cudnnGetVersion) of a wheel version: 9.24.0.43 -> 92400."""
    major, minor, patch = (int(p) for p in version.split(".")[:3])
    return major * 10000 + minor * 100 + patch


# --- onnxruntime-gpu ---------------------------------------------------------------------

def ort_provider_needs(root):
    """(provider, cuda, driver) for the set at root: the path of onnxruntime's CUDA provider
    library, its CUDA-family DT_NEEDED sonames in file order (readelf -d), and whether it also
    needs the driver's libcuda.so.1 (onnxruntime-gpu 1.23: cuBLAS, cuBLASLt, cuRAND, cuFFT,
    cudart and cuDNN of CUDA 12, no driver; 1.31: cuBLAS, cuBLASLt, cuRAND and cudart of CUDA
    13, and libcuda.so.1; docs/real-wheels.md, "The latest track's frameworks")."""
    (provider,) = root.glob("lib/python*/site-packages/onnxruntime/capi/libonnxruntime_providers_cuda.so")
    out = run(["readelf", "-d", provider]).stdout
    needed = [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]
    cuda = [n for n in needed if CUDA_FAMILY.match(n) and n != "libcuda.so.1"]
    assert cuda, f"{provider} needs no CUDA library: {needed}"
    return provider, cuda, "libcuda.so.1" in needed


def driver_is_here():
    """True when the loader finds the driver's libcuda.so.1 (the ld.so cache lists it)."""
    return "\tlibcuda.so.1 (" in run(["/sbin/ldconfig", "-p"], check=False).stdout


def test_onnxruntime_cuda_provider_loads_from_the_venv(launcher):
    """The provider loads with every CUDA library it links from the venv; where it links the
    driver and there is none, dlopen cannot succeed, so ldd under the launcher must resolve all
    its other CUDA-family dependencies into the venv and miss only libcuda.so.1."""
    wset, root = prepared("fw-onnxruntime")
    provider, cuda, driver = ort_provider_needs(root)
    report, _ = child(launcher, root, "ort-provider")
    assert report.get("version", wset.version_of("onnxruntime-gpu")) == wset.version_of("onnxruntime-gpu")
    if driver and not driver_is_here():
        print(f"onnxruntime {wset.version_of('onnxruntime-gpu')}: the provider needs libcuda.so.1 and "
              f"{cuda}; under the launcher: {report.get('error')}")
        assert report.get("error", "").endswith("libcuda.so.1: cannot open shared object file: "
                                                "No such file or directory"), report
        seen, _ = cuda_dt_needed([launcher, "--no-config", "--python", root, "--"], [str(provider)], clean_env())
        print(f"ldd under the launcher: {', '.join(f'{k} => {sorted(v)}' for k, v in sorted(seen.items()))}")
        assert set(cuda) <= set(seen), (cuda, seen)
        for soname, targets in seen.items():
            assert all(inside(t, root) for t in targets), f"{soname} resolves to {targets}, not into the venv"
        return
    assert "error" not in report, report.get("error")
    assert report["version"] == wset.version_of("onnxruntime-gpu")
    assert_from_venv(report, root, cuda + ["libonnxruntime_providers_cuda.so"])


def test_onnxruntime_cuda_provider_without_the_launcher(launcher):
    wset, root = prepared("fw-onnxruntime")
    provider, cuda, _ = ort_provider_needs(root)
    cuda = not_in_system(cuda)
    report, _ = child(launcher, root, "ort-provider", through=False)
    print(f"onnxruntime without the launcher: {report.get('error')}")
    # The loader stops at the first CUDA library of the venv it cannot find.
    assert any(f"{n}: cannot open shared object file" in report.get("error", "") for n in cuda), report
    assert not any("libonnxruntime_providers_cuda" in m for m in report["maps"])


def test_onnxruntime_session_fails_only_for_want_of_a_device(launcher, tmp_path):
    if has_gpu():
        pytest.skip("a GPU is here: test_gpu_onnxruntime runs the session")
    wset, root = prepared("fw-onnxruntime")
    provider, cuda, driver = ort_provider_needs(root)
    report, stderr = child(launcher, root, "ort-session", relu_model(tmp_path / "relu.onnx"))
    assert "error" not in report, report.get("error")
    assert "CUDAExecutionProvider" in report["available"]
    text = report.get("session_error", "") + "\n" + stderr
    print(f"onnxruntime session under the launcher: {report.get('providers')} {text.strip()[-600:]}")
    assert report["providers"] == ["CPUExecutionProvider"], report
    if driver and not driver_is_here():
        # The provider links the driver: its dlopen fails on libcuda.so.1 alone, and
        # onnxruntime runs on the CPU.
        assert f"{provider} with error: libcuda.so.1: cannot open shared object file" in text, text
        for soname in cuda:
            assert f"{soname}: cannot open" not in text, text
        return
    assert not any(m in text for m in MISSING), text
    # The provider loaded and its cudaSetDevice failed: cudart's error 35 when libcuda.so.1 is
    # absent; onnxruntime then falls back to the CPU and says so.
    assert "CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version" in text, text
    assert "expr=cudaSetDevice(" in text and "Falling back to ['CPUExecutionProvider']" in text, text
    assert_from_venv(report, root, cuda)


def test_onnxruntime_session_without_the_launcher(launcher, tmp_path):
    wset, root = prepared("fw-onnxruntime")
    provider, cuda, _ = ort_provider_needs(root)
    cuda = not_in_system(cuda)
    report, stderr = child(launcher, root, "ort-session", relu_model(tmp_path / "relu.onnx"), through=False)
    text = report.get("session_error", "") + "\n" + stderr
    print(f"onnxruntime session without the launcher: {report.get('providers')} {text.strip()[-600:]}")
    # The provider library does not load (a CUDA library of the venv is missing: 1.23 names
    # libcublasLt.so.12, 1.31 libcublasLt.so.13); onnxruntime logs it and runs on the CPU.
    assert any(f"libonnxruntime_providers_cuda.so with error: {n}: cannot open shared object file" in text
               for n in cuda), text
    assert "CUDA failure" not in text and report["providers"] == ["CPUExecutionProvider"], report
    assert not any(inside(m, root) and "/nvidia/" in m for m in report["maps"]), report["maps"]


# --- CTranslate2 ---------------------------------------------------------------------------


CT2_FRONT = "libcudnn-"  # CTranslate2's wheel bundles cuDNN's front library, renamed by auditwheel


def ct2_has_cudnn(root):
    """Whether the set's CTranslate2 wheel bundles cuDNN's front library (4.6 does; 4.8.5 links
    no cuDNN at all: no such file, no cudnn symbol in libctranslate2)."""
    return any(root.glob(f"lib/python*/site-packages/ctranslate2.libs/{CT2_FRONT}*.so*"))


def test_ctranslate2_import_loads_no_cuda_library(launcher):
    # libctranslate2 links cudart statically and has DT_NEEDED only on its bundled cuDNN front
    # library; libcublas.so.12 is dlopened, and the cuDNN sub-libraries by the front library,
    # on first use on a device. So an import maps neither cuBLAS nor a venv cuDNN file.
    wset, root = prepared("fw-ctranslate2")
    report, _ = child(launcher, root, "ct2-import")
    assert "error" not in report, report.get("error")
    assert report["version"] == wset.version_of("ctranslate2")
    names = [os.path.basename(m) for m in report["maps_after_import"]]
    assert any(n.startswith(CT2_FRONT) for n in names) == ct2_has_cudnn(root), names
    assert not [n for n in names if n.startswith(("libcublas", "libcudnn_", "libcudart"))], names
    if not has_gpu():
        assert report["cuda_device_count"] == 0, report
        assert "CUDA driver version is insufficient" in report.get("compute_types_error", ""), report


def test_ctranslate2_cuda_libraries_resolve_into_the_venv(launcher):
    wset, root = prepared("fw-ctranslate2")
    report, _ = child(launcher, root, "ct2-libs")
    assert "error" not in report, report.get("error")
    assert report["cublas"] == "loaded", report
    if not ct2_has_cudnn(root):
        print(f"ctranslate2 {wset.version_of('ctranslate2')} links no cuDNN; cuBLAS under the launcher: "
              f"{mapped_as(report, 'libcublas.so.12')}")
        assert report["cudnn_front"] == [], report
        assert_from_venv(report, root, ["libcublas.so.12", "libcublasLt.so.12"])
        return
    assert report["cudnn_version"] == cudnn_number(wset.version_of("nvidia-cudnn-cu12")), report
    assert_from_venv(report, root, ["libcublas.so.12", "libcublasLt.so.12", "libcudnn_graph.so.9"])
    if not has_gpu():  # cudnnCreate: CUDNN_STATUS_NOT_INITIALIZED, for want of a device only
        assert report["cudnn_create"] == 1001 and "cudaGetDeviceCount" in report["cudnn_last_error"], report


def test_ctranslate2_without_the_launcher_aborts_on_first_cudnn_use(launcher):
    skip_if_system_has("libcudnn_graph.so.9")
    # faster-whisper documents exporting LD_LIBRARY_PATH with nvidia/cublas/lib and
    # nvidia/cudnn/lib for this; without it, the bundled front library finds no sub-library.
    wset, root = prepared("fw-ctranslate2")
    proc = run([root / "bin" / "python", CHILD, "ct2-libs"], env=clean_env(), check=False)
    if not ct2_has_cudnn(root):
        # No cuDNN to abort on: the control is cuBLAS, which CTranslate2 dlopens by soname.
        skip_if_system_has("libcublas.so.12")
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"ctranslate2 {wset.version_of('ctranslate2')} without the launcher: cuBLAS {report['cublas']}")
        assert "libcublas.so.12: cannot open shared object file" in report["cublas"], report
        return
    print(f"ctranslate2 without the launcher: exit {proc.returncode}: {proc.stderr.strip()}")
    assert proc.returncode == -6, (proc.returncode, proc.stdout, proc.stderr)  # SIGABRT
    assert "Unable to load any of {libcudnn_graph.so.9.1.0, libcudnn_graph.so.9.1, libcudnn_graph.so.9" \
        in proc.stderr, proc.stderr


# The greedy output of fw_child.py's tiny model (seed 0), the same on every device.
CT2_SEQUENCE = ["a", "b", "b"]


def test_ctranslate2_tiny_model_on_the_cpu(launcher, tmp_path):
    # The model the GPU case runs, checked here on the CPU: a CPU model loads no CUDA library.
    wset, root = prepared("fw-ctranslate2")
    report, _ = child(launcher, root, "ct2-model", tmp_path / "model", "cpu")
    assert "error" not in report, report.get("error")
    assert report["sequence"] == CT2_SEQUENCE, report
    assert not [m for m in report["maps"] if os.path.basename(m).startswith(("libcublas", "libcudnn_"))]


# --- torch (CUDA 13) -------------------------------------------------------------------------

TORCH_LIBS = ["libcudnn.so.9", "libcublas.so.13", "libcublasLt.so.13", "libcudart.so.13"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A folder holding another copy of each soname of the stand-ins: the system CUDA 13's
    file where /usr/local/cuda-13.0 has one, else the stand-in (RWC_STANDIN_DIR)."""
    standins = Path(os.environ.get("RWC_STANDIN_DIR", ""))
    if not standins.is_dir():
        pytest.fail("RWC_STANDIN_DIR does not name the stand-in libraries")
    folder = tmp_path_factory.mktemp("hostile")
    for standin in sorted(standins.glob("lib*.so*")):
        system = Path("/usr/local/cuda-13.0/lib") / standin.name
        (folder / standin.name).symlink_to(system.resolve() if system.exists() else standin)
    kinds = {p.name: "system" if str(p.resolve()).startswith("/usr/local/") else "stand-in"
             for p in sorted(folder.iterdir())}
    print(f"hostile folder: {kinds}")
    return folder


def assert_nothing_from(report, folder):
    targets = {str(p.resolve()) for p in folder.iterdir()} | {str(p) for p in folder.iterdir()}
    wrong = [m for m in report["maps"] if m in targets]
    assert not wrong, f"mapped from the hostile folder: {wrong}"


def test_torch_under_the_launcher_with_a_hostile_loader_path(launcher, hostile):
    wset, root = prepared("fw-torch")
    report, _ = child(launcher, root, "torch-versions", env=clean_env(LD_LIBRARY_PATH=str(hostile)))
    assert "error" not in report, report.get("error")
    cuda = "{}.{}".format(*wset.version_of("nvidia-cuda-runtime").split(".")[:2])  # the runtime torch pins
    assert report["version"].split("+")[0] == wset.version_of("torch") and report["cuda"] == cuda, report
    assert report["cudnn"] == cudnn_number(wset.version_of("nvidia-cudnn-cu13")), report
    assert report["is_available"] is has_gpu(), report
    assert_from_venv(report, root, TORCH_LIBS)
    assert_nothing_from(report, hostile)
    # The launcher puts the venv's folders first and keeps the caller's folder after them.
    site = root / "lib" / f"python{wset.python}" / "site-packages" / "nvidia"
    folders = report["env"]["LD_LIBRARY_PATH"].split(":")
    assert folders[-1] == str(hostile), folders
    assert str(site / "cu13" / "lib") in folders[:-1] and str(site / "cudnn" / "lib") in folders[:-1], folders
    assert all(f.startswith(f"{root}/") for f in folders[:-1]), folders


def test_torch_without_the_launcher_with_a_hostile_loader_path(launcher, hostile):
    # torch's own libraries carry DT_RPATH to the nvidia folders of the venv, which the loader
    # searches before LD_LIBRARY_PATH, and torch preloads its CUDA wheels: torch needs no help.
    wset, root = prepared("fw-torch")
    report, _ = child(launcher, root, "torch-versions", env=clean_env(LD_LIBRARY_PATH=str(hostile)),
                      through=False)
    assert "error" not in report, report.get("error")
    assert report["cudnn"] == cudnn_number(wset.version_of("nvidia-cudnn-cu13")), report
    assert_from_venv(report, root, TORCH_LIBS)
    assert_nothing_from(report, hostile)
    # The folder does win for code that is not torch: a plain dlopen by soname gets its file.
    env = clean_env(LD_LIBRARY_PATH=str(hostile))
    for soname in ("libcudnn.so.9", "libcudart.so.13"):
        plain = json.loads(run([root / "bin" / "python", HERE / "load_one.py", soname], env=env).stdout)
        assert mapped_as(plain, soname) == [str((hostile / soname).resolve())], plain


# --- CuPy ----------------------------------------------------------------------------------


# CuPy links the CUDA runtime statically (runtimeGetVersion is its build's: 12090 for 13.6 on
# CUDA 12, 13020 for 14.2 on CUDA 13, with or without the launcher); it dlopens libnvrtc.so.NN
# by soname, and its cuBLAS and cuRAND bindings have DT_NEEDED libcublas.so.NN and
# libcurand.so.10, no RPATH. CuPy 14 finds the NVRTC of NVIDIA's wheels itself (its [ctk]
# extra, through cuda-pathfinder), not cuBLAS or cuRAND.


def cupy_of(wset):
    """(distribution, version, CUDA major) of the set's CuPy: cupy-cuda12x or cupy-cuda13x."""
    (dist,) = [n for n in wset.names() if re.fullmatch(r"cupy-cuda\d+x", n)]
    return dist, wset.version_of(dist), int(dist[len("cupy-cuda"):-1])


def cupy_nvrtc_version(wset, major):
    """(major, minor) of the set's NVRTC wheel (nvidia-cuda-nvrtc-cu12, or nvidia-cuda-nvrtc for 13)."""
    nvrtc = wset.version_of("nvidia-cuda-nvrtc-cu12" if major == 12 else "nvidia-cuda-nvrtc").split(".")
    return int(nvrtc[0]), int(nvrtc[1])


def test_cupy_runtime_and_nvrtc_under_the_launcher(launcher):
    wset, root = prepared("fw-cupy")
    dist, version, major = cupy_of(wset)
    report, _ = child(launcher, root, "cupy-nvrtc")
    assert "error" not in report, report.get("error")
    assert report["version"] == version
    assert report.get("runtime", 0) // 1000 == major, report
    nvrtc = cupy_nvrtc_version(wset, major)
    assert report.get("nvrtc") == list(nvrtc), report
    assert ".visible .entry axpy(" in report.get("ptx", ""), report
    assert ".target sm_75" in report["ptx"], report["ptx"][:400]
    assert report["cublas"] == "imported" and report["curand"] == "imported", report
    assert_from_venv(report, root, [f"libnvrtc.so.{major}", "libnvrtc-builtins.so.{}.{}".format(*nvrtc),
                                    f"libcublas.so.{major}", f"libcublasLt.so.{major}", "libcurand.so.10"])
    if major == 12:  # CUDA 13's cuBLAS needs libcudart.so.13; nothing of CUDA 12's needs libcudart.so.12
        assert not mapped_as(report, "libcudart.so.12"), report["maps"]
    if not has_gpu():  # compile_using_nvrtc asks the device even with arch given
        assert "cudaErrorInsufficientDriver" in report.get("compile_using_nvrtc_error", ""), report


def test_cupy_without_the_launcher(launcher):
    wset, root = prepared("fw-cupy")
    dist, version, major = cupy_of(wset)
    skip_if_system_has(f"libcublas.so.{major}", "libcurand.so.10")
    report, _ = child(launcher, root, "cupy-nvrtc", through=False)
    under, _ = child(launcher, root, "cupy-nvrtc")
    print(f"cupy {version} without the launcher: runtime {report.get('runtime')}; nvrtc "
          f"{report.get('nvrtc_error') or mapped_as(report, f'libnvrtc.so.{major}')}; {report['cublas']}")
    assert report.get("runtime") == under.get("runtime"), (report, under)
    if int(version.split(".")[0]) >= 14:
        assert "nvrtc_error" not in report, report
        assert_from_venv(report, root, [f"libnvrtc.so.{major}"])
    else:
        assert f"CuPy failed to load libnvrtc.so.{major}" in report.get("nvrtc_error", ""), report
        assert not mapped_as(report, f"libnvrtc.so.{major}"), report["maps"]
    assert report["cublas"] == f"ImportError: libcublas.so.{major}: cannot open shared object file: " \
        "No such file or directory", report
    assert report["curand"].startswith("ImportError: libcurand.so.10: cannot open shared object file"), report


# --- GPU cases -----------------------------------------------------------------------------


def need_gpu():
    if not has_gpu():
        pytest.skip("no GPU")


def test_gpu_torch_cublas_and_cudnn(launcher):
    need_gpu()
    wset, root = prepared("fw-torch")
    report, _ = child(launcher, root, "gpu-torch")
    assert "error" not in report, report.get("error")
    assert report["matmul_ok"] and report["conv"] == [9.0] * 9, report
    assert_from_venv(report, root, TORCH_LIBS)


def test_gpu_onnxruntime_session(launcher, tmp_path):
    need_gpu()
    wset, root = prepared("fw-onnxruntime")
    report, _ = child(launcher, root, "gpu-ort", relu_model(tmp_path / "relu.onnx"))
    assert "error" not in report, report.get("error")
    assert report["providers"][0] == "CUDAExecutionProvider" and report["y"] == [0.0, 0.0, 2.0], report
    assert_from_venv(report, root, ort_provider_needs(root)[1])


def test_gpu_ctranslate2_model_on_cuda(launcher, tmp_path):
    need_gpu()
    wset, root = prepared("fw-ctranslate2")
    report, _ = child(launcher, root, "ct2-model", tmp_path / "model", "cuda")
    assert "error" not in report, report.get("error")
    assert report["sequence"] == CT2_SEQUENCE, report
    assert_from_venv(report, root, ["libcublas.so.12", "libcublasLt.so.12"])


def test_gpu_cupy_kernel(launcher):
    need_gpu()
    wset, root = prepared("fw-cupy")
    report, _ = child(launcher, root, "gpu-cupy")
    assert "error" not in report, report.get("error")
    assert report["y"] == [1.0 + 2.0 * i for i in range(8)], report
    assert_from_venv(report, root, ["libnvrtc.so.12"])
