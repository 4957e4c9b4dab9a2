"""NVIDIA's real win_amd64 wheels (CUDA 12 and 13; pins.toml) under the real run-with-cuda.exe,
run by Wine on Linux: every DLL and bin/*.exe the wheels install lies on the launcher's PATH,
a Windows child loads each DLL by its bare name from the venv, CUDA_PATH/CUDA_HOME hold what
their consumers look for, and --doctor lists every wheel without a false finding
(docs/real-wheels.md, "Windows wheels under Wine", records the results).

Environment (set by tests/real/CMakeLists.txt in the MinGW build): RWC_WIN_LAUNCHER and
RWC_WIN_CHILD (the .exe files), RWC_WINE_RUN (cmake/wine-run.sh, the build's emulator) and
RWC_WINEPREFIX (the build's Wine prefix, prepared by scripts/wine-setup.sh start).
"""
import json
import os
import re
import struct
import time
from pathlib import Path

import pytest

from conftest import clean_env, prepared, record_files, run

HERE = Path(__file__).resolve().parent
WIN_SETS = ["win-cu12", "win-cu13"]
MAJOR = {"win-cu12": 12, "win-cu13": 13}
ERROR_MOD_NOT_FOUND = 126
# Findings that are facts of this machine, not of the venv: Wine has no NVIDIA driver
# (nvcuda.dll). And one fact of the CUDA 12 wheels: no folder of theirs holds bin/nvcc.exe
# beside include/cuda.h, so --doctor rightly says CUDA_HOME is incomplete for win-cu12.
MACHINE_FINDINGS = {"no-driver"}
SET_FINDINGS = {"win-cu12": {"cuda-home-incomplete"}, "win-cu13": set()}
# Wine's loader message naming a missing import (shown with WINEDEBUG=err+module).
WINE_IMPORT_ERROR = re.compile(r'err:module:import_dll (?:Library|Loading library) (?P<dep>\S+) .*needed by L"(?P<by>[^"]+)"')


# --- Wine plumbing -----------------------------------------------------------------------

def _exe(variable):
    path = os.environ.get(variable)
    if not path or not os.path.isfile(path):
        pytest.fail(f"{variable} does not name a built .exe (run through ctest in the MinGW build)")
    return path


@pytest.fixture(scope="session")
def wine():
    """The command prefix that runs a Windows program: the build's emulator (cmake/wine-run.sh)."""
    emulator = os.environ.get("RWC_WINE_RUN") or str(HERE.parent.parent / "cmake" / "wine-run.sh")
    if not os.access(emulator, os.X_OK):
        pytest.fail(f"RWC_WINE_RUN: {emulator} is not executable")
    return [emulator]


@pytest.fixture(scope="session")
def launcher_exe():
    return _exe("RWC_WIN_LAUNCHER")


@pytest.fixture(scope="session")
def child_exe():
    return _exe("RWC_WIN_CHILD")


def wine_env(**extra):
    """clean_env() plus the build's Wine prefix; extra variables reach the Windows programs."""
    env = clean_env(**extra)
    if os.environ.get("RWC_WINEPREFIX"):
        env["RWC_WINEPREFIX"] = os.environ["RWC_WINEPREFIX"]
    return env


def winpath(path):
    """The Windows name of a Linux path under Wine's Z: drive."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


def unixpath(path):
    """The Linux path of a Z: path; None for any other drive (C:\\windows\\...)."""
    if not re.match(r"^[Zz]:\\", path):
        return None
    return Path(path[2:].replace("\\", "/"))


def same_file(got, expected):
    """Whether got (a Linux path from a Windows name, or None) is the file expected. Windows
    names are case-insensitive: Wine reports a dependency by the name its importer spells
    (cuTENSOR.dll for cutensor.dll), so the name is compared without case."""
    return (got is not None and got.parent.is_dir() and os.path.samefile(got.parent, expected.parent)
            and got.name.lower() == expected.name.lower())


def system32():
    """The lower-cased names of the files in the prefix's system32 (Wine's built-in DLLs)."""
    prefix = os.environ.get("RWC_WINEPREFIX")
    if not prefix:
        prefix = str(Path(os.environ.get("RWC_WIN_LAUNCHER", "")).resolve().parent.parent / "wine-prefix")
    folder = Path(prefix) / "drive_c" / "windows" / "system32"
    return {p.name.lower() for p in folder.iterdir()} if folder.is_dir() else set()


def print_env_win(wine, launcher_exe, root):
    """The launcher's --print-env json for the Windows venv at root."""
    proc = run(wine + [launcher_exe, "--no-config", "--print-env", "json", "--python", winpath(root)], env=wine_env())
    return json.loads(proc.stdout)


