"""The Windows packages from the MinGW build: the win_amd64 wheel (contents, RECORD hashes,
both .exe variants as PE files, the start-up hook in purelib, installed by pip for
win_amd64) and the CPack .zip."""
import glob
import os
import struct
import subprocess
import unittest
import zipfile

import rwc_testlib

DIST = os.environ["RWC_DIST_DIR"]
VERSION = os.environ["RWC_VERSION"]
EXES = ("run-with-cuda.exe", "run-with-cuda-w.exe")


def pe_subsystem(data):
    """The PE optional header's Subsystem field (2 = GUI, 3 = console); fails on a non-PE file."""
    assert data[:2] == b"MZ", "not an MZ executable"
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0", "no PE signature"
    return struct.unpack_from("<H", data, pe + 24 + 68)[0]


class WindowsWheel(unittest.TestCase):
    def test_wheel_holds_both_launchers_with_hashes(self):
        wheels = glob.glob(os.path.join(DIST, f"run_with_cuda-{VERSION}-py3-none-win_amd64.whl"))
        self.assertEqual(len(wheels), 1, wheels)
        names = rwc_testlib.check_wheel_record(self, wheels[0])
        with zipfile.ZipFile(wheels[0]) as whl:
            for exe, subsystem in zip(EXES, (3, 2)):
                name = f"run_with_cuda-{VERSION}.data/scripts/{exe}"
                self.assertIn(name, names)
                self.assertEqual(pe_subsystem(whl.read(name)), subsystem, exe)

    def test_wheel_carries_the_start_up_hook_and_pip_installs_it(self):
        wheel = glob.glob(os.path.join(DIST, f"run_with_cuda-{VERSION}-py3-none-win_amd64.whl"))[0]
        rwc_testlib.check_wheel_hook(self, wheel)
        python = rwc_testlib.find_cpython()
        if not python:
            self.skipTest("no CPython with ensurepip found")
        # pip installs a win_amd64 wheel on Linux only into a --target folder, which stands
        # for site-packages: purelib goes there, scripts to its bin/.
        with rwc_testlib.scratch_dir() as tmp:
            venv_python = rwc_testlib.make_venv(python, os.path.join(tmp, "venv"), with_pip=True)
            target = os.path.join(tmp, "site-packages")
            subprocess.run([venv_python, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "-q",
                            "--platform", "win_amd64", "--only-binary=:all:", "--target", target, wheel],
                           check=True, capture_output=True, env=rwc_testlib.clean_env())
            rwc_testlib.check_installed_hook(self, target)


class WindowsZip(unittest.TestCase):
    def test_zip_holds_both_launchers_and_the_example_config(self):
        archive = os.path.join(DIST, f"run-with-cuda-{VERSION}-win64.zip")
        with zipfile.ZipFile(archive) as z:
            names = set(z.namelist())
        top = f"run-with-cuda-{VERSION}-win64/"
        for expected in EXES + ("config/run-with-cuda.example.toml", "config/README.md"):
            self.assertIn(top + expected, names)


if __name__ == "__main__":
    rwc_testlib.main()
