"""Python's embeddable distribution as ComfyUI's Windows portable ships it, under the real
run-with-cuda.exe run by Wine (docs/packaged-apps.md, "The embeddable distribution"):

  ComfyUI_windows_portable/
    ComfyUI.exe, ComfyUI.toml        the launcher renamed, and its config
    ComfyUI/main.py
    python_embeded/python.exe        a stand-in: the win32 suite's child, which reports what it got
    python_embeded/python311.dll, python311.zip, python311._pth
    python_embeded/Lib/site-packages NVIDIA's real win_amd64 CUDA 12 wheels (the win-cu12 set):
                                     its installed site-packages again, as folders of hard links
                                     to the set's files (no second copy; Wine 8 does not show a
                                     symbolic link to a folder as a folder to Boost.Filesystem)

The ._pth file is written as CPython's PC/layout/main.py writes it for the embeddable zip
(text mode on Windows: CRLF), then edited as ComfyUI's release workflow does
(.github/workflows/stable-release.yml: `echo 'import site' >>` and `sed -i '1i../ComfyUI'`,
which add LF lines). Started from another working directory, the child must see every DLL
folder of the wheels on PATH and in RUN_WITH_CUDA_DLL_DIRS, load cudart and NVRTC by bare
name, and get its arguments and exit code unchanged. The control (python.exe started the way
run_nvidia_gpu.bat does, without the launcher) is recorded too.
"""
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import prepared, run
from test_windows_sets import (WINE_START_FLAKE, child_exe, dlls_and_tools, launcher_exe,  # noqa: F401 (fixtures)
                               parse_child_report, unixpath, wine, wine_env, winpath)

SET = "win-cu12"
# PC/layout/main.py's ._pth for a zip-lib layout (python311.zip, ".", a blank line, the comment, "#import site").
SHIPPED_PTH = "python311.zip\r\n.\r\n\r\n# Uncomment to run site.main() automatically\r\n#import site\r\n"
# After ComfyUI's two edits: "import site" appended, "../ComfyUI" inserted as line 1.
COMFYUI_PTH = "../ComfyUI\n" + SHIPPED_PTH + "import site\n"
TOML = """\
# ComfyUI's run_nvidia_gpu.bat, as a renamed launcher: .\\python_embeded\\python.exe -s ComfyUI\\main.py --windows-standalone-build
[app]
command = ["python_embeded\\\\python.exe", "-s", "ComfyUI\\\\main.py", "--windows-standalone-build"]
working-directory = "."

[python]
interpreter = "python_embeded/python.exe"
"""
ARGS = ["--listen", "0.0.0.0", "a b", 'quote"d', "trailing\\"]
EXIT = 42  # Wine passes the low 8 bits to Linux
HOOK_FILES = ("run_with_cuda_dll_dirs.pth", "_run_with_cuda_dll_dirs.py")


def make_portable(base, site, launcher, child, pth=COMFYUI_PTH):
    """The portable folder under base; returns its path."""
    top = base / "ComfyUI_windows_portable"
    embeded = top / "python_embeded"
    sp = embeded / "Lib" / "site-packages"
    sp.parent.mkdir(parents=True)
    # Hard links (the same file system as the set), without the start-up hook that another
    # test may have put into the set (test_windows_sets.py, --doctor).
    shutil.copytree(site, sp, copy_function=os.link, ignore=shutil.ignore_patterns(*HOOK_FILES))
    (embeded / "python.exe").write_bytes(Path(child).read_bytes())
    (embeded / "python311.dll").write_bytes(b"")
    (embeded / "python311.zip").write_bytes(b"")
    (embeded / "python311._pth").write_bytes(pth.encode())
    (top / "ComfyUI").mkdir()
    (top / "ComfyUI" / "main.py").write_text("print('ComfyUI')\n")
    (top / "ComfyUI.exe").write_bytes(Path(launcher).read_bytes())
    (top / "ComfyUI.toml").write_text(TOML)
    return top


def start(wine, command, report, cwd, extra=None):
    """Runs command under Wine in cwd with the child's report in report; (exit status, parsed report)."""
    report.unlink(missing_ok=True)
    env = wine_env(RWC_CHILD_REPORT=winpath(report), RWC_CHILD_EXIT=str(EXIT),
                   RWC_CHILD_ENV="PATH;RUN_WITH_CUDA_DLL_DIRS;CUDA_PATH;RUN_WITH_CUDA",
                   RWC_CHILD_DLL="cudart64_12.dll;nvrtc64_120_0.dll", **(extra or {}))
    proc = run(wine + command, env=env, cwd=cwd, check=False, timeout=300)
    if not report.exists() and WINE_START_FLAKE in proc.stderr:
        proc = run(wine + command, env=env, cwd=cwd, check=False, timeout=300)  # Wine's own start-up failure
    if not report.exists():
        pytest.fail(f"no child report (exit {proc.returncode}): {command}\n{proc.stderr[-4000:]}")
    return proc.returncode, parse_child_report(report.read_bytes())


def under(path, folder):
    """Whether the Windows path (a Z: name) lies in the Linux folder, without following links."""
    p = unixpath(path)
    return p is not None and os.path.normpath(str(p)).startswith(os.path.normpath(str(folder)) + os.sep)