def doctor_win(wine, launcher_exe, root):
    proc = run(wine + [launcher_exe, "--no-config", "--doctor", "--json", "--python", winpath(root)],
               env=wine_env(), check=False)
    assert proc.returncode in (0, 1), f"--doctor exit {proc.returncode}: {proc.stderr}"
    return proc.returncode, json.loads(proc.stdout)


def parse_child_report(data):
    """The child's report: {'argv': [...], 'cwd': str, 'env': {name: value or None}, 'dll': {name: path or error}}."""
    out = {"argv": [], "cwd": None, "env": {}, "dll": {}}
    pos = 0
    while pos < len(data):
        eol = data.index(b"\n", pos)
        head = data[pos:eol].decode().split(" ")
        pos = eol + 1
        if head[0] == "unset":
            out["env"][head[1]] = None
            continue
        if head[0] == "nodll":
            out["dll"][head[1]] = int(head[2])
            continue
        length = int(head[-1])
        body = data[pos:pos + length].decode("utf-8")
        pos += length + 1
        if head[0] == "argv":
            out["argv"].append(body)
        elif head[0] == "cwd":
            out["cwd"] = body
        elif head[0] == "env":
            out["env"][head[1]] = body
        elif head[0] == "dll":
            out["dll"][head[1]] = body
    return out


def parse_report(data):
    """The child's report (bytes) as its DLL results: {dll name: ('dll', path) or ('nodll', error code)}."""
    return {name: ("nodll", seen) if isinstance(seen, int) else ("dll", seen)
            for name, seen in parse_child_report(data)["dll"].items()}


# What Wine prints when it cannot map a new process's shared user data page: its own
# start-up failure (ntdll's virtual_alloc_first_teb), before any code of the program runs.
WINE_START_FLAKE = "failed to map the shared user data"


def load_in_child(wine, scratch, command, names, debug=False, cwd=None):
    """Starts command (the child, directly or through the launcher) with RWC_CHILD_DLL=names,
    in cwd (scratch, the test's tmp_path, when None), its report written to scratch/report.txt
    (an earlier child's report removed first); returns (report dict, stderr). debug: Wine's
    loader errors on stderr."""
    report = Path(scratch) / "report.txt"
    report.unlink(missing_ok=True)
    extra = {"RWC_CHILD_DLL": ";".join(names), "RWC_CHILD_REPORT": winpath(report)}
    if debug:
        extra["RWC_WINEDEBUG"] = "err+module"
    proc = run(wine + command, env=wine_env(**extra), cwd=cwd or scratch, check=False, timeout=300)
    if not report.exists() and WINE_START_FLAKE in proc.stderr:
        # Wine itself could not start a process (seen once on a loaded 2-core machine): not
        # a result of the launcher's; one more try, and a second failure fails the test.
        proc = run(wine + command, env=wine_env(**extra), cwd=cwd or scratch, check=False, timeout=300)
    if not report.exists():
        pytest.fail(f"no child report (exit {proc.returncode}): {command}\n{proc.stderr[-4000:]}")
    return parse_report(report.read_bytes()), proc.stderr


# --- The files the wheels install --------------------------------------------------------

def dlls_and_tools(site, wset):
    """(DLLs, .exe files in a folder named bin): absolute paths from the set's RECORDs."""
    dlls, tools = [], []
    for rows in record_files(site, set(wset.names())).values():
        for rel in rows:
            path = Path(site) / rel
            name = path.name.lower()
            if name.endswith(".dll"):
                dlls.append(path)
            elif name.endswith(".exe") and path.parent.name.lower() == "bin":
                tools.append(path)
    return dlls, tools


