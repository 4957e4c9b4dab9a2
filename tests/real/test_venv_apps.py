"""Venv app folders (docs/packaged-apps.md, "Venv app folders"), in InvokeAI's shape: an app
folder with a .venv holding the real CUDA 13 runtime and NVRTC wheels (from the set
"pyinstaller", at the demo set's pins) and a console script, myapp-web, that pip generated from
tests/real/venv_app's [project.scripts]. It is run by bare name, through run-with-cuda from the
app folder and through a renamed launcher copy's [app] command from anywhere; its arguments
reach it unchanged and every CUDA library loads from the venv. The control runs the console
script without the launcher. The venv is built once per set and sources (wheelsets.built_once)."""
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import wheelsets
from conftest import SETS, clean_env, major_minor, prepared, run, runtime_number

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "venv_app"
WHEELS = ("nvidia-cuda-runtime", "nvidia-cuda-nvrtc", "setuptools")
ARGS = ["--host", "0.0.0.0", "a b", "", "--help", "-v", "ünï", "$HOME", "x=y"]


@pytest.fixture(scope="module")
def venv():
    """The cached .venv (real path) with the CUDA wheels and myapp-web installed."""
    wset = SETS["pyinstaller"]  # its CUDA 13 runtime, NVRTC and setuptools pins
    python = wheelsets.find_python(wset.python)
    lines = [line for line in wset.lines if line.split("==", 1)[0] in WHEELS]

    def build(folder):
        root = folder / ".venv"
        run([python, "-m", "venv", root])
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "req.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            run([root / "bin" / "python", "-m", "pip", "install", "--no-deps", "--require-hashes",
                 "--progress-bar", "off", "-r", Path(tmp) / "req.txt"])
            source = shutil.copytree(PACKAGE, Path(tmp) / "src")  # pip builds in the source tree
            run([root / "bin" / "python", "-m", "pip", "install", "--no-index", "--no-build-isolation", "--no-deps",
                 "--progress-bar", "off", source])

    inputs = lines + [python] + [p.read_text(encoding="utf-8") for p in sorted(PACKAGE.iterdir()) if p.is_file()]
    return wheelsets.built_once("venv-app", inputs, build) / ".venv"


def app_folder(tmp_path, venv, launcher):
    """tmp_path/InvokeAI: .venv (a link to the cached venv), and the renamed launcher copy
    InvokeAI with InvokeAI.toml, whose [app] runs the console script by bare name."""
    app = tmp_path / "InvokeAI"
    app.mkdir()
    (app / ".venv").symlink_to(venv)
    shutil.copy2(launcher, app / "InvokeAI")
    (app / "InvokeAI.toml").write_text('[app]\ncommand = ["myapp-web", "--root", "."]\n', encoding="utf-8")
    return app


def report_of(proc):
    return json.loads(proc.stdout.strip().splitlines()[-1])


def assert_from_the_venv(report, venv):
    lib = venv / "lib" / "python3.11" / "site-packages" / "nvidia" / "cu13" / "lib"
    assert report["maps"] == sorted(str(lib / n) for n in ("libcudart.so.13", "libnvrtc.so.13")), report
    wset = SETS["pyinstaller"]  # its pins, on either track
    assert report["cudart"]["version"] == [runtime_number(wset.version_of("nvidia-cuda-runtime"))], report
    assert report["nvrtc"]["version"] == list(major_minor(wset.version_of("nvidia-cuda-nvrtc"))), report


def test_bare_console_script_from_the_app_folder(launcher, venv, tmp_path):
    app = app_folder(tmp_path, venv, launcher)
    report = report_of(run([launcher, "myapp-web"] + ARGS, cwd=app))
    print(f"\nvenv app through run-with-cuda: {json.dumps(report, indent=1)}")
    assert report["argv"] == ARGS
    assert report["VIRTUAL_ENV"] == str(app / ".venv")
    assert Path(report["executable"]).parent == venv / "bin", "the console script's #! interpreter"
    assert_from_the_venv(report, venv)


def test_renamed_copy_runs_the_console_script_from_anywhere(launcher, venv, tmp_path):
    app = app_folder(tmp_path, venv, launcher)
    report = report_of(run([app / "InvokeAI"] + ARGS, cwd=tmp_path))
    assert report["argv"] == ["--root", "."] + ARGS
    assert_from_the_venv(report, venv)


def test_control_without_the_launcher(venv, tmp_path):
    report = report_of(run([venv / "bin" / "myapp-web"] + ARGS, env=clean_env(), cwd=tmp_path))
    print(f"\nvenv app alone: cudart {report['cudart']}, nvrtc {report['nvrtc']}, maps {report['maps']}")
    assert report["argv"] == ARGS
    assert not [m for m in report["maps"] if str(venv) in m], report
    # Each library is either not found or a system copy (here /usr/local/cuda-13.0's libcudart,
    # which is in the ld.so cache; it has no libnvrtc.so.13 there).
    for name in ("cudart", "nvrtc"):
        mapped = [m for m in report["maps"] if f"lib{name}" in m]
        assert ("error" in report[name]) != bool(mapped), report
        assert all(m.startswith("/usr/") for m in mapped), report
