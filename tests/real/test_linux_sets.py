"""NVIDIA's real Linux wheels (CUDA 11, 12, 13; pins.toml) under the real launcher: every
library and tool the wheels install is reachable, each library loads from the venv with its
own dependencies, CUDA_PATH/CUDA_HOME hold what their consumers look for, and --doctor reports
every wheel without a false finding (docs/real-wheels.md records the results)."""
import json
import os
import re
from pathlib import Path

import pytest

from conftest import clean_env, doctor, prepared, print_env, record_files, run

HERE = Path(__file__).resolve().parent
LINUX_SETS = ["linux-cu11", "linux-cu12", "linux-cu13"]
MAJOR = {"linux-cu11": 11, "linux-cu12": 12, "linux-cu13": 13}
SHARED_LIBRARY = re.compile(r"^lib[^/]*\.so(\.[0-9]+)*$")
# Findings that are facts of these machines, not of the venv: no GPU driver, and the system
# CUDA 13 in the ld.so cache (it shadows a venv's CUDA 13 libraries without the launcher).
MACHINE_FINDINGS = {"no-driver", "system-cuda-shadows"}
MISSING = re.compile(r"^(?P<dep>[^:]+): cannot open shared object file")


def libraries_and_tools(site, wset):
    """(shared libraries, executables in a bin folder): absolute paths of the files the set's
    RECORDs install."""
    libs, tools = [], []
    for rows in record_files(site, set(wset.names())).values():
        for rel in rows:
            path = Path(site) / rel
            if SHARED_LIBRARY.match(path.name):
                libs.append(path)
            elif path.parent.name == "bin" and os.access(path, os.X_OK):
                tools.append(path)
    return libs, tools


@pytest.mark.parametrize("name", LINUX_SETS)
def test_every_library_and_tool_is_reachable(launcher, name):
    wset, root = prepared(name)
    site = root / "lib" / f"python{wset.python}" / "site-packages"
    libs, tools = libraries_and_tools(site, wset)
    assert libs, f"the RECORDs of {name} list no shared library"
    changes = print_env([launcher], root)
    loader_path = (changes.get("LD_LIBRARY_PATH") or "").split(":")
    path = (changes.get("PATH") or "").split(":")
    missed = sorted(str(p.relative_to(site)) for p in libs if str(p.parent) not in loader_path)
    missed += sorted(str(p.relative_to(site)) for p in tools if str(p.parent) not in path)
    print(f"{name}: {len(libs)} libraries, {len(tools)} tools, {len(missed)} missed")
    assert not missed, f"{len(missed)} of {len(libs) + len(tools)} not reachable:\n" + "\n".join(missed)


def load(launcher, root, name):
    """The load_one.py report of library name, dlopened from a child under the launcher."""
    proc = run([launcher, "--no-config", "--python", root, "python", HERE / "load_one.py", name])
    return json.loads(proc.stdout)


@pytest.mark.parametrize("name", LINUX_SETS)
def test_each_library_loads_from_the_venv_with_its_dependencies(launcher, name):
    wset, root = prepared(name)
    site = root / "lib" / f"python{wset.python}" / "site-packages"
    libs, _ = libraries_and_tools(site, wset)
    ours = {p.name for p in libs}
    # A library may fail to load only for want of a system library that no wheel of the set
    # ships (libcuda.so.1: the GPU driver; libmpi.so.40: OpenMPI; libmlx5.so.1: rdma-core),
    # never for the search path; each such library is listed in the test's output.
    outside_wheels, wrong = [], []
    for lib in sorted(libs, key=lambda p: p.name):
        report = load(launcher, root, lib.name)
        if not report["ok"]:
            missing = MISSING.match(report["error"])
            if missing and missing["dep"] != lib.name and missing["dep"] not in ours:
                outside_wheels.append(f"{lib.name} (needs {missing['dep']})")
                continue
            wrong.append(f"{lib.name}: {report['error']}")
            continue
        mapped = [m for m in report["maps"] if os.path.basename(m) in ours]
        if not any(os.path.samefile(m, lib) for m in mapped):
            wrong.append(f"{lib.name}: not mapped from {lib}; mapped: {mapped}")
        outside = [m for m in mapped if not m.startswith(str(root) + "/")]
        if outside:
            wrong.append(f"{lib.name}: its dependencies came from outside the venv: {outside}")
    print(f"{name}: {len(libs) - len(outside_wheels)} of {len(libs)} loaded from the venv; need a system "
          f"library that no wheel ships: {outside_wheels}")
    assert not wrong, "\n".join(wrong)


