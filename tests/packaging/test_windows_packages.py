"""The Windows packages from the MinGW build: the win_amd64 wheel (contents, RECORD hashes,
both .exe variants as PE files) and the CPack .zip."""
import glob
import os
import struct
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
