"""Numba's CUDA target (set fw-numba: numba-cuda[cu13] 0.30.4, cuda-pathfinder 1.9.1, the CUDA
13 runtime, NVRTC, nvJitLink, NVVM and CCCL wheels, no nvcc) under the real launcher, with a
caller whose CUDA_PATH names the system CUDA 13.0, whose CUDA_HOME names another folder, and
whose LD_LIBRARY_PATH and PATH start with that system CUDA (numba_probe.py is the child):

- cuda.pathfinder's load_nvidia_dynamic_lib returns, for cudart, NVRTC, nvJitLink and NVVM,
  the first match on the loader path the launcher built (its --print-env json), and
  find_nvidia_binary_utility the first match in the PATH folders the launcher added (none for
  a venv without nvcc), never the system CUDA's; no CUDA_PATH/CUDA_HOME warning;
- numba-cuda finds NVVM, NVRTC, libdevice, libcudadevrt.a and the headers in the venv and
  compiles a kernel calling math.sin to PTX (NVVM links libdevice's __nv_sinf in);
- where numba-cuda consults CUDA_HOME (libdevice, once its wheel step finds nothing), the
  toolkit root the launcher sets holds nvvm/libdevice/libdevice.10.bc, and --doctor says
  nothing against it; without nvidia-nvvm its numba-no-libdevice finding names the file
  compile_ptx then fails on.

Each case runs the venv's interpreter without the launcher too, as the control, and prints
both results. docs/real-wheels.md ("Numba (numba-cuda)") records them."""
import json
import os
import time
from pathlib import Path

import pytest

from conftest import clean_env, doctor, prepared, print_env, run

HERE = Path(__file__).resolve().parent
CHILD = HERE / "numba_probe.py"
SYSTEM_CUDA = "/usr/local/cuda-13.0"


def caller_env(other_home):
    """The hostile caller: the system CUDA first on LD_LIBRARY_PATH and PATH, CUDA_PATH naming
    it and CUDA_HOME naming other_home (so CUDA_PATH and CUDA_HOME differ)."""
    env = clean_env(LD_LIBRARY_PATH=f"{SYSTEM_CUDA}/lib64", CUDA_PATH=SYSTEM_CUDA, CUDA_HOME=str(other_home))
    env["PATH"] = f"{SYSTEM_CUDA}/bin:" + env["PATH"]
    return env


@pytest.fixture(scope="module")
def other_home(tmp_path_factory):
    """An empty folder for the caller's CUDA_HOME: another toolkit that has nothing."""
    return tmp_path_factory.mktemp("other-cuda-home")


_probed = {}


def probe(launcher, root, env, *args):
    """(report under the launcher, report without it, seconds under it) of numba_probe.py ARGS,
    run once per ARGS in this module."""
    if args not in _probed:
        _probed[args] = _probe(launcher, root, env, *args)
    return _probed[args]


def _probe(launcher, root, env, *args):
    start = time.monotonic()
    under = run([launcher, "--no-config", "--python", root, "--", "python", CHILD, *args], env=env)
    took = time.monotonic() - start
    direct = run([root / "bin" / "python", CHILD, *args], env=env)
    reports = [json.loads(p.stdout.splitlines()[-1]) for p in (under, direct)]
    for name, report in zip(("under the launcher", "without it"), reports):
        shown = {k: v for k, v in report.items() if k != "maps"}
        print(f"--- {' '.join(args) or 'probe'}, {name}: {json.dumps(shown)}")
    return reports[0], reports[1], took


def first_on(folders, name):
    """The file name in the first of folders that has it (the loader's and PATH's search), or None."""
    return next((os.path.join(f, name) for f in folders if f and os.path.isfile(os.path.join(f, name))), None)


def cuda_warnings(report):
    return [w for w in report["warnings"] if "CUDA_PATH" in w or "CUDA_HOME" in w]