DEPENDENCIES = {
    # library -> libraries it must bring in from the venv (its DT_NEEDED entries)
    "linux-cu12": {"libcublas.so.12": ["libcublasLt.so.12"], "libcusolver.so.11": ["libnvJitLink.so.12"],
                   "libcudnn_adv.so.9": ["libcudnn_ops.so.9", "libcudnn_graph.so.9"]},
    "linux-cu13": {"libcublas.so.13": ["libcublasLt.so.13"], "libcusolver.so.12": ["libnvJitLink.so.13"],
                   "libcudnn_adv.so.9": ["libcudnn_ops.so.9", "libcudnn_graph.so.9"]},
    "linux-cu11": {"libcublas.so.11": ["libcublasLt.so.11"],
                   "libcudnn_adv_infer.so.8": ["libcudnn_ops_infer.so.8"]},
}
# nvidia-cudnn-cu11 went on from 8.9 to cuDNN 9 (9.10.2.21 on the latest track): its sonames
# are then those of CUDA 12's cuDNN 9 (docs/real-wheels.md, "From CUDA 13.0 to 13.5").
CUDNN9 = {"libcudnn_adv.so.9": ["libcudnn_ops.so.9", "libcudnn_graph.so.9"]}


def dependencies(name, wset):
    """DEPENDENCIES[name], with the cuDNN entry of the cuDNN major that the set pins."""
    out = dict(DEPENDENCIES[name])
    if name == "linux-cu11" and not wset.version_of("nvidia-cudnn-cu11").startswith("8."):
        del out["libcudnn_adv_infer.so.8"]
        out.update(CUDNN9)
    return out


@pytest.mark.parametrize("name", LINUX_SETS)
def test_named_dependencies_come_from_the_venv(launcher, name):
    wset, root = prepared(name)
    for library, needed in dependencies(name, wset).items():
        report = load(launcher, root, library)
        assert report["ok"], f"{library}: {report['error']}"
        for dep in needed:
            hits = [m for m in report["maps"] if os.path.basename(m) == dep]
            assert hits and all(m.startswith(str(root) + "/") for m in hits), \
                f"{library} -> {dep}: mapped from {hits or 'nowhere'}"


@pytest.mark.parametrize("name", LINUX_SETS)
def test_without_the_launcher_the_loader_does_not_find_them(name):
    # The control: the same child without the launcher does not load the venv's files.
    wset, root = prepared(name)
    lib = {"linux-cu11": "libcublasLt.so.11", "linux-cu12": "libcublasLt.so.12",
           "linux-cu13": "libcublasLt.so.13"}[name]
    proc = run([root / "bin" / "python", HERE / "load_one.py", lib], env=clean_env())
    report = json.loads(proc.stdout)
    assert not any(m.startswith(str(root) + "/") for m in report["maps"]), report


@pytest.mark.parametrize("name", LINUX_SETS)
def test_cuda_path_and_cuda_home(launcher, name):
    wset, root = prepared(name)
    site = root / "lib" / f"python{wset.python}" / "site-packages"
    changes = print_env([launcher], root)
    assert changes.get("CUDA_PATH") == changes.get("CUDA_HOME"), changes
    home = Path(changes["CUDA_HOME"])
    assert (home / "include" / "cuda.h").is_file()
    status, report = doctor([launcher], root)
    codes = {f["code"] for f in report["findings"]}
    if name == "linux-cu13":
        assert home == site / "nvidia" / "cu13"
        assert (home / "bin" / "ptxas").is_file() and (home / "bin" / "nvcc").is_file()
        assert "cuda-home-incomplete" not in codes, report["findings"]
    else:
        # No single folder of CUDA 12/11 wheels holds bin/nvcc beside include/cuda.h: --doctor
        # says what is missing and how to fix it (docs/real-wheels.md, "CUDA_PATH and CUDA_HOME, and who can use them").
        assert home == site / "nvidia" / "cuda_runtime"
        assert not (home / "bin" / "nvcc").exists()
        finding = [f for f in report["findings"] if f["code"] == "cuda-home-incomplete"]
        assert finding and "nvcc" in finding[0]["message"], report["findings"]


