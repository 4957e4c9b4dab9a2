"""The wheel: installed with `pip install --no-index` into a fresh venv, its run-with-cuda
selects that venv with no --python (docs/design.md: the environment that holds the launcher)."""
import json
import os
import subprocess
import unittest

import rwc_testlib



class WheelContents(unittest.TestCase):
    def test_record_lists_every_file_with_its_hash(self):
        names = rwc_testlib.check_wheel_record(self, rwc_testlib.linux_wheel())
        self.assertIn("run_with_cuda-" + os.environ["RWC_VERSION"] + ".data/scripts/run-with-cuda", names)

    def test_wheel_carries_the_start_up_hook_in_purelib(self):
        rwc_testlib.check_wheel_hook(self, rwc_testlib.linux_wheel())


class WheelInstall(unittest.TestCase):
    def setUp(self):
        self.python = rwc_testlib.find_cpython()
        if not self.python:
            self.skipTest("no CPython with ensurepip found (RWC_TEST_PYTHON, /root/.pyenv, python3 on PATH)")
        self.tmp = rwc_testlib.scratch_dir()
        self.venv = os.path.join(self.tmp.name, "env with space")
        venv_python = rwc_testlib.make_venv(self.python, self.venv, with_pip=True)
        subprocess.run([venv_python, "-m", "pip", "install", "--no-index", "--disable-pip-version-check",
                        "-q", rwc_testlib.linux_wheel()], check=True, capture_output=True, env=rwc_testlib.clean_env())
        self.launcher = os.path.join(self.venv, "bin", "run-with-cuda")
        sp = rwc_testlib.site_packages(venv_python)
        os.makedirs(os.path.join(sp, "nvidia", "cu13", "lib"))
        os.makedirs(os.path.join(sp, "nvidia", "cu13", "include"))
        open(os.path.join(sp, "nvidia", "cu13", "include", "cuda.h"), "w").close()
        self.site_packages = sp
        self.venv_python = venv_python

    def tearDown(self):
        self.tmp.cleanup()

    def test_installed_binary_selects_its_own_venv(self):
        self.assertTrue(os.access(self.launcher, os.X_OK), "pip did not install an executable bin/run-with-cuda")
        workdir = os.path.join(self.tmp.name, "elsewhere")
        os.mkdir(workdir)
        script = "import json, os, sys; print(json.dumps([sys.prefix, dict(os.environ)]))"
        out = subprocess.run([self.launcher, "python", "-c", script], cwd=workdir, env=rwc_testlib.clean_env(),
                             check=True, capture_output=True, text=True)
        prefix, env = json.loads(out.stdout)
        self.assertEqual(os.path.realpath(prefix), os.path.realpath(self.venv))
        self.assertEqual(env["VIRTUAL_ENV"], self.venv)
        cu13 = os.path.join(self.site_packages, "nvidia", "cu13")
        self.assertEqual(env["LD_LIBRARY_PATH"], os.path.join(cu13, "lib"))
        self.assertEqual(env["CUDA_PATH"], cu13)
        self.assertEqual(env["CUDA_HOME"], cu13)

    def test_the_venv_has_the_hook_and_imports_it_at_start_up(self):
        rwc_testlib.check_installed_hook(self, self.site_packages)
        # site.py ran the .pth line; on Linux the module then does nothing.
        out = subprocess.run([self.venv_python, "-c", "import sys; m = sys.modules.get('_run_with_cuda_dll_dirs');"
                              "print(m is not None, m and m._handles)"],
                             env=rwc_testlib.clean_env(RUN_WITH_CUDA_DLL_DIRS=self.site_packages),
                             check=True, capture_output=True, text=True)
        self.assertEqual(out.stdout.strip(), "True []")


if __name__ == "__main__":
    rwc_testlib.main()