def pe_imports(path):
    """The DLL names a PE32+ file imports (import and delay-import tables), lower case."""
    data = Path(path).read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        return []
    sections, opt_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    opt = pe + 24
    if struct.unpack_from("<H", data, opt)[0] != 0x20B:
        return []
    table = opt + opt_size
    spans = [struct.unpack_from("<IIII", data, table + 40 * i + 8) for i in range(sections)]

    def offset(rva):
        for vsize, vaddr, rsize, raw in spans:
            if vaddr <= rva < vaddr + max(vsize, rsize):
                return raw + rva - vaddr
        return None

    def cstring(rva):
        at = offset(rva)
        return data[at:data.index(b"\0", at)].decode("ascii", "replace").lower() if at is not None else None

    names = []
    for index, size in ((1, 20), (13, 32)):  # IMAGE_DIRECTORY_ENTRY_IMPORT, _DELAY_IMPORT
        rva = struct.unpack_from("<I", data, opt + 112 + 8 * index)[0]
        at = offset(rva) if rva else None
        while at is not None and at + size <= len(data):
            entry = data[at:at + size]
            if not any(entry):
                break
            name_rva = struct.unpack_from("<I", entry, 12 if index == 1 else 4)[0]
            name = cstring(name_rva)
            if name:
                names.append(name)
            at += size
    return names


def venv_imports(dll, on_path):
    """The venv's DLLs (on PATH) that dll imports, directly or through one another."""
    found, todo = {}, [dll]
    while todo:
        for name in pe_imports(todo.pop()):
            if name in on_path and name not in found and on_path[name] != dll:
                found[name] = on_path[name]
                todo.append(on_path[name])
    return list(found.values())


def missing_imports(dll, on_path, system):
    """Why a DLL cannot load by the search path: the import names (transitively, through the
    venv's DLLs on PATH) found neither among the DLLs on PATH nor in Wine's system32."""
    nowhere, seen, todo = set(), set(), [dll]
    while todo:
        current = todo.pop()
        for name in pe_imports(current):
            if name in seen:
                continue
            seen.add(name)
            if name in on_path:
                todo.append(on_path[name])
            elif name in system or name.startswith(("api-ms-win-", "ext-ms-")):
                continue
            else:
                nowhere.add(name)
    return nowhere


# --- (a) every DLL and tool on PATH ------------------------------------------------------

@pytest.mark.parametrize("name", WIN_SETS)
def test_every_dll_and_tool_is_on_path(wine, launcher_exe, name):
    wset, root = prepared(name)
    site = root / "Lib" / "site-packages"
    dlls, tools = dlls_and_tools(site, wset)
    assert dlls, f"the RECORDs of {name} list no DLL"
    changes = print_env_win(wine, launcher_exe, root)
    path = {str(unixpath(p)) for p in (changes.get("PATH") or "").split(";") if unixpath(p)}
    missed = sorted(str(p.relative_to(site)) for p in dlls if str(p.parent) not in path)
    missed += sorted(str(p.relative_to(site)) for p in tools if str(p.parent) not in path)
    print(f"{name}: {len(dlls)} DLLs, {len(tools)} bin/*.exe, {len(missed)} missed")
    assert not missed, (f"layout gap: {len(missed)} of {len(dlls) + len(tools)} not on PATH "
                        f"(launcher/cuda_rules.cpp has no rule for their folders):\n" + "\n".join(missed))


# --- (c) each DLL loads by its bare name, from the venv ----------------------------------