def test_pathfinder_finds_what_the_launcher_put_on_the_paths(launcher, other_home):
    wset, root = prepared("fw-numba")
    site = str(root / "lib" / f"python{wset.python}" / "site-packages") + "/"
    env = caller_env(other_home)
    launched = print_env([launcher], root, env=env)
    under, direct, took = probe(launcher, root, env)
    print(f"--- under the launcher in {took:.1f} s")
    loader_path = launched["LD_LIBRARY_PATH"].split(":")
    for name, found in under["libs"].items():
        assert isinstance(found, list) and found[0].startswith(site), (name, found)
        assert first_on(loader_path, os.path.basename(found[0])) == found[0], (name, found, loader_path)
    added = [p for p in launched["PATH"].split(":") if p.startswith(str(root) + "/")]
    for name, found in under["tools"].items():
        assert found == first_on(added, name), (name, found, added)
    assert under["root"] == launched["CUDA_PATH"] == launched["CUDA_HOME"], (under["root"], launched)
    assert under["libdevice"] == os.path.join(under["root"], "nvvm", "libdevice", "libdevice.10.bc"), under
    assert not cuda_warnings(under), under["warnings"]
    # The control: the same caller makes pathfinder warn, and hand out the system CUDA's tools.
    assert cuda_warnings(direct), direct["warnings"]
    # Without any CUDA_* variable pathfinder's last step still finds a toolkit: it derives the
    # root from the libcudart.so.13 the loader finds (the ld.so cache's, without the launcher).
    tools = "import cuda.pathfinder as p; print({n: p.find_nvidia_binary_utility(n) for n in ('nvcc', 'ptxas')})"
    for name, cmd in (("under the launcher", [launcher, "--no-config", "--python", root, "--", "python"]),
                      ("without it", [root / "bin" / "python"])):
        print(f"--- a caller without CUDA_*, {name}: {run(cmd + ['-c', tools]).stdout.strip()}")


def test_numba_compiles_ptx_with_the_venvs_nvvm_and_libdevice(launcher, other_home):
    wset, root = prepared("fw-numba")
    site = str(root / "lib" / f"python{wset.python}" / "site-packages") + "/"
    under, direct, took = probe(launcher, root, caller_env(other_home))
    print(f"--- under the launcher in {took:.1f} s")
    paths = under["numba_paths"]
    assert isinstance(paths, dict), paths
    for key in ("nvvm", "nvrtc", "libdevice", "cudalib_dir", "static_cudalib_dir", "include_dir"):
        assert paths[key][1] and paths[key][1].startswith(site), (key, paths[key])
    assert isinstance(under["nvvm"], list), under["nvvm"]
    ptx = under["ptx"]
    assert isinstance(ptx, dict) and ".target sm_75" in ptx["head"] and not ptx["unresolved_sinf"], ptx
    nvvm = [m for m in under["maps"] if os.path.basename(m).startswith("libnvvm.so")]
    assert nvvm and all(m.startswith(site) for m in nvvm), nvvm
    assert not [m for m in under["maps"] if m.startswith(SYSTEM_CUDA)], under["maps"]
    print(f"--- without the launcher, mapped from {SYSTEM_CUDA}: "
          f"{[m for m in direct['maps'] if m.startswith(SYSTEM_CUDA)]}")


def test_numbas_cuda_home_step_finds_libdevice_in_the_toolkit_root(launcher, other_home):
    wset, root = prepared("fw-numba")
    under, direct, _ = probe(launcher, root, caller_env(other_home), "--libdevice-from-cuda-home")
    libdevice = os.path.join(under["root"], "nvvm", "libdevice", "libdevice.10.bc")
    assert under["numba_paths"]["libdevice"] == ["CUDA_HOME", libdevice], under["numba_paths"]
    assert under["cuda_home"]["libdevice"] == [libdevice, True], under["cuda_home"]
    assert isinstance(under["ptx"], dict) and not under["ptx"]["unresolved_sinf"], under["ptx"]
    # The control: the caller's CUDA_HOME (an empty folder) has no libdevice, so NVVM cannot link it.
    assert direct["numba_paths"]["libdevice"][0] == "CUDA_HOME", direct["numba_paths"]
    assert isinstance(direct["ptx"], str), direct["ptx"]