@pytest.fixture
def portable(tmp_path, launcher_exe, child_exe):  # noqa: F811 (pytest fixtures)
    """(set, its site-packages, the portable folder). The folder is made in tmp_path when that is
    on the set's file system (hard links need one), else in a scratch folder beside the set."""
    wset, root = prepared(SET)
    site = root / "Lib" / "site-packages"
    if os.stat(tmp_path).st_dev == os.stat(root).st_dev:
        yield wset, site, make_portable(tmp_path, site, launcher_exe, child_exe)
        return
    with tempfile.TemporaryDirectory(dir=root.parent, prefix=f"{SET}-portable-") as scratch:
        yield wset, site, make_portable(Path(scratch), site, launcher_exe, child_exe)


def test_renamed_launcher_runs_comfyui_from_any_directory(wine, portable, tmp_path):  # noqa: F811
    wset, site, top = portable
    sp = top / "python_embeded" / "Lib" / "site-packages"
    dlls, _ = dlls_and_tools(site, wset)
    dll_folders = sorted({str(sp / d.parent.relative_to(site)) for d in dlls})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    status, got = start(wine, [winpath(top / "ComfyUI.exe")] + ARGS, tmp_path / "report.txt", elsewhere)
    assert status == EXIT
    assert [unixpath(got["argv"][0])] == [top / "python_embeded" / "python.exe"]
    assert got["argv"][1:] == ["-s", "ComfyUI\\main.py", "--windows-standalone-build"] + ARGS
    assert unixpath(got["cwd"]) == top  # [app] working-directory = "." (the config's folder)
    dirs = [d for d in got["env"]["RUN_WITH_CUDA_DLL_DIRS"].split(";") if d]
    assert all(under(d, sp) for d in dirs), dirs
    assert sorted(str(unixpath(d)) for d in dirs) == dll_folders
    path = got["env"]["PATH"].split(";")
    assert path[:len(dirs)] == dirs, "the DLL folders come first on PATH"
    assert under(got["env"]["CUDA_PATH"], sp)
    assert got["env"]["RUN_WITH_CUDA"]
    for name, folder in (("cudart64_12.dll", "nvidia/cuda_runtime/bin"), ("nvrtc64_120_0.dll", "nvidia/cuda_nvrtc/bin")):
        assert isinstance(got["dll"][name], str), f"{name} did not load: error {got['dll'][name]}"
        assert unixpath(got["dll"][name]).parent == sp / folder, got["dll"][name]
    print(f"{SET} in python_embeded: {len(dirs)} DLL folders on PATH and in RUN_WITH_CUDA_DLL_DIRS, "
          f"exit {status}, argv unchanged")

    # The control: python.exe started as run_nvidia_gpu.bat starts it, without the launcher.
    status, alone = start(wine, [winpath(top / "python_embeded" / "python.exe"), "-s", "ComfyUI\\main.py"],
                          tmp_path / "report.txt", top)
    assert status == EXIT
    assert alone["env"]["RUN_WITH_CUDA_DLL_DIRS"] is None
    assert not any(under(p, sp) for p in alone["env"]["PATH"].split(";"))
    print(f"without the launcher: cudart64_12.dll {alone['dll']['cudart64_12.dll']}, "
          f"nvrtc64_120_0.dll {alone['dll']['nvrtc64_120_0.dll']} (126: ERROR_MOD_NOT_FOUND)")
    assert alone["dll"]["cudart64_12.dll"] == 126


def doctor(wine, launcher, top):
    proc = run(wine + [launcher, "--config", winpath(top / "ComfyUI.toml"), "--doctor", "--json"],
               env=wine_env(), check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_doctor_and_install_hook(wine, launcher_exe, portable):  # noqa: F811
    wset, site, top = portable
    embeded = top / "python_embeded"
    sp = embeded / "Lib" / "site-packages"
    report = doctor(wine, launcher_exe, top)
    python = report["python"]
    assert python["kind"] == "embeddable"
    assert unixpath(python["pth"]["file"]) == embeded / "python311._pth"
    assert python["pth"]["import_site"] is True
    assert [unixpath(f) for f in python["pth"]["folders"]] == [top / "ComfyUI", embeded]
    assert [unixpath(f) for f in python["site_packages"]] == [top / "ComfyUI", embeded, sp]
    codes = {f["code"] for f in report["findings"]}
    assert "pth-no-import-site" not in codes
    assert "dll-hook-missing" in codes
    assert len(report["nvidia_wheels"]) == len(wset.lines)

    proc = run(wine + [launcher_exe, "--python", winpath(embeded), "--install-hook"], env=wine_env())
    assert "installed the start-up hook into" in proc.stdout
    for name in HOOK_FILES:
        assert (sp / name).is_file() and (sp / name).stat().st_nlink == 1, f"{name}: a new file, not the set's"
    assert "dll-hook-missing" not in {f["code"] for f in doctor(wine, launcher_exe, top)["findings"]}

    # The ._pth file as the embeddable zip ships it: no "import site".
    (embeded / "python311._pth").write_bytes(SHIPPED_PTH.encode())
    report = doctor(wine, launcher_exe, top)
    finding = [f for f in report["findings"] if f["code"] == "pth-no-import-site"]
    assert finding and 'add the line "import site"' in finding[0]["message"]
    assert report["python"]["site_packages"] == [winpath(embeded)]
    assert report["cuda"]["package_folders"] == []