@pytest.mark.parametrize("name", LINUX_SETS)
def test_doctor_lists_every_wheel_without_a_false_finding(launcher, name):
    wset, root = prepared(name)
    status, report = doctor([launcher], root)
    listed = {w["name"].lower().replace("_", "-"): w for w in report["nvidia_wheels"]}
    for dist in wset.names():
        assert dist in listed, f"{dist} missing from --doctor's nvidia_wheels: {sorted(listed)}"
        assert listed[dist]["version"] == wset.version_of(dist), listed[dist]
        assert listed[dist]["cuda_major"] == MAJOR[name], listed[dist]
    expected = MACHINE_FINDINGS | ({"cuda-home-incomplete"} if name != "linux-cu13" else set())
    unexpected = [f for f in report["findings"] if f["code"] not in expected]
    assert not unexpected, unexpected
    assert status == 0, report["findings"]


def test_cu12_and_cu13_in_one_venv_give_exactly_the_mixed_majors_finding(launcher):
    wset, root = prepared("linux-mixed")
    status, report = doctor([launcher], root)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["mixed-cuda-majors"], report["findings"]
    assert status == 1
    majors = {w["name"].lower(): w["cuda_major"] for w in report["nvidia_wheels"]}
    assert majors == {dist: 12 if dist.endswith("-cu12") else 13 for dist in wset.names()}, majors


# The sonames that both majors' wheels of linux-mixed install (nvidia-cusparse/-cu12,
# nvidia-curand/-cu12, nvidia-cufile/-cu12): docs/layouts.md, "The same soname in two folders".
MIXED_DUPLICATES = {"libcufile.so.0", "libcufile_rdma.so.1", "libcurand.so.10", "libcusparse.so.12"}


def test_mixed_duplicated_sonames_load_from_the_first_folder_and_doctor_names_each_once(launcher):
    wset, root = prepared("linux-mixed")
    site = root / "lib" / f"python{wset.python}" / "site-packages"
    loader_path = (print_env([launcher], root).get("LD_LIBRARY_PATH") or "").split(":")
    # The duplicates, from the files on disk, with their folders in the launcher's loader path order.
    holders = {}
    for folder in (f for f in loader_path if f.startswith(str(site) + "/")):
        for entry in sorted(os.listdir(folder)):
            if SHARED_LIBRARY.match(entry) and os.path.isfile(os.path.join(folder, entry)):
                holders.setdefault(entry, []).append(folder)
    duplicates = {name: folders for name, folders in holders.items() if len(folders) > 1}
    assert set(duplicates) == MIXED_DUPLICATES, duplicates
    # The documented order: nvidia/cu13's folders before every CUDA 12 folder.
    cu13 = str(site / "nvidia" / "cu13" / "lib")
    assert all(folders[0] == cu13 for folders in duplicates.values()), duplicates
    # The first match loads: /proc/self/maps of a child that dlopens the name shows cu13's copy only.
    for name, folders in sorted(duplicates.items()):
        report = load(launcher, root, name)
        assert report["ok"], f"{name}: {report['error']}"
        mapped = [m for m in report["maps"] if os.path.basename(m) == name]
        assert len(mapped) == 1 and os.path.samefile(mapped[0], os.path.join(cu13, name)), (name, mapped)
        print(f"{name}: loads {mapped[0]}; shadowed {folders[1:]}")
    # --doctor --json names each duplicated soname exactly once, with the copy that loads.
    status, report = doctor([launcher], root)
    listed = report["cuda"]["duplicate_sonames"]
    assert sorted(d["soname"] for d in listed) == sorted(duplicates), listed
    for d in listed:
        assert d["loads"] == duplicates[d["soname"]][0] and d["shadowed"] == duplicates[d["soname"]][1:], d
    warnings = [f for f in report["findings"] if f["code"] == "duplicate-soname"]
    assert all(f["severity"] == "warning" for f in warnings), warnings
    for name in duplicates:
        about = [f for f in warnings if f["message"].startswith(name + " is in 2 library folders: the copy in "
                                                                + cu13 + " loads")]
        assert len(about) == 1, (name, warnings)
    assert len(warnings) == len(duplicates), warnings
