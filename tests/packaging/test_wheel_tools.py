"""The distributions checked by the Python packaging ecosystem's own tools (installed from
PyPI into the build tree, RWC_TOOLS_BIN): `auditwheel show` for the Linux wheel's
manylinux tag, `twine check` for the wheel(s) and the sdist, `check-wheel-contents`; and
the Linux binary's glibc symbol versions against the manylinux_2_17 limit (PEP 599)."""
import glob
import os
import re
import subprocess
import tarfile
import unittest
import zipfile

import rwc_testlib

DIST = os.environ["RWC_DIST_DIR"]
VERSION = os.environ["RWC_VERSION"]
TOOLS = os.environ["RWC_TOOLS_BIN"]
# The libraries a manylinux_2_17 (manylinux2014) binary may need (PEP 599, "The
# manylinux2014 policy"), of which a binary built for glibc 2.17 by Zig uses a few.
MANYLINUX2014_LIBS = {"libgcc_s.so.1", "libstdc++.so.6", "libm.so.6", "libdl.so.2", "librt.so.1",
                      "libc.so.6", "libnsl.so.1", "libutil.so.1", "libpthread.so.0", "libresolv.so.2",
                      "libX11.so.6", "libXext.so.6", "libXrender.so.1", "libICE.so.6", "libSM.so.6",
                      "libGL.so.1", "libgobject-2.0.so.0", "libgthread-2.0.so.0", "libglib-2.0.so.0",
                      "ld-linux-x86-64.so.2"}


def tool(name, *args):
    """Runs a tool of the tools venv; returns (exit status, stdout + stderr)."""
    proc = subprocess.run([os.path.join(TOOLS, name), *args], capture_output=True, text=True,
                          env=rwc_testlib.clean_env(PATH=TOOLS + ":/usr/bin:/bin"))
    return proc.returncode, proc.stdout + proc.stderr


def dists(pattern):
    """The distributions of this version in DIST matching pattern (a glob after the version)."""
    return sorted(glob.glob(os.path.join(DIST, f"run_with_cuda-{VERSION}{pattern}")))


def expected_wheels():
    """The wheels this build tree makes: win_amd64 in the MinGW build, manylinux otherwise."""
    pattern = "-py3-none-win_amd64.whl" if os.environ.get("RWC_CROSS_WINDOWS") else "-py3-none-manylinux_*_x86_64.whl"
    wheels = dists(pattern)
    if len(wheels) != 1:
        raise AssertionError(f"expected one {pattern} wheel in {DIST}, found {wheels}")
    return wheels


class Twine(unittest.TestCase):
    def test_twine_check_passes_for_the_wheels_and_the_sdist(self):
        files = expected_wheels() + ([] if os.environ.get("RWC_CROSS_WINDOWS") else dists(".tar.gz"))
        self.assertEqual(len(files), 1 if os.environ.get("RWC_CROSS_WINDOWS") else 2, files)
        status, out = tool("twine", "check", "--strict", *files)
        self.assertEqual(status, 0, out)
        self.assertEqual(out.count("PASSED"), len(files), out)


class CheckWheelContents(unittest.TestCase):
    def test_check_wheel_contents_reports_nothing(self):
        # The project's configuration ([tool.check-wheel-contents] in pyproject.toml) is read
        # from the working directory's pyproject.toml, hence --config naming it.
        pyproject = os.path.join(os.path.dirname(__file__), "..", "..", "pyproject.toml")
        status, out = tool("check-wheel-contents", "--config", pyproject, *expected_wheels())
        self.assertEqual(status, 0, out)
        self.assertEqual(out.strip().splitlines(), [f"{w}: OK" for w in expected_wheels()])


@unittest.skipIf(os.environ.get("RWC_CROSS_WINDOWS"), "the Linux wheel only")
class Auditwheel(unittest.TestCase):
    def setUp(self):
        self.wheel = expected_wheels()[0]
        self.tag = re.search(r"-py3-none-(manylinux_\d+_\d+_x86_64)\.whl$", self.wheel).group(1)

    def test_the_wheel_is_manylinux_2_17(self):
        self.assertEqual(self.tag, "manylinux_2_17_x86_64")

    def test_auditwheel_finds_the_wheel_consistent_with_its_tag(self):
        status, out = tool("auditwheel", "show", self.wheel)
        self.assertEqual(status, 0, out)
        flat = " ".join(out.split())
        self.assertIn(f'is consistent with the following platform tag: "{self.tag}"', flat)
        self.assertIn(f'This constrains the platform tag to "{self.tag}"', flat)

    def test_the_binary_needs_glibc_2_17_symbols_and_manylinux2014_libraries_only(self):
        with rwc_testlib.scratch_dir() as tmp, zipfile.ZipFile(self.wheel) as whl:
            binary = whl.extract(f"run_with_cuda-{VERSION}.data/scripts/run-with-cuda", tmp)
            dynsym = subprocess.run(["objdump", "-T", binary], check=True, capture_output=True, text=True).stdout
            dynamic = subprocess.run(["objdump", "-p", binary], check=True, capture_output=True, text=True).stdout
        versions = {tuple(int(x) for x in v.split(".")) for v in re.findall(r"\bGLIBC_(\d+\.\d+(?:\.\d+)?)\b", dynsym)}
        self.assertTrue(versions, "no GLIBC_ symbol versions found: not a glibc binary?")
        self.assertLessEqual(max(versions), (2, 17), sorted(versions))
        self.assertNotIn("GLIBCXX_", dynsym, "libstdc++ must not be needed")
        needed = set(re.findall(r"^\s*NEEDED\s+(\S+)", dynamic, re.MULTILINE))
        self.assertTrue(needed, "no NEEDED entries")
        self.assertLessEqual(needed, MANYLINUX2014_LIBS)


@unittest.skipIf(os.environ.get("RWC_CROSS_WINDOWS"), "the Linux build makes the sdist")
class Sdist(unittest.TestCase):
    def test_sdist_holds_the_build_inputs_and_no_build_tree(self):
        sdists = dists(".tar.gz")
        self.assertEqual(len(sdists), 1, sdists)
        with tarfile.open(sdists[0]) as tar:
            names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
        for needed in ("pyproject.toml", "VERSION", "LICENSE", "README.md", "CMakeLists.txt",
                       "cmake/toolchain-zig-glibc217.cmake", "launcher/main.cpp",
                       "packaging/hook/run_with_cuda_dll_dirs.pth", "PKG-INFO"):
            self.assertIn(needed, names)
        self.assertFalse([n for n in names if n.startswith("build/")], "the sdist holds a build tree")


if __name__ == "__main__":
    rwc_testlib.main()
