"""The shell completions printed by `run-with-cuda --completions SHELL`, loaded into the
real shells (scripts/install-deps.sh installs bash-completion, zsh and fish): registered
for run-with-cuda, and completing options, --print-env formats and shells."""
import os
import shutil
import subprocess
import unittest

import rwc_testlib

LAUNCHER = os.environ["RWC_LAUNCHER"]
FORMATS = ["cmd", "dotenv", "fish", "json", "powershell", "sh"]


SCRATCH = rwc_testlib.scratch_dir()  # the module's scripts; removed in tearDownModule


def tearDownModule():
    SCRATCH.cleanup()


def script(shell):
    """The launcher's script for shell, written to a file in SCRATCH; returns its path."""
    out = subprocess.run([LAUNCHER, "--completions", shell], check=True, capture_output=True).stdout
    path = os.path.join(SCRATCH.name, "completions." + shell)
    with open(path, "wb") as f:
        f.write(out)
    return path


def need(shell):
    """The shell's path; the test fails (not skips) when it is missing: install-deps.sh installs it."""
    path = shutil.which(shell)
    if not path:
        raise AssertionError(f"{shell} is not installed (scripts/install-deps.sh installs it)")
    return path


class Bash(unittest.TestCase):
    def setUp(self):
        self.script = script("bash")

    def tearDown(self):
        os.remove(self.script)

    def bash(self, code):
        return subprocess.run([need("bash"), "--norc", "--noprofile", "-c", f"source {self.script}\n{code}"],
                              check=True, capture_output=True, text=True, env=rwc_testlib.clean_env()).stdout

    def complete(self, *words):
        """COMPREPLY for the command line words (the last one is being completed), one per line."""
        quoted = " ".join("'" + w + "'" for w in words)
        out = self.bash(f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; _run_with_cuda\n"
                        'printf "%s\\n" "${COMPREPLY[@]}"')
        return sorted(line for line in out.splitlines() if line)

    def test_complete_p_shows_the_registration(self):
        self.assertEqual(self.bash("complete -p run-with-cuda").strip(),
                         "complete -o bashdefault -o default -F _run_with_cuda run-with-cuda")

    def test_options_and_values(self):
        self.assertEqual(self.complete("run-with-cuda", "--pri"), ["--print-env"])
        self.assertEqual(self.complete("run-with-cuda", "--print-env", ""), FORMATS)
        self.assertEqual(self.complete("run-with-cuda", "-v", "--completions", "z"), ["zsh"])
        self.assertIn("--doctor", self.complete("run-with-cuda", "--d"))

    def test_after_command_the_launcher_options_stop(self):
        # "python" is COMMAND: its arguments are not the launcher's options.
        self.assertNotIn("--print-env", self.complete("run-with-cuda", "python", "--pri"))


class Fish(unittest.TestCase):
    def setUp(self):
        self.script = script("fish")

    def tearDown(self):
        os.remove(self.script)

    def fish(self, code):
        return subprocess.run([need("fish"), "--no-config", "-c", f"source {self.script}; {code}"],
                              check=True, capture_output=True, text=True, env=rwc_testlib.clean_env()).stdout

    def test_fish_parses_the_script(self):
        proc = subprocess.run([need("fish"), "--no-execute", self.script], capture_output=True, text=True)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))

    def test_completes_options_and_formats(self):
        self.assertEqual(self.fish("complete -C 'run-with-cuda --print-e'").split("\t")[0], "--print-env")
        formats = sorted(line.split("\t")[0] for line in self.fish("complete -C 'run-with-cuda --print-env '").splitlines())
        self.assertEqual([f for f in formats if f in FORMATS], FORMATS)
        shells = [line.split("\t")[0] for line in self.fish("complete -C 'run-with-cuda --completions '").splitlines()]
        self.assertEqual(sorted(shells), ["bash", "fish", "powershell", "zsh"])


class Zsh(unittest.TestCase):
    def test_zsh_parses_the_script_and_defines_the_function(self):
        path = script("zsh")
        try:
            proc = subprocess.run([need("zsh"), "-n", path], capture_output=True, text=True)
            self.assertEqual((proc.returncode, proc.stderr), (0, ""))
            # With compinit loaded, sourcing registers the function for run-with-cuda.
            out = subprocess.run([need("zsh"), "-f", "-c", f"autoload -U compinit; compinit -u -D; source {path}; "
                                  "print -r -- ${_comps[run-with-cuda]}"],
                                 check=True, capture_output=True, text=True, env=rwc_testlib.clean_env()).stdout
            self.assertEqual(out.strip(), "_run-with-cuda")
        finally:
            os.remove(path)


class PowerShell(unittest.TestCase):
    def test_completes_formats_when_pwsh_is_present(self):
        pwsh = shutil.which("pwsh")
        if not pwsh:
            self.skipTest("no pwsh (Debian has no PowerShell package); the unit test checks the script's options")
        path = script("powershell")
        try:
            code = (f". '{path}'; (TabExpansion2 -inputScript 'run-with-cuda --print-env ' -cursorColumn 26)"
                    ".CompletionMatches.CompletionText")
            out = subprocess.run([pwsh, "-NoProfile", "-Command", code], check=True, capture_output=True,
                                 text=True).stdout
            self.assertEqual(sorted(out.split()), FORMATS)
        finally:
            os.remove(path)


if __name__ == "__main__":
    rwc_testlib.main()
