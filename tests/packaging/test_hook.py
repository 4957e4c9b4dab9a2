"""The start-up hook packaging/hook/_run_with_cuda_dll_dirs.py, on Linux: sys.platform is
set to "win32" and os.add_dll_directory is a recorder, so the Windows branch runs here
(docs/windows-dll-loading.md). Also the .pth file's one line, processed by Lib/site.py."""
import importlib.util
import os
import shutil
import subprocess
import sys
import unittest
from unittest import mock

import rwc_testlib

HOOK_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packaging", "hook")
MODULE = os.path.join(HOOK_DIR, "_run_with_cuda_dll_dirs.py")
PTH = os.path.join(HOOK_DIR, "run_with_cuda_dll_dirs.pth")


def load_hook(platform, value, add):
    """Executes the hook module afresh with sys.platform, RUN_WITH_CUDA_DLL_DIRS (None:
    unset) and os.add_dll_directory (None: absent) patched; returns the module."""
    env = {k: v for k, v in os.environ.items() if k != "RUN_WITH_CUDA_DLL_DIRS"}
    if value is not None:
        env["RUN_WITH_CUDA_DLL_DIRS"] = value
    spec = importlib.util.spec_from_file_location("_rwc_hook_under_test", MODULE)
    module = importlib.util.module_from_spec(spec)
    with mock.patch.object(sys, "platform", platform), mock.patch.dict(os.environ, env, clear=True):
        if add is None:  # as on Linux, and on Windows before Python 3.8
            assert not hasattr(os, "add_dll_directory")
            spec.loader.exec_module(module)
        else:
            with mock.patch.object(os, "add_dll_directory", add, create=True):
                spec.loader.exec_module(module)
    return module


class Recorder:
    """os.add_dll_directory's stand-in: records folders, returns a handle, raises for `bad`."""

    def __init__(self, bad=()):
        self.calls, self.bad = [], set(bad)

    def __call__(self, folder):
        self.calls.append(folder)
        if folder in self.bad:
            raise OSError(87, "The parameter is incorrect", folder)
        return ("handle", folder)


class Hook(unittest.TestCase):
    def setUp(self):
        self.tmp = rwc_testlib.scratch_dir()
        self.dirs = []
        for name in ("cu13 bin", "cudnn", "nccl"):
            self.dirs.append(os.path.join(self.tmp.name, name))
            os.mkdir(self.dirs[-1])

    def tearDown(self):
        self.tmp.cleanup()

    def test_adds_every_folder_in_order_and_keeps_the_handles(self):
        rec = Recorder()
        module = load_hook("win32", ";".join(self.dirs), rec)
        self.assertEqual(rec.calls, self.dirs)
        self.assertEqual(module._handles, [("handle", d) for d in self.dirs])

    def test_a_missing_folder_and_empty_elements_are_skipped(self):
        rec = Recorder()
        missing = os.path.join(self.tmp.name, "gone")
        load_hook("win32", ";".join([self.dirs[0], missing, "", self.dirs[1]]) + ";", rec)
        self.assertEqual(rec.calls, self.dirs[:2])

    def test_a_raising_folder_is_skipped_and_the_rest_still_added(self):
        rec = Recorder(bad={self.dirs[1]})
        module = load_hook("win32", ";".join(self.dirs), rec)
        self.assertEqual(rec.calls, self.dirs)
        self.assertEqual(module._handles, [("handle", self.dirs[0]), ("handle", self.dirs[2])])

    def test_nothing_when_the_variable_is_unset_or_empty(self):
        for value in (None, ""):
            rec = Recorder()
            module = load_hook("win32", value, rec)
            self.assertEqual(rec.calls, [], value)
            self.assertEqual(module._handles, [])

    def test_nothing_on_other_platforms(self):
        for platform in ("linux", "darwin", "cygwin"):
            rec = Recorder()
            load_hook(platform, ";".join(self.dirs), rec)
            self.assertEqual(rec.calls, [], platform)

    def test_no_add_dll_directory_before_python_3_8_is_not_an_error(self):
        module = load_hook("win32", ";".join(self.dirs), None)
        self.assertEqual(module._handles, [])


