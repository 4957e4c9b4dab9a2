"""The .deb and .tar.gz from CPack: control fields, contents, and the binary run from an
extracted scratch root."""
import glob
import json
import os
import subprocess
import tarfile
import unittest

import rwc_testlib

DIST = os.environ["RWC_DIST_DIR"]
VERSION = os.environ["RWC_VERSION"]


def one(pattern):
    found = glob.glob(os.path.join(DIST, pattern))
    if len(found) != 1:
        raise AssertionError(f"expected one {pattern} in {DIST}, found {found}")
    return found[0]


class Deb(unittest.TestCase):
    def setUp(self):
        self.deb = one(f"run-with-cuda_{VERSION}_*.deb")

    def field(self, name):
        return subprocess.run(["dpkg-deb", "-f", self.deb, name], check=True, capture_output=True,
                              text=True).stdout.strip()

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "run-with-cuda")
        self.assertEqual(self.field("Version"), VERSION)
        self.assertEqual(self.field("Architecture"), "amd64")
        depends = self.field("Depends")
        self.assertRegex(depends, r"^libc6 \(>= 2\.\d+\)$", "the binary must depend only on the C library")

    def test_contents(self):
        listing = subprocess.run(["dpkg-deb", "-c", self.deb], check=True, capture_output=True, text=True).stdout
        files = {line.split()[-1] for line in listing.splitlines()}
        self.assertIn("./usr/bin/run-with-cuda", files)
        self.assertIn("./usr/share/doc/run-with-cuda/run-with-cuda.example.toml", files)
        self.assertIn("./usr/share/doc/run-with-cuda/README.md", files)
        mode = next(line.split()[0] for line in listing.splitlines() if line.endswith("./usr/bin/run-with-cuda"))
        self.assertEqual(mode, "-rwxr-xr-x")

    def test_shell_completions_in_the_standard_folders(self):
        with rwc_testlib.scratch_dir() as root:
            subprocess.run(["dpkg-deb", "-x", self.deb, root], check=True)
            for shell, path in (("bash", "usr/share/bash-completion/completions/run-with-cuda"),
                                ("zsh", "usr/share/zsh/vendor-completions/_run-with-cuda"),
                                ("fish", "usr/share/fish/vendor_completions.d/run-with-cuda.fish")):
                printed = subprocess.run([os.path.join(root, "usr", "bin", "run-with-cuda"), "--completions", shell],
                                         check=True, capture_output=True).stdout
                with open(os.path.join(root, path), "rb") as f:
                    self.assertEqual(f.read(), printed, path)

    def test_extracted_binary_runs(self):
        with rwc_testlib.scratch_dir() as root:
            subprocess.run(["dpkg-deb", "-x", self.deb, root], check=True)
            binary = os.path.join(root, "usr", "bin", "run-with-cuda")
            out = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True)
            self.assertEqual(out.stdout, f"run-with-cuda {VERSION}\n")
            out = subprocess.run([binary, "--no-config", "--print-env", "json"], cwd=root, check=True,
                                 capture_output=True, text=True, env=rwc_testlib.clean_env(PATH=""))
            self.assertEqual(json.loads(out.stdout), {"RUN_WITH_CUDA": VERSION})


class Tarball(unittest.TestCase):
    def test_contents(self):
        with tarfile.open(one(f"run-with-cuda-{VERSION}-linux-x86_64.tar.gz")) as tar:
            names = {m.name for m in tar.getmembers()}
        self.assertIn(f"run-with-cuda-{VERSION}-linux-x86_64/bin/run-with-cuda", names)


if __name__ == "__main__":
    rwc_testlib.main()
