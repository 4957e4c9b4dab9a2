"""The wheel installed as users install tools: `uv tool install` and `pipx install` (both
from PyPI, RWC_TOOLS_BIN) put run-with-cuda on a bin folder outside any project, in the
tool's own venv; in a project folder with a .venv it then selects that project's venv,
not the tool's environment (the working directory's .venv comes before the launcher's
own environment)."""
import glob
import json
import os
import subprocess
import unittest

import rwc_testlib

VERSION = os.environ["RWC_VERSION"]
TOOLS = os.environ["RWC_TOOLS_BIN"]


class ToolInstall(unittest.TestCase):
    def setUp(self):
        self.python = rwc_testlib.find_cpython()
        if not self.python:
            self.skipTest("no CPython with ensurepip found")
        self.tmp = rwc_testlib.scratch_dir()
        self.bin = os.path.join(self.tmp.name, "user bin")
        self.project = os.path.join(self.tmp.name, "project")
        rwc_testlib.make_venv(self.python, os.path.join(self.project, ".venv"), with_pip=False)
        os.makedirs(os.path.join(self.project, "src"))

    def tearDown(self):
        self.tmp.cleanup()

    def check_installed_tool(self, tool_venv_root):
        """run-with-cuda is on the bin folder and runs; the hook is in the tool's venv; in the
        project's subfolder `run-with-cuda python` is the project's .venv python."""
        launcher = os.path.join(self.bin, "run-with-cuda")
        self.assertTrue(os.access(launcher, os.X_OK), f"no executable {launcher}")
        env = rwc_testlib.clean_env(PATH=self.bin + ":/usr/bin:/bin")
        out = subprocess.run(["run-with-cuda", "--version"], env=env, check=True, capture_output=True, text=True)
        self.assertEqual(out.stdout, f"run-with-cuda {VERSION}\n")
        site_packages = glob.glob(os.path.join(tool_venv_root, "lib", "python3*", "site-packages"))
        self.assertEqual(len(site_packages), 1, site_packages)
        rwc_testlib.check_installed_hook(self, site_packages[0])
        script = "import json, os, sys; print(json.dumps([sys.prefix, os.environ.get('VIRTUAL_ENV')]))"
        out = subprocess.run(["run-with-cuda", "python", "-c", script], cwd=os.path.join(self.project, "src"),
                             env=env, check=True, capture_output=True, text=True)
        prefix, virtual_env = json.loads(out.stdout)
        venv = os.path.join(self.project, ".venv")
        self.assertEqual(os.path.realpath(prefix), os.path.realpath(venv))
        self.assertEqual(os.path.realpath(virtual_env), os.path.realpath(venv))

    def test_uv_tool_install(self):
        tools = os.path.join(self.tmp.name, "uv tools")
        env = rwc_testlib.clean_env(UV_TOOL_DIR=tools, UV_TOOL_BIN_DIR=self.bin,
                                    UV_CACHE_DIR=os.path.join(self.tmp.name, "uv-cache"),
                                    UV_PYTHON_DOWNLOADS="never", UV_NO_CONFIG="1")
        proc = subprocess.run([os.path.join(TOOLS, "uv"), "tool", "install", "--offline", "--python", self.python,
                               rwc_testlib.linux_wheel()], env=env, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.check_installed_tool(os.path.join(tools, "run-with-cuda"))

    def test_pipx_install(self):
        home = os.path.join(self.tmp.name, "pipx home")
        env = rwc_testlib.clean_env(PIPX_HOME=home, PIPX_BIN_DIR=self.bin,
                                    PIPX_MAN_DIR=os.path.join(self.tmp.name, "man"))
        proc = subprocess.run([os.path.join(TOOLS, "pipx"), "install", "--python", self.python, rwc_testlib.linux_wheel()],
                              env=env, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.check_installed_tool(os.path.join(home, "venvs", "run-with-cuda"))


if __name__ == "__main__":
    rwc_testlib.main()