@pytest.mark.parametrize("name", WIN_SETS)
def test_each_dll_loads_from_the_venv(wine, launcher_exe, child_exe, name, tmp_path):
    wset, root = prepared(name)
    site = root / "Lib" / "site-packages"
    dlls, _ = dlls_and_tools(site, wset)
    changes = print_env_win(wine, launcher_exe, root)
    path = {str(unixpath(p)) for p in (changes.get("PATH") or "").split(";") if unixpath(p)}
    on_path = {p.name.lower(): p for p in dlls if str(p.parent) in path}
    venv_names = {p.name.lower() for p in dlls}
    system = system32()
    through_launcher = [launcher_exe, "--no-config", "--python", winpath(root), winpath(child_exe)]
    loaded, cannot, wrong, with_deps = [], [], [], 0
    started = time.monotonic()
    for dll in sorted(dlls, key=lambda p: p.name.lower()):
        # One child per DLL: its imports are then found by the search path, not among the
        # modules an earlier LoadLibraryW brought in.
        # Its imports from the venv (transitively) follow it in the list: LoadLibraryW then
        # returns the module already mapped, and GetModuleFileNameW tells where it came from.
        deps = venv_imports(dll, on_path)
        names = [dll.name] + [d.name for d in deps]
        report, stderr = load_in_child(wine, tmp_path, through_launcher, names, debug=True)
        kind, value = report.get(dll.name, ("missing", None))
        if kind == "dll":
            bad = []
            for expected in [dll] + deps:
                got_kind, got_value = report.get(expected.name, ("missing", None))
                got = unixpath(got_value) if got_kind == "dll" else None
                if not same_file(got, expected):
                    bad.append(f"{expected.name} from {got_value}, not from {expected}")
            if bad:
                wrong.append(f"{dll.name}: " + "; ".join(bad))
            else:
                loaded.append(dll.name)
                with_deps += bool(deps)
            continue
        if kind != "nodll":
            wrong.append(f"{dll.name}: no line in the child's report")
            continue
        wine_says = sorted({f"{m['dep']} (needed by {m['by'].rsplit(chr(92), 1)[-1]})"
                            for m in WINE_IMPORT_ERROR.finditer(stderr)})
        if value != ERROR_MOD_NOT_FOUND:
            cannot.append(f"{dll.name}: error {value}; Wine: {wine_says or 'no loader message'}")
            continue
        if dll.name.lower() not in on_path:
            wrong.append(f"{dll.name}: error 126, its folder {dll.parent} is not on PATH")
            continue
        nowhere = missing_imports(dll, on_path, system)
        in_venv = sorted(n for n in nowhere if n in venv_names)
        elsewhere = sorted(n for n in nowhere if n not in venv_names)
        if in_venv:
            wrong.append(f"{dll.name}: error 126, needs {in_venv} from the venv, not on PATH; Wine: {wine_says}")
        elif elsewhere:
            cannot.append(f"{dll.name}: error 126, needs {elsewhere} (shipped by no wheel of the set); "
                          f"Wine: {wine_says}")
        else:
            wrong.append(f"{dll.name}: error 126 with every import found; Wine: {wine_says}")
    print(f"{name}: {len(loaded)} of {len(dlls)} DLLs loaded from the venv ({with_deps} of them with their "
          f"imports from the venv, transitively, checked too) in {time.monotonic() - started:.1f} s")
    for line in cannot:
        print(f"{name}: Wine cannot load {line}")
    assert not wrong, f"{len(wrong)} DLLs not loaded from the venv by the search path:\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", WIN_SETS)
def test_without_the_launcher_the_child_does_not_find_them(wine, child_exe, name, tmp_path):
    # The control: the same child, started without the launcher, loads none of the venv's DLLs.
    wset, root = prepared(name)
    dlls, _ = dlls_and_tools(root / "Lib" / "site-packages", wset)
    report, _ = load_in_child(wine, tmp_path, [child_exe], [p.name for p in dlls])
    found = {n: v for n, (kind, v) in report.items() if kind == "dll"}
    assert len(report) == len(dlls), f"the child reported {len(report)} of {len(dlls)} DLLs"
    assert not found, f"loaded without the launcher: {found}"
    codes = {v for kind, v in report.values() if kind == "nodll"}
    assert codes == {ERROR_MOD_NOT_FOUND}, codes


def test_a_dll_whose_import_is_missing_is_diagnosed(wine, child_exe, tmp_path):
    # The diagnosis of the case above, on a DLL that cannot load: cutensor.dll found in the
    # working directory (the search order's last place but PATH) without the launcher, so its
    # import cublasLt64_13.dll is on no search path. Error 126, and both Wine's message and
    # missing_imports() name the import.
    wset, root = prepared("win-cu13")
    dll = root / "Lib" / "site-packages" / "cutensor" / "bin" / "cutensor.dll"
    report, stderr = load_in_child(wine, tmp_path, [child_exe], [dll.name], debug=True, cwd=dll.parent)
    assert report[dll.name] == ("nodll", ERROR_MOD_NOT_FOUND), report
    assert [m["dep"].lower() for m in WINE_IMPORT_ERROR.finditer(stderr)] == ["cublaslt64_13.dll"], stderr
    assert missing_imports(dll, {}, system32()) == {"cublaslt64_13.dll"}


# --- (d) CUDA_PATH and CUDA_HOME ---------------------------------------------------------

