"""The real-wheel sets of tests/real, in two tracks: pinned (pins.toml) and latest
(pins-latest.toml), both written by lock.py with each file's sha256. RWC_TRACK (pinned, the
default, or latest) says which track this process reads. Each set is installed, hash-checked,
straight from PyPI into one environment per set, kept in a cache that outlives the clone.

Cache: $RWC_TEST_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/run-with-cuda-tests, holding
  uv/                uv's cache: each wheel unpacked once (the downloaded archive is not kept);
                     the environments' files are hard links into it, so a file that several
                     sets, or both tracks, share is stored once
  envs/<set>-<key>/  the installed environment of a pinned set; <key> is a digest of the
                     set's pinned lines and the interpreter, so a change of pins makes a new
                     one; envs/latest-<set>-<key>/ is the latest track's
  builds/<name>-<key>/ what a test builds from a set and keeps (built_once): a PyInstaller
                     bundle, a venv app folder

A Linux set is a real venv (python -m venv, with its pip as a user's venv has, then uv pip
install --require-hashes --link-mode=hardlink). A Windows set is a Windows-layout venv:
pyvenv.cfg, Lib/site-packages filled by uv pip install --target --python-platform
x86_64-pc-windows-msvc, and an empty Scripts/python.exe (the launcher finds site-packages from
the files on disk: docs/layouts.md). Without uv (RWC_UV unset and none on PATH), pip installs
both, copying files.

The cache keeps to a budget, RWC_TEST_CACHE_GB (default CACHE_BUDGET_GB): before a set is
installed, when the cache (each file counted once, however many links it has) and a set's
room (RESERVE_GB) would pass it, the least recently used environments of the other track are
removed, with the unpacked wheels in uv's cache that no environment links any more. One
track's sets fit in the budget; both together do not (docs/real-wheels.md, "Disk and time").
Then the free space of the cache's file system is checked: below RWC_TEST_MIN_FREE_GB
(default MIN_FREE_GB) ensure() raises RuntimeError, which fails the test with that message.
"""
import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRACKS = {"pinned": "pins.toml", "latest": "pins-latest.toml"}


def track():
    """The track this process reads: RWC_TRACK, 'pinned' (the default) or 'latest'; a
    RuntimeError for any other value."""
    name = os.environ.get("RWC_TRACK") or "pinned"
    if name not in TRACKS:
        raise RuntimeError(f"RWC_TRACK={name}: expected one of {', '.join(TRACKS)}")
    return name


def pins_file(name=None):
    """The pins file of a track (default: this process's track())."""
    return HERE / TRACKS[name or track()]


# The free space, in GB (10^9 bytes), that preparing one set may need: the largest set
# (fw-torch) downloads about 4 GB of wheels and unpacks them into uv's cache (measured:
# docs/real-wheels.md, "Disk and time").
MIN_FREE_GB = 12
# The cache's budget in GB, and the room that installing one set may take in it: the largest
# set unpacks to about 7 GB (measured: docs/real-wheels.md, "Disk and time").
CACHE_BUDGET_GB = 35
RESERVE_GB = 8
# What was used or unpacked in the last RECENT_S seconds is never removed: a test of another
# process may be running in that environment, or uv may be linking from that wheel.
RECENT_S = 1200


def cache_dir():
    """The cache folder (created): $RWC_TEST_CACHE or ${XDG_CACHE_HOME:-~/.cache}/run-with-cuda-tests."""
    root = os.environ.get("RWC_TEST_CACHE")
    if not root:
        root = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                            "run-with-cuda-tests")
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class WheelSet:
    """One set of pins.toml: its name, target ('linux' or 'windows'), Python version (X.Y),
    pip platform tag, and its requirement lines (name==version --hash=sha256:...)."""
    name: str
    target: str
    python: str
    platform: str
    lines: list
    note: str = ""

    def names(self):
        """The normalised distribution names of the set (PEP 503)."""
        return [line.split("==", 1)[0].strip().lower().replace("_", "-") for line in self.lines]

    def version_of(self, name):
        """The pinned version of a distribution (normalised name), or None."""
        for line in self.lines:
            dist, rest = line.split("==", 1)
            if dist.strip().lower().replace("_", "-") == name:
                return rest.split()[0]
        return None


