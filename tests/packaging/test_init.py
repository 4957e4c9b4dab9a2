"""--init: writes a starter run-with-cuda.toml that the launcher then loads without error,
listing the CUDA packages found; a second --init refuses and leaves the file alone."""
import json
import os
import subprocess
import unittest

import rwc_testlib

LAUNCHER = os.environ["RWC_LAUNCHER"]


class Init(unittest.TestCase):
    def setUp(self):
        python = rwc_testlib.find_cpython()
        if not python:
            self.skipTest("no CPython found (RWC_TEST_PYTHON, /root/.pyenv, python3 on PATH)")
        self.tmp = rwc_testlib.scratch_dir()
        self.project = os.path.join(self.tmp.name, "project")
        venv_python = rwc_testlib.make_venv(python, os.path.join(self.project, ".venv"), with_pip=False)
        self.cudnn = os.path.join(rwc_testlib.site_packages(venv_python), "nvidia", "cudnn", "lib")
        os.makedirs(self.cudnn)

    def tearDown(self):
        self.tmp.cleanup()

    def launch(self, *args):
        return subprocess.run([LAUNCHER, *args], cwd=self.project, env=rwc_testlib.clean_env(),
                              capture_output=True, text=True)

    def test_init_writes_a_config_the_launcher_loads(self):
        result = self.launch("--init")
        self.assertEqual(result.returncode, 0, result.stderr)
        config = os.path.join(self.project, "run-with-cuda.toml")
        with open(config, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('interpreter = ".venv/bin/python', text)
        self.assertRegex(text, r"#\s+cudnn\s+\.venv/lib/python3\.\d+t?/site-packages/nvidia/cudnn\n")
        # The written file is what the launcher now finds and uses, without error.
        shown = self.launch("-v", "--print-env", "json")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn(f"config: {config}", shown.stderr)
        self.assertEqual(json.loads(shown.stdout)["LD_LIBRARY_PATH"], self.cudnn)

    def test_second_init_refuses_and_keeps_the_file(self):
        self.assertEqual(self.launch("--init").returncode, 0)
        config = os.path.join(self.project, "run-with-cuda.toml")
        with open(config, "a", encoding="utf-8") as f:
            f.write("# edited by the user\n")
        with open(config, encoding="utf-8") as f:
            before = f.read()
        again = self.launch("--init")
        self.assertEqual(again.returncode, 2)
        self.assertEqual(again.stderr, f"run-with-cuda: error: {config} exists; --init never overwrites a config\n")
        with open(config, encoding="utf-8") as f:
            self.assertEqual(f.read(), before)


if __name__ == "__main__":
    rwc_testlib.main()