@pytest.mark.parametrize("name", WIN_SETS)
def test_cuda_path_and_cuda_home(wine, launcher_exe, name):
    wset, root = prepared(name)
    site = root / "Lib" / "site-packages"
    changes = print_env_win(wine, launcher_exe, root)
    assert changes.get("CUDA_PATH") == changes.get("CUDA_HOME"), changes
    home = unixpath(changes["CUDA_HOME"])
    held = sorted(p.relative_to(home).as_posix() for p in home.rglob("*")
                  if p.is_file() and p.relative_to(home).parts[0] in ("bin", "lib") and p.suffix != ".cmake")
    print(f"{name}: CUDA_HOME {changes['CUDA_HOME']} holds {sorted(p.name for p in home.iterdir())}; "
          f"bin/ and lib/: {held}")
    _, report = doctor_win(wine, launcher_exe, root)
    codes = {f["code"] for f in report["findings"]}
    if name == "win-cu13":
        assert home == site / "nvidia" / "cu13"
        for rel in ("bin/ptxas.exe", "bin/nvcc.exe", "include/cuda.h", "lib/x64/cuda.lib"):
            assert (home / rel).is_file(), f"{home / rel} missing"
        assert "cuda-home-incomplete" not in codes, report["findings"]
    else:
        # The CUDA 12 wheels: cuda_runtime holds the headers, bin/cudart64_12.dll and
        # lib/x64/{cuda,cudart,cudart_static,cudadevrt}.lib; ptxas.exe is in cuda_nvcc/bin and
        # no CUDA 12 wheel ships nvcc.exe. --doctor says so (cuda-home-incomplete).
        assert home == site / "nvidia" / "cuda_runtime"
        for rel in ("include/cuda.h", "include/cuda_runtime_api.h", "lib/x64/cuda.lib", "bin/cudart64_12.dll"):
            assert (home / rel).is_file(), f"{home / rel} missing"
        assert not (home / "bin" / "ptxas.exe").exists() and not (home / "bin" / "nvcc.exe").exists()
        assert (site / "nvidia" / "cuda_nvcc" / "bin" / "ptxas.exe").is_file()
        finding = [f for f in report["findings"] if f["code"] == "cuda-home-incomplete"]
        assert finding and "nvcc" in finding[0]["message"], report["findings"]


# --- (e) --doctor ------------------------------------------------------------------------

@pytest.mark.parametrize("name", WIN_SETS)
def test_doctor_lists_every_wheel_without_a_false_finding(wine, launcher_exe, name):
    wset, root = prepared(name)
    # As a user of an environment without the run-with-cuda wheel would (docs/windows-dll-loading.md):
    # put the start-up hook in, so that --doctor has no dll-hook-missing to report.
    run(wine + [launcher_exe, "--no-config", "--python", winpath(root), "--install-hook"], env=wine_env())
    assert (root / "Lib" / "site-packages" / "run_with_cuda_dll_dirs.pth").is_file()
    status, report = doctor_win(wine, launcher_exe, root)
    assert report["target_os"] == "windows", report["target_os"]
    listed = {w["name"].lower().replace("_", "-"): w for w in report["nvidia_wheels"]}
    problems = []
    for dist in wset.names():
        if dist not in listed:
            why = "" if dist.startswith("nvidia-") else \
                " (launcher gap: --doctor lists only distributions named nvidia-*, launcher/doctor/dist_scan.cpp)"
            problems.append(f"{dist} missing from --doctor's nvidia_wheels{why}")
            continue
        if listed[dist]["version"] != wset.version_of(dist):
            problems.append(f"{dist}: version {listed[dist]['version']}, pinned {wset.version_of(dist)}")
        if listed[dist]["cuda_major"] != MAJOR[name]:
            problems.append(f"{dist}: cuda_major {listed[dist]['cuda_major']}, expected {MAJOR[name]}")
    allowed = MACHINE_FINDINGS | SET_FINDINGS[name]
    problems += [f"false finding: {f}" for f in report["findings"] if f["code"] not in allowed]
    if status != 0:
        problems.append(f"--doctor exit {status}")
    print(f"{name}: --doctor lists {len(listed)} wheels; findings {sorted(f['code'] for f in report['findings'])}")
    assert not problems, "\n".join(problems)
