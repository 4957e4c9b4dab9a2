"""The example packaged app (packaging/example-app): a renamed copy `MyApp` beside
`MyApp.toml`, a venv with a stand-in CUDA runtime and the app code, started from an
unrelated working directory with and without arguments."""
import json
import os
import shutil
import subprocess
import unittest

import rwc_testlib

LAUNCHER = os.environ["RWC_LAUNCHER"]
EXAMPLE = os.environ["RWC_EXAMPLE_APP"]
STANDINS = os.environ["RWC_STANDIN_DIR"]


class PackagedApp(unittest.TestCase):
    def setUp(self):
        python = rwc_testlib.find_cpython()
        if not python:
            self.skipTest("no CPython found (RWC_TEST_PYTHON, /root/.pyenv, python3 on PATH)")
        self.tmp = rwc_testlib.scratch_dir()
        self.app = os.path.join(self.tmp.name, "My App")
        shutil.copytree(EXAMPLE, self.app)
        shutil.copy2(LAUNCHER, os.path.join(self.app, "MyApp"))
        venv_python = rwc_testlib.make_venv(python, os.path.join(self.app, ".venv"), with_pip=False)
        lib = os.path.join(rwc_testlib.site_packages(venv_python), "nvidia", "cu13", "lib")
        os.makedirs(lib)
        shutil.copy2(os.path.join(STANDINS, "libcudart.so.13"), lib)
        self.library = os.path.join(lib, "libcudart.so.13")
        self.elsewhere = os.path.join(self.tmp.name, "elsewhere")
        os.mkdir(self.elsewhere)

    def tearDown(self):
        self.tmp.cleanup()

    def run_app(self, *args):
        return subprocess.run([os.path.join(self.app, "MyApp"), *args], cwd=self.elsewhere,
                              env=rwc_testlib.clean_env(), capture_output=True, text=True)

    def test_double_click_runs_the_app_with_its_cuda_libraries(self):
        result = self.run_app()
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual(report["argv"], [])
        self.assertEqual(report["cwd"], self.app)
        self.assertEqual(report["library"], self.library)
        self.assertEqual(report["env"]["VIRTUAL_ENV"], os.path.join(self.app, ".venv"))

    def test_arguments_are_appended_and_none_is_a_launcher_option(self):
        result = self.run_app("--help", "a b", "", "--exit", "7")
        self.assertEqual(result.returncode, 7, result.stderr)
        self.assertEqual(json.loads(result.stdout)["argv"], ["--help", "a b", "", "--exit", "7"])

    def test_a_broken_config_starts_nothing(self):
        with open(os.path.join(self.app, "MyApp.toml"), "a", encoding="utf-8") as f:
            f.write("\n[app]\ncommand = []\n")
        result = self.run_app()
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, "")
        self.assertRegex(result.stderr, r"^run-with-cuda: error: .*/My App/MyApp\.toml:\d+:\d+: [^\n]*\n$")


if __name__ == "__main__":
    rwc_testlib.main()