def load_sets(path=None):
    """Every set of a pins file (default: the track's, pins_file()), by name."""
    data = tomllib.loads(Path(path or pins_file()).read_text(encoding="utf-8"))
    return {name: WheelSet(name, s["target"], s["python"], s["platform"], list(s["wheels"]), s.get("note", ""))
            for name, s in data.items()}


def find_python(version):
    """The real path of a CPython X.Y that can make venvs: RWC_TEST_PYTHON when it is that
    version, then /root/.pyenv/versions/X.Y.*/bin/python3, then pythonX.Y and python3 on PATH;
    None if none."""
    candidates = [os.environ.get("RWC_TEST_PYTHON", "")]
    candidates += sorted(str(p) for p in Path("/root/.pyenv/versions").glob(f"{version}.*/bin/python3"))
    candidates += [shutil.which(f"python{version}") or "", shutil.which("python3") or ""]
    for python in candidates:
        if not python or not os.access(python, os.X_OK):
            continue
        probe = subprocess.run([python, "-c", "import os, sys, venv, ensurepip; "
                                "print('%d.%d' % sys.version_info[:2]); print(os.path.realpath(sys.executable))"],
                               capture_output=True, text=True)
        lines = probe.stdout.split("\n")
        if probe.returncode == 0 and lines[0] == version:
            return lines[1]  # the real file, so that every way of naming it gives one cache key
    return None