class PthFile(unittest.TestCase):
    def test_its_one_line_imports_the_module(self):
        with open(PTH, encoding="utf-8") as f:
            self.assertEqual(f.read(), "import _run_with_cuda_dll_dirs\n")

    def test_site_runs_the_hook_from_a_site_packages_folder(self):
        # A child interpreter with -S (no site-packages of its own), then site.addsitedir on a
        # folder holding the two files, as Lib/site.py does for site-packages at start-up.
        with rwc_testlib.scratch_dir() as sp:
            for f in (PTH, MODULE):
                shutil.copy(f, sp)
            dll_dir = os.path.join(sp, "dlls")
            os.mkdir(dll_dir)
            script = ("import os, site, sys\n"
                      "calls = []\n"
                      "os.add_dll_directory = lambda d: calls.append(d) or d\n"
                      "sys.platform = 'win32'\n"
                      "site.addsitedir(sys.argv[1])\n"
                      "sys.platform = 'linux'\n"
                      "import _run_with_cuda_dll_dirs as h\n"
                      "print(repr((calls, h._handles)))\n")
            # PYTHONUTF8: 3.8's io, seeing "win32", would ask _locale for a Windows code page.
            env = rwc_testlib.clean_env(RUN_WITH_CUDA_DLL_DIRS=dll_dir, PYTHONDONTWRITEBYTECODE="1", PYTHONUTF8="1")
            out = subprocess.run([sys.executable, "-S", "-c", script, sp], env=env, check=True,
                                 capture_output=True, text=True)
            self.assertEqual(out.stdout.strip(), repr(([dll_dir], [dll_dir])))


class InstallHookOption(unittest.TestCase):
    """run-with-cuda --install-hook / --remove-hook on a real venv (the built launcher)."""

    def setUp(self):
        self.launcher = os.environ.get("RWC_LAUNCHER")
        self.python = rwc_testlib.find_cpython()
        if not self.launcher or not self.python:
            self.skipTest("needs RWC_LAUNCHER and a CPython with venv")
        self.tmp = rwc_testlib.scratch_dir()
        self.venv = os.path.join(self.tmp.name, "app venv")
        self.venv_python = rwc_testlib.make_venv(self.python, self.venv, with_pip=False)
        self.sp = rwc_testlib.site_packages(self.venv_python)

    def tearDown(self):
        self.tmp.cleanup()

    def run_launcher(self, *args):
        return subprocess.run([self.launcher, "--no-config", "--python", self.venv] + list(args),
                              cwd=self.tmp.name, env=rwc_testlib.clean_env(), capture_output=True, text=True)

    def started_with_hook(self):
        out = subprocess.run([self.venv_python, "-c", "import sys; print('_run_with_cuda_dll_dirs' in sys.modules)"],
                             env=rwc_testlib.clean_env(), check=True, capture_output=True, text=True)
        return out.stdout.strip() == "True"

    def test_install_then_remove(self):
        self.assertFalse(self.started_with_hook())
        done = self.run_launcher("--install-hook")
        self.assertEqual((done.returncode, done.stderr), (0, ""))
        self.assertEqual(done.stdout, f"run-with-cuda: installed the start-up hook into {self.sp}\n")
        rwc_testlib.check_installed_hook(self, self.sp)
        self.assertTrue(self.started_with_hook())  # site.py ran the .pth; byte code now written
        again = self.run_launcher("--install-hook")
        self.assertEqual((again.returncode, again.stdout),
                         (0, f"run-with-cuda: the start-up hook in {self.sp} is up to date\n"))

        gone = self.run_launcher("--remove-hook")
        self.assertEqual((gone.returncode, gone.stdout), (0, f"run-with-cuda: removed the start-up hook from {self.sp}\n"))
        self.assertEqual([n for n in os.listdir(self.sp) if "run_with_cuda" in n], [])
        pycache = os.path.join(self.sp, "__pycache__")
        self.assertEqual([n for n in os.listdir(pycache) if "run_with_cuda" in n] if os.path.isdir(pycache) else [], [])
        self.assertFalse(self.started_with_hook())
        self.assertEqual(self.run_launcher("--remove-hook").stdout, f"run-with-cuda: no start-up hook in {self.sp}\n")

    def test_no_environment_is_a_usage_error(self):
        out = subprocess.run([self.launcher, "--no-config", "--python", os.path.join(self.tmp.name, "none"),
                              "--install-hook"], cwd=self.tmp.name, env=rwc_testlib.clean_env(),
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 127)  # as for any --python naming nothing
        self.assertTrue(out.stderr.startswith("run-with-cuda: error: "), out.stderr)
        self.assertEqual(out.stderr.count("\n"), 1, out.stderr)


if __name__ == "__main__":
    rwc_testlib.main()