def test_doctor_finds_numbas_libdevice(launcher, other_home):
    """--doctor reports numba-cuda and, with nvidia-nvvm's libdevice in the venv, no
    numba-no-libdevice finding (config/doctor-schema.md)."""
    _, root = prepared("fw-numba")
    status, report = doctor([launcher], root, env=caller_env(other_home))
    assert "numba-cuda" in [d["name"] for d in report["frameworks"]], report["frameworks"]
    assert "numba-no-libdevice" not in [f["code"] for f in report["findings"]], report["findings"]


def test_doctor_predicts_numbas_failure_without_the_nvvm_wheel(launcher, other_home, tmp_path):
    """fw-numba without nvidia-nvvm (plain numba-cuda beside the CUDA 13 runtime and NVRTC
    wheels), as hard links of the set's files: numba-cuda's libdevice search stops at the
    CUDA_HOME the launcher sets, so compile_ptx fails on the very file --doctor's
    numba-no-libdevice names; with [cuda] toolkit = "keep" numba-cuda goes on to
    /usr/local/cuda, where this machine's system CUDA has libdevice."""
    wset, root = prepared("fw-numba")
    venv = tmp_path / "venv"
    run(["cp", "-al", root, venv])  # hard links: no copy of the 0.8 GB
    site = venv / "lib" / f"python{wset.python}" / "site-packages"
    run(["rm", "-r", site / "nvidia" / "cu13" / "nvvm", site / "nvidia" / "cu13" / "lib" / "libnvvm.so.4",
         *site.glob("nvidia_nvvm-*.dist-info")])
    env = clean_env()
    status, report = doctor([launcher], venv, env=env)
    found = [f["message"] for f in report["findings"] if f["code"] == "numba-no-libdevice"]
    libdevice = str(site / "nvidia" / "cu13" / "nvvm" / "libdevice" / "libdevice.10.bc")
    assert len(found) == 1 and f"libdevice from {libdevice} (CUDA_HOME)" in found[0], report["findings"]
    under = json.loads(run([launcher, "--no-config", "--python", venv, "--", "python", CHILD], env=env)
                       .stdout.splitlines()[-1])
    print(f"--- without nvidia-nvvm, under the launcher: libdevice {under['numba_paths']['libdevice']}, "
          f"NVVM {under['numba_paths']['nvvm']}, compile_ptx: {under['ptx']}")
    assert under["ptx"] == f"FileNotFoundError: [Errno 2] No such file or directory: '{libdevice}'", under["ptx"]
    config = tmp_path / "keep.toml"
    config.write_text('[cuda]\ntoolkit = "keep"\n')
    report = json.loads(run([launcher, "--config", config, "--doctor", "--json", "--python", venv], env=env,
                            check=False).stdout)
    assert "numba-no-libdevice" not in [f["code"] for f in report["findings"]], report["findings"]
    kept = json.loads(run([launcher, "--config", config, "--python", venv, "--", "python", CHILD], env=env)
                      .stdout.splitlines()[-1])
    direct = json.loads(run([venv / "bin" / "python", CHILD], env=env).stdout.splitlines()[-1])
    for name, got in (("toolkit = keep", kept), ("without the launcher", direct)):
        print(f"--- without nvidia-nvvm, {name}: libdevice {got['numba_paths']['libdevice']}, "
              f"compile_ptx: {got['ptx']}")
    if os.path.isfile("/usr/local/cuda/nvvm/libdevice/libdevice.10.bc"):
        assert kept["numba_paths"]["libdevice"][0] == "System" and isinstance(kept["ptx"], dict), kept["ptx"]
        assert direct["numba_paths"]["libdevice"][0] == "System" and isinstance(direct["ptx"], dict), direct["ptx"]