@contextlib.contextmanager
def locked(path):
    """Holds an exclusive lock on the file path (created) while the block runs: two tests
    preparing the same set in parallel (ctest -j) wait for each other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _requirements_file(wset, folder):
    req = Path(folder) / "requirements.txt"
    req.write_text("\n".join(wset.lines) + "\n", encoding="utf-8")
    return req


def _pip_platform_args(wset):
    """pip's options for another platform: a Windows set only (a Linux set is this host's)."""
    if wset.target != "windows":
        return []
    major, minor = wset.python.split(".")
    return ["--platform", wset.platform, "--python-version", f"{major}{minor}", "--implementation", "cp",
            "--abi", f"cp{major}{minor}", "--abi", "abi3", "--abi", "none", "--only-binary=:all:"]


def _run(args, what):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {' '.join(args)}\n"
                           f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc


def _key(wset, python):
    digest = hashlib.sha256("\n".join([python, wset.python, wset.platform] + wset.lines).encode())
    return digest.hexdigest()[:12]


def uv_program():
    """The uv that installs the Linux sets: RWC_UV (tests/real/CMakeLists.txt sets it to the
    pinned one of the pytest venv; a RuntimeError when it names no executable), else uv on
    PATH, else None (pip installs them then)."""
    named = os.environ.get("RWC_UV")
    if named:
        if not os.access(named, os.X_OK):
            raise RuntimeError(f"RWC_UV={named} is not an executable file")
        return named
    return shutil.which("uv")


def check_free_space(what):
    """Raises RuntimeError naming what (a set) when the cache's file system has less than
    RWC_TEST_MIN_FREE_GB (default MIN_FREE_GB) GB free: the suite stops before a download or
    an install could fill the disk."""
    need = float(os.environ.get("RWC_TEST_MIN_FREE_GB") or MIN_FREE_GB)
    free = shutil.disk_usage(cache_dir()).free / 1e9
    if free < need:
        raise RuntimeError(f"not enough disk space to prepare {what}: {free:.1f} GB free in {cache_dir()}, "
                           f"{need:g} GB needed (RWC_TEST_MIN_FREE_GB); free some space or set "
                           f"RWC_TEST_CACHE to a folder on a larger disk")


def _uv_install(uv, target_args, req, what):
    """uv pip install of the requirements file req from PyPI (uv reads no pip configuration:
    --no-config), --no-deps --require-hashes, hard-linked from uv's cache in cache_dir()/uv,
    which lies on the same file system as envs/ so that links can be made (uv copies, with a
    warning, where they cannot: an --into ROOT on another disk)."""
    _run([uv, "--no-config", "pip", "install"] + target_args +
         ["--no-deps", "--require-hashes", "--link-mode", "hardlink", "--cache-dir", str(cache_dir() / "uv"),
          "--quiet", "-r", str(req)], what)


def _install_linux(wset, python, root, req):
    # The venv keeps its pip, as a user's venv does: an IDE probes it (`python -m pip --version`).
    _run([python, "-m", "venv", str(root)], "python -m venv")
    uv = uv_program()
    if uv is None:
        _run([str(root / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--require-hashes",
              "--progress-bar", "off", "-r", str(req)], f"pip install of set {wset.name}")
        return
    _uv_install(uv, ["--python", str(root / "bin" / "python")], req, f"uv pip install of set {wset.name}")


def _install_windows(wset, python, root, req):
    site = root / "Lib" / "site-packages"
    site.mkdir(parents=True)
    (root / "Scripts").mkdir()
    (root / "Scripts" / "python.exe").write_bytes(b"")
    (root / "pyvenv.cfg").write_text(f"home = C:\\Python{wset.python.replace('.', '')}\n"
                                     f"version = {wset.python}.0\n", encoding="utf-8")
    uv = uv_program()
    if uv is None:
        _run([python, "-m", "pip", "install", "--no-deps", "--require-hashes", "--progress-bar", "off",
              "--target", str(site), "-r", str(req)] + _pip_platform_args(wset),
             f"pip install --target of set {wset.name}")
        return
    _uv_install(uv, ["--target", str(site), "--python-platform", "x86_64-pc-windows-msvc",
                     "--python-version", wset.python], req, f"uv pip install --target of set {wset.name}")
    (site / ".lock").unlink(missing_ok=True)  # uv's lock file of the target, not a user's file


def install(wset, root):
    """Installs the set (hash-checked, from PyPI) into a new environment at root, which must
    not exist; returns root. Raises as ensure() does."""
    python = find_python(wset.python)
    if python is None:
        raise LookupError(f"no CPython {wset.python} with venv and ensurepip here")
    with tempfile.TemporaryDirectory() as tmp:
        req = _requirements_file(wset, tmp)
        install_into = _install_windows if wset.target == "windows" else _install_linux
        install_into(wset, python, Path(root), req)
    return Path(root)


def disk_bytes(roots):
    """The bytes that the files under the folders roots take on disk, each inode counted once
    (hard links between envs/ and uv/ are one file); symbolic links are not followed."""
    seen = set()
    total = 0
    for root in roots:
        for folder, dirs, files in os.walk(root):
            for name in files + dirs:
                try:
                    st = os.lstat(os.path.join(folder, name))
                except OSError:
                    continue  # removed meanwhile
                if (st.st_dev, st.st_ino) not in seen:
                    seen.add((st.st_dev, st.st_ino))
                    total += st.st_blocks * 512
    return total


def cache_usage():
    """disk_bytes of the whole cache (cache_dir())."""
    return disk_bytes([cache_dir()])


def track_usage():
    """{track: bytes} of each track's installed environments (disk_bytes of its envs/
    folders: their files are hard links into uv's cache, so this is what the track takes
    there too), and 'cache': the whole cache."""
    envs = [d for d in (cache_dir() / "envs").glob("*-*") if d.is_dir()]
    out = {name: disk_bytes([d for d in envs if d.name.startswith("latest-") == (name == "latest")])
           for name in TRACKS}
    out["cache"] = cache_usage()
    return out


def _prune_uv_archives():
    """Removes each unpacked wheel in uv's cache (uv/archive-v0/<id>) whose files no
    environment links any more (every regular file has one link); uv unpacks it again, from a
    new download, when a set needs it. One unpacked in the last RECENT_S seconds is kept."""
    for archive in (cache_dir() / "uv" / "archive-v0").glob("*"):
        if time.time() - archive.lstat().st_mtime < RECENT_S:
            continue
        linked = False
        for folder, _, files in os.walk(archive):
            if any(os.lstat(os.path.join(folder, f)).st_nlink > 1 for f in files):
                linked = True
                break
        if not linked:
            shutil.rmtree(archive, ignore_errors=True)


def make_room(prefix):
    """Keeps the cache within RWC_TEST_CACHE_GB (default CACHE_BUDGET_GB) with RESERVE_GB
    to spare, by removing the least recently used complete environments of the other track
    (prefix: the current track's folder prefix, '' for pinned or 'latest-'), each under its
    set's lock (one that another process holds, or one used in the last RECENT_S seconds, is
    passed over), and then the unpacked wheels no environment links. Returns the names of the environments removed. The current track's
    own are never removed: one track fits in the budget on its own."""
    budget = float(os.environ.get("RWC_TEST_CACHE_GB") or CACHE_BUDGET_GB) * 1e9
    envs = cache_dir() / "envs"
    if cache_usage() + RESERVE_GB * 1e9 <= budget:
        return []
    others = [d for d in envs.glob("*-*") if (d / ".complete").exists() and
              (d.name.startswith("latest-") != (prefix == "latest-")) and
              time.time() - (d / ".complete").stat().st_mtime >= RECENT_S]
    removed = []
    for victim in sorted(others, key=lambda d: (d / ".complete").stat().st_mtime):
        lock_name = victim.name.rsplit("-", 1)[0] + ".lock"
        with open(envs / lock_name, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            shutil.rmtree(victim)
        removed.append(victim.name)
        _prune_uv_archives()
        if cache_usage() + RESERVE_GB * 1e9 <= budget:
            break
    return removed


def _made_once(parent, name, key, make):
    """parent/<name>-<key>, made once by make(folder) under a lock (folder does not exist yet
    when make runs; it is made at its final path, which venvs and bundles record). A folder of
    another key (older inputs) or one left by an interrupted run is removed first."""
    root = parent / f"{name}-{key}"
    with locked(parent / f"{name}.lock"):
        if (root / ".complete").exists():
            os.utime(root / ".complete")  # its last use, for make_room's order
            return root
        for old in parent.glob(f"{name}-*"):
            if old.is_dir():
                shutil.rmtree(old)
        make(root)
        (root / ".complete").write_text("")
    return root


def ensure(wset):
    """The root of the set's installed environment, made once (download, then install at its
    final path, under a lock). Raises LookupError when no CPython of the set's version is here,
    RuntimeError when pip fails."""
    python = find_python(wset.python)
    if python is None:
        raise LookupError(f"no CPython {wset.python} with venv and ensurepip here")

    prefix = "" if track() == "pinned" else f"{track()}-"

    def make(root):
        make_room(prefix)
        check_free_space(f"set {wset.name}")
        install(wset, root)

    return _made_once(cache_dir() / "envs", prefix + wset.name, _key(wset, python), make)


def built_once(name, inputs, build):
    """The folder cache/builds/<name>-<key>, made once by build(folder) under a lock, for what a
    test builds from a set (a PyInstaller bundle, an app's venv); <key> is a digest of inputs
    (strings: the set's lines, the sources' text), so a change of any of them makes a new one.
    build gets the final path, already created, and must fill it."""
    key = hashlib.sha256(chr(0).join(inputs).encode()).hexdigest()[:12]

    def make(root):
        root.mkdir(parents=True)
        build(root)

    return _made_once(cache_dir() / "builds", name, key, make)


def site_packages(root, wset):
    """The set's site-packages folder."""
    if wset.target == "windows":
        return root / "Lib" / "site-packages"
    return root / "lib" / f"python{wset.python}" / "site-packages"


def main(argv):
    """python3 wheelsets.py [SET...]: prepares the named sets (all without arguments) in the
    cache and prints each root. python3 wheelsets.py --into ROOT SET: installs SET into a new
    environment at ROOT (scripts/demo.sh). python3 wheelsets.py --usage: the GB each track's
    environments take, and the whole cache's (docs/real-wheels.md, "Disk and time")."""
    if argv == ["--usage"]:
        for name, size in track_usage().items():
            print(f"{name}: {size / 1e9:.1f} GB")
        return 0
    sets = load_sets()
    if argv[:1] == ["--into"] and len(argv) == 3:
        print(argv[2], install(sets[argv[2]], argv[1]), flush=True)
        return 0
    for name in argv or list(sets):
        print(name, ensure(sets[name]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
