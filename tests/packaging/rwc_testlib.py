"""Helpers shared by the packaging tests (standard library only)."""
import base64
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

SKIP = 77  # ctest SKIP_RETURN_CODE


def scratch_dir():
    """A new scratch folder for one test, as the C++ suites' test::ScratchDir
    (tests/support/scratch_dir.hpp) makes it: under RWC_TEST_TMPDIR when set, else the
    system's temporary folder, named rwc-test-*; removed on cleanup() (or at the end of a
    with block) unless RWC_TEST_KEEP is set. Returns a tempfile.TemporaryDirectory."""
    base = os.environ.get("RWC_TEST_TMPDIR") or None
    if os.environ.get("RWC_TEST_KEEP"):
        return _KeptDir(tempfile.mkdtemp(prefix="rwc-test-", dir=base))
    return tempfile.TemporaryDirectory(prefix="rwc-test-", dir=base)


class _KeptDir:
    """A scratch folder that outlives the test (RWC_TEST_KEEP): TemporaryDirectory's shape."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        return self.name

    def __exit__(self, *exc):
        return False

    def cleanup(self):
        print(f"RWC_TEST_KEEP: kept {self.name}", file=sys.stderr)


def find_cpython():
    """A CPython 3 that can make venvs with pip: RWC_TEST_PYTHON, then the newest
    /root/.pyenv/versions/3.*/bin/python3, then python3 on PATH; None when there is none."""
    candidates = [os.environ.get("RWC_TEST_PYTHON", "")]
    versions = glob.glob("/root/.pyenv/versions/3.*/bin/python3")
    versions.sort(key=lambda p: [int(x) for x in p.split("/")[-3].split(".") if x.isdigit()], reverse=True)
    candidates += versions + [shutil.which("python3") or ""]
    for python in candidates:
        if python and os.access(python, os.X_OK):
            probe = subprocess.run([python, "-c", "import ensurepip, venv"], capture_output=True)
            if probe.returncode == 0:
                return python
    return None


def linux_wheel():
    """The one manylinux wheel of this version (RWC_VERSION) in RWC_DIST_DIR; fails otherwise."""
    dist, version = os.environ["RWC_DIST_DIR"], os.environ["RWC_VERSION"]
    wheels = glob.glob(os.path.join(dist, f"run_with_cuda-{version}-py3-none-manylinux_*_x86_64.whl"))
    if len(wheels) != 1:
        raise AssertionError(f"expected one manylinux wheel in {dist}, found {wheels}")
    return wheels[0]


def clean_env(**extra):
    """A small environment for children: no VIRTUAL_ENV, CONDA_PREFIX or PYTHON* variables."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": tempfile.gettempdir()}
    env.update(extra)
    return env


def make_venv(python, root, with_pip):
    """Creates a venv at root with python (pip from ensurepip, offline, when with_pip)."""
    args = [python, "-m", "venv", root] + ([] if with_pip else ["--without-pip"])
    subprocess.run(args, check=True, capture_output=True)
    return os.path.join(root, "bin", "python")


def site_packages(venv_python):
    """The venv's site-packages folder, as the interpreter reports it."""
    out = subprocess.run([venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def record_hash(data):
    """A wheel RECORD hash: sha256=<urlsafe base64, no padding>, computed independently of
    the backend that wrote the wheel (PEP 376)."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def check_wheel_record(test, wheel):
    """Asserts that the wheel's RECORD lists every file with its sha256 and size and that its
    scripts are executable; returns the names."""
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
        rows = [line.split(",") for line in whl.read(record_name).decode().splitlines()]
        test.assertEqual(sorted(r[0] for r in rows), sorted(names))
        for name, digest, size in rows:
            if name == record_name:
                test.assertEqual((digest, size), ("", ""))
                continue
            data = whl.read(name)
            test.assertEqual(digest, record_hash(data), name)
            test.assertEqual(int(size), len(data), name)
        scripts = [n for n in names if ".data/scripts/" in n]
        test.assertTrue(scripts, "no .data/scripts/ in the wheel")
        for script in scripts:
            test.assertEqual((whl.getinfo(script).external_attr >> 16) & 0o111, 0o111, script)
    return names


HOOK_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packaging", "hook")
HOOK_FILES = ("run_with_cuda_dll_dirs.pth", "_run_with_cuda_dll_dirs.py")


def check_wheel_hook(test, wheel):
    """Asserts that the wheel holds the start-up hook's two files (packaging/hook/) in
    purelib, byte for byte: at the root of a Root-Is-Purelib: true wheel, else in
    .data/purelib/ (PEP 427, binary distribution format)."""
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
        wheel_meta = whl.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
        root_is_purelib = "Root-Is-Purelib: true" in wheel_meta
        for name in HOOK_FILES:
            inside = [n for n in names if (n == name if root_is_purelib else n.endswith(".data/purelib/" + name))]
            test.assertEqual(len(inside), 1, f"{name} not in .data/purelib/ of {wheel}")
            with open(os.path.join(HOOK_DIR, name), "rb") as f:
                test.assertEqual(whl.read(inside[0]), f.read(), name)


def check_installed_hook(test, folder):
    """Asserts that folder (an installed site-packages) holds the hook's two files, as in
    packaging/hook/."""
    for name in HOOK_FILES:
        path = os.path.join(folder, name)
        test.assertTrue(os.path.isfile(path), f"{name} not installed into {folder}")
        with open(path, "rb") as a, open(os.path.join(HOOK_DIR, name), "rb") as b:
            test.assertEqual(a.read(), b.read(), name)


def main():
    """Runs the calling module's tests; exit 77 when every test was skipped."""
    program = unittest.main(module="__main__", exit=False, verbosity=2)
    result = program.result
    if result.testsRun and len(result.skipped) == result.testsRun:
        sys.exit(SKIP)
    sys.exit(0 if result.wasSuccessful() else 1)
