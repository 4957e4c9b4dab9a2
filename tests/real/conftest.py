"""Shared fixtures of the real-wheel suite (tests/real): the launcher under test, the
installed wheel sets, and children started through the launcher with a clean environment.

Environment (set by tests/real/CMakeLists.txt): RWC_LAUNCHER (the Linux binary),
RWC_WIN_LAUNCHER and RWC_WIN_CHILD (the Windows .exe files, for the Wine cases),
RWC_STANDIN_DIR (stand-in libraries under real sonames).
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wheelsets  # noqa: E402

SETS = wheelsets.load_sets()


def clean_env(**extra):
    """A small environment for children: no VIRTUAL_ENV, CONDA_PREFIX, PYTHON*, LD_LIBRARY_PATH or
    CUDA_* variables; PATH without any CUDA folder of the machine, so only the launcher adds one."""
    path = [p for p in os.environ.get("PATH", "/usr/bin:/bin").split(":") if p and "cuda" not in p.lower()]
    env = {"PATH": ":".join(path or ["/usr/bin", "/bin"]), "LANG": "C.UTF-8",
           "HOME": os.environ.get("HOME", "/tmp")}
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def launcher():
    """The Linux launcher under test (RWC_LAUNCHER)."""
    path = os.environ.get("RWC_LAUNCHER")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("RWC_LAUNCHER does not name the built run-with-cuda")
    return path


_prepared = {}


def prepared(name):
    """(WheelSet, root) of the installed set name; skips with the reason when this machine has
    no CPython of the set's version, fails with pip's output when pip fails."""
    wset = SETS[name]
    if name not in _prepared:
        try:
            _prepared[name] = wheelsets.ensure(wset)
        except LookupError as e:
            pytest.skip(f"set {name}: {e}")
    return wset, _prepared[name]


def run(args, env=None, cwd=None, timeout=600, check=True):
    """Runs args; returns the CompletedProcess (text). check: a non-zero exit fails the test
    with the command and both outputs."""
    proc = subprocess.run([str(a) for a in args], env=env if env is not None else clean_env(), cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        pytest.fail(f"exit {proc.returncode}: {' '.join(map(str, args))}\nstdout:\n{proc.stdout[-6000:]}\n"
                    f"stderr:\n{proc.stderr[-6000:]}")
    return proc


def print_env(launcher_cmd, root, env=None):
    """The launcher's --print-env json for the environment at root: NAME -> value (None: unset)."""
    proc = run(launcher_cmd + ["--no-config", "--print-env", "json", "--python", root], env=env)
    return json.loads(proc.stdout)


def doctor(launcher_cmd, root, env=None):
    """(exit status, report) of the launcher's --doctor --json for the environment at root."""
    proc = run(launcher_cmd + ["--no-config", "--doctor", "--json", "--python", root], env=env, check=False)
    assert proc.returncode in (0, 1), f"--doctor exit {proc.returncode}: {proc.stderr}"
    return proc.returncode, json.loads(proc.stdout)


def record_files(site, names=None):
    """Every file (site-packages-relative, '/'-separated) that the RECORDs under site list, for
    the distributions whose normalised names are in names (all when None): {dist: [paths]}."""
    out = {}
    for dist_info in sorted(Path(site).glob("*.dist-info")):
        dist = dist_info.name[: -len(".dist-info")].rsplit("-", 1)[0].lower().replace("_", "-")
        if names is not None and dist not in names:
            continue
        rows = []
        for line in (dist_info / "RECORD").read_text(encoding="utf-8").splitlines():
            if line:
                rows.append(line[1:line.index('"', 1)] if line.startswith('"') else line.split(",", 1)[0])
        out[dist] = rows
    return out


def major_minor(version):
    """(major, minor) of a release string such as '13.5.37' (an NVIDIA wheel's version)."""
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def runtime_number(version):
    """cudaRuntimeGetVersion's number for a CUDA release string: '13.0.96' -> 13000."""
    major, minor = major_minor(version)
    return major * 1000 + minor * 10


def has_gpu():
    """True when an NVIDIA driver answers (nvidia-smi exits 0)."""
    smi = shutil.which("nvidia-smi")
    return bool(smi) and subprocess.run([smi], capture_output=True).returncode == 0


def pytest_sessionfinish(session, exitstatus):
    """ctest's SKIP_RETURN_CODE (77) when nothing ran and something was skipped, so that a
    skipped case shows as skipped in ctest, never as passed."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and exitstatus == 0:
        stats = reporter.stats
        if stats.get("skipped") and not stats.get("passed"):
            session.exitstatus = 77


# The CUDA-family sonames of the ldd checks: libcu*, libnv*, libcudnn*, libnccl* (libcuda.so.1
# is the driver's and is reported apart).
CUDA_FAMILY = re.compile(r"^(libcu\w*|libnv\w*|libcudnn\w*|libnccl\w*)\.so[.\d]*$")


def cuda_dt_needed(prefix, files, env):
    """ldd of files run as prefix + ["ldd", *files] (the launcher's command line, or [] for the
    caller's own environment): (seen, driver). seen maps each CUDA-family soname a file needs
    (directly or through another library) to the set of files ldd resolved it to ("?" for "not
    found"); driver is the set of files whose closure needs libcuda.so.1."""
    out = run([*prefix, "ldd", *files], env=env, check=False).stdout
    seen, driver, current = {}, set(), None
    for line in out.splitlines():
        if not line.startswith("\t"):
            current = line.rstrip(":")
            continue
        parts = line.split()
        if not parts:
            continue
        soname = parts[0]
        if soname == "libcuda.so.1":
            driver.add(current)
        elif CUDA_FAMILY.match(soname):
            found = len(parts) > 2 and parts[1] == "=>" and parts[2].startswith("/")
            seen.setdefault(soname, set()).add(parts[2] if found else "?")
    return seen, driver
