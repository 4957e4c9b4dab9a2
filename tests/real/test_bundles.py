"""PyInstaller one-folder bundles (docs/packaged-apps.md, "PyInstaller bundles"): a bundle built
here by the real PyInstaller from the set "pyinstaller" (PyInstaller 6 with the CUDA 13 runtime
and NVRTC wheels at the demo set's pins), its program tests/real/frozen_app.py. The wheels'
libraries sit in _internal/nvidia/cu13/lib, where the bootloader's LD_LIBRARY_PATH=_internal
does not reach: through a renamed launcher copy beside the bundle folder every library loads
from there; without it they do not (the control). The bundle is built once per set and
sources and kept in the test cache (wheelsets.built_once)."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import wheelsets
from conftest import SETS, clean_env, major_minor, prepared, run, runtime_number

HERE = Path(__file__).resolve().parent
HOOKS = HERE / "pyinstaller_hooks"
# The launcher's start-up hook, given to PyInstaller as a runtime hook (docs/packaged-apps.md,
# "PyInstaller bundles": on Windows it adds RUN_WITH_CUDA_DLL_DIRS; here it only has to build
# into the bundle and do nothing).
DLL_HOOK = HERE.parents[1] / "packaging" / "hook" / "_run_with_cuda_dll_dirs.py"
SOURCES = [HERE / "frozen_app.py", HERE / "nvrtc_compile.py", HERE / "maps.py", HOOKS / "hook-nvidia.cu13.py",
           DLL_HOOK]
ARGS = ["a b", "", "--help", "-v", "ünï", "$HOME"]


def shared_libpython(python):
    """True when python was built with --enable-shared (PyInstaller bundles libpython3.X.so)."""
    probe = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_config_var('Py_ENABLE_SHARED'))"],
                           capture_output=True, text=True)
    return probe.stdout.strip() == "1"


@pytest.fixture(scope="module")
def bundle():
    """The cached bundle folder (MyApp and _internal/) and the set's venv root."""
    wset, root = prepared("pyinstaller")
    python = root / "bin" / "python"
    if not shared_libpython(python):
        pytest.skip(f"{os.path.realpath(python)} was built without --enable-shared: PyInstaller needs "
                    "libpython3.11.so (pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared)")

    def build(folder):
        work = folder / "work"
        run([python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--name", "MyApp",
             "--distpath", folder, "--workpath", work, "--specpath", work, "--paths", HERE,
             "--additional-hooks-dir", HOOKS, "--hidden-import", "nvidia.cu13", "--runtime-hook", DLL_HOOK,
             HERE / "frozen_app.py"],
            env=clean_env(), timeout=900)
        shutil.rmtree(work)

    inputs = wset.lines + [str(root)] + [p.read_text(encoding="utf-8") for p in SOURCES]
    return wheelsets.built_once("pyinstaller-bundle", inputs, build) / "MyApp", root


def release_folder(tmp_path, launcher, bundle_dir):
    """tmp_path/MyApp-1.0: the bundle folder as app/ (hard links into the cache), and the renamed
    launcher copy MyApp with MyApp.toml beside it, so that the copy and the frozen program
    (app/MyApp) do not collide."""
    release = tmp_path / "MyApp-1.0"
    shutil.copytree(bundle_dir, release / "app", symlinks=True, copy_function=os.link)
    shutil.copy2(launcher, release / "MyApp")
    (release / "MyApp.toml").write_text('[app]\ncommand = ["app/MyApp", "--from-config"]\n', encoding="utf-8")
    return release


def report_of(proc):
    """The frozen app's JSON report (its last stdout line)."""
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_through_a_renamed_copy_every_library_comes_from_internal(launcher, bundle, tmp_path):
    bundle_dir, venv = bundle
    release = release_folder(tmp_path, launcher, bundle_dir)
    internal = release / "app" / "_internal"
    lib = internal / "nvidia" / "cu13" / "lib"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # VIRTUAL_ENV names a venv with the same wheels: a bundle adds no other environment's folders.
    report = report_of(run([release / "MyApp"] + ARGS, env=clean_env(VIRTUAL_ENV=str(venv)), cwd=elsewhere))
    print(f"\nbundle through the launcher: {json.dumps(report, indent=1)}")
    assert report["argv"] == ["--from-config"] + ARGS
    assert report["meipass"] == str(internal)
    assert report["no_site"] == 1, "the frozen interpreter runs no site.py: no .pth file, so no start-up hook"
    wset = SETS["pyinstaller"]  # its pins, on either track
    cudart = runtime_number(wset.version_of("nvidia-cuda-runtime"))
    builtins = "libnvrtc-builtins.so.{}.{}".format(*major_minor(wset.version_of("nvidia-cuda-nvrtc")))
    assert report["cudart_version"] == cudart and report["ptx_entry"] is True, report
    assert sorted(report["maps"]) == sorted(str(lib / name) for name in
                                            ("libcudart.so.13", "libnvrtc.so.13", builtins))
    # The bootloader put _internal in front of what the launcher set (pyi_utils_set_library_search_path).
    assert report["LD_LIBRARY_PATH"] == f"{internal}:{lib}"
    assert report["LD_LIBRARY_PATH_ORIG"] == str(lib)
    assert report["CUDA_PATH"] is None and report["CUDA_HOME"] is None, "the bundle holds no include/cuda.h"


def test_a_subprocess_sees_the_launchers_loader_path_again(launcher, bundle, tmp_path):
    release = release_folder(tmp_path, launcher, bundle[0])
    internal = release / "app" / "_internal"
    lib = internal / "nvidia" / "cu13" / "lib"
    report = report_of(run([release / "MyApp"], env=clean_env(LD_LIBRARY_PATH="/opt/x")))
    assert report["child_restored"] == f"{lib}:/opt/x", "LD_LIBRARY_PATH_ORIG put back: the launcher's value"
    assert report["child_inherited"] == f"{internal}:{lib}:/opt/x", "as the bootloader left it"


def test_command_naming_the_frozen_program(launcher, bundle, tmp_path):
    release = release_folder(tmp_path, launcher, bundle[0])
    report = report_of(run([launcher, "./app/MyApp", "x"], cwd=release))
    assert report["argv"] == ["x"]
    assert all(m.startswith(str(release / "app" / "_internal" / "nvidia")) for m in report["maps"]), report["maps"]
    assert len(report["maps"]) == 3, report["maps"]


def test_control_started_alone_the_bundles_libraries_stay_hidden(bundle, tmp_path):
    bundle_dir, _ = bundle
    app = shutil.copytree(bundle_dir, tmp_path / "app", symlinks=True, copy_function=os.link)
    report = report_of(run([app / "MyApp"], env=clean_env()))
    print(f"\nbundle alone: cudart {report['maps'] or report['cudart_error']}, nvrtc {report['nvrtc_error']}")
    assert not [m for m in report["maps"] if str(app) in m], report["maps"]
    cudart = [m for m in report["maps"] if "libcudart" in m]
    # On these machines /usr/local/cuda-13.0 is in the ld.so cache; elsewhere nothing is found.
    if cudart:
        assert all(m.startswith("/usr/local/cuda") for m in cudart) and report["cudart_version"], report
    else:
        assert report["cudart_error"], report
    assert report["LD_LIBRARY_PATH"] == str(app / "_internal")
