"""Distributed launchers on this machine's CPUs (docs/integrations.md, "Distributed
launchers"): torchrun (gloo), Debian's Open MPI and a local Ray cluster, each with the
launcher where the docs put it and without it (the control). Every worker runs dist_child.py,
which dlopens libcudart.so.13 and libnvrtc.so.13 by soname before anything else and reports
what /proc/self/maps then holds. Under the launcher both come from the venv's nvidia/cu13/lib;
without it NVRTC is not found and the ld.so cache's libcudart.so.13 (this machine's
/usr/local/cuda-13.0) loads, or none.

Sets: fw-torch (torch's CUDA build) for torchrun; dist (Ray with the CUDA 13 runtime and
NVRTC) for Open MPI and Ray. Nothing listens beyond 127.0.0.1 except torchrun's TCPStore
(see docs/integrations.md); every wait has a timeout, and every Ray cluster is stopped.
"""
import json
import os
import shutil
import signal
import socket
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import clean_env, print_env, prepared, run

HERE = Path(__file__).resolve().parent
CHILD = HERE / "dist_child.py"
SONAMES = ("libcudart.so.13", "libnvrtc.so.13")


def reports(proc):
    """The RWC-REPORT objects of a run's stdout, by rank."""
    out = [json.loads(line.split(" ", 1)[1]) for line in proc.stdout.splitlines()
           if line.startswith("RWC-REPORT ")]
    return sorted(out, key=lambda r: r["rank"])


def venv_lib(root, soname):
    """The venv's file of soname, as /proc/self/maps names it (the real path)."""
    return os.path.realpath(root / "lib" / "python3.11" / "site-packages" / "nvidia" / "cu13" / "lib" / soname)


def in_venv(path, root):
    return path.startswith((f"{root}/", f"{os.path.realpath(root)}/"))


def system_has(soname):
    """Whether this machine's ld.so cache lists soname (ldconfig -p)."""
    return f"\t{soname} (" in run(["/sbin/ldconfig", "-p"], check=False).stdout


def assert_from_venv(reps, root, ranks):
    """Every rank reported, each with both sonames mapped from the venv's files only."""
    assert [r["rank"] for r in reps] == list(ranks), reps
    for r in reps:
        assert r["errors"] == {}, r
        for soname in SONAMES:
            assert r["loaded"][soname] == [venv_lib(root, soname)], r
        print(f"rank {r['rank']} (pid {r['pid']}): {', '.join(SONAMES)} from {root}")


def assert_without_the_folders(reps, root, ranks):
    """The control: every rank reported, nothing mapped from the venv, NVRTC not found (where
    the ld.so cache has no libnvrtc.so.13, as here), libcudart.so.13 from outside the venv or
    not at all."""
    assert [r["rank"] for r in reps] == list(ranks), reps
    nvrtc_elsewhere = system_has("libnvrtc.so.13")
    for r in reps:
        assert not any(in_venv(m, root) for s in SONAMES for m in r["loaded"][s]), r
        if not nvrtc_elsewhere:
            assert "libnvrtc.so.13: cannot open shared object file" in r["errors"].get("libnvrtc.so.13", ""), r
        found = {s: r["loaded"][s] or r["errors"].get(s) for s in SONAMES}
        print(f"rank {r['rank']} without the launcher: {found}")


# --- torchrun ------------------------------------------------------------------------------

# --standalone: a c10d rendezvous on a free port of localhost; gloo on the loopback device.
TORCHRUN = ["--standalone", "--nproc-per-node", "2"]
TORCH_ENV = {"GLOO_SOCKET_IFNAME": "lo", "OMP_NUM_THREADS": "1"}


def check_gloo(reps):
    for r in reps:  # ranks 0 and 1 add rank + 1: 1 + 2
        assert r["backend"] == "gloo" and r["group_size"] == 2 and r["all_reduce"] == 3.0, r


def test_torchrun_under_the_launcher(launcher):
    wset, root = prepared("fw-torch")
    proc = run([launcher, "--no-config", "--python", root, "torchrun"] + TORCHRUN + [CHILD, "torch"],
               env=clean_env(**TORCH_ENV), timeout=300)
    reps = reports(proc)
    assert_from_venv(reps, root, range(2))
    check_gloo(reps)
    assert all(r["prefix"] == str(root) for r in reps), reps
    # import torch then finds its own cudart already loaded: one copy in the process.
    assert all(r["cudart_after_import"] == [venv_lib(root, "libcudart.so.13")] for r in reps), reps


def test_torchrun_without_the_launcher():
    wset, root = prepared("fw-torch")
    proc = run([root / "bin" / "torchrun"] + TORCHRUN + [CHILD, "torch"], env=clean_env(**TORCH_ENV), timeout=300)
    reps = reports(proc)
    assert_without_the_folders(reps, root, range(2))
    check_gloo(reps)  # the group works: only the libraries are missing
    # torch's RPATH and preload still bring its own cudart, beside the one loaded by soname
    # from the ld.so cache: two copies of libcudart.so.13 in one process.
    for r in reps:
        theirs = [m for m in r["cudart_after_import"] if not in_venv(m, root)]
        print(f"rank {r['rank']} after import torch: {r['cudart_after_import']}")
        assert venv_lib(root, "libcudart.so.13") in r["cudart_after_import"], r
        assert theirs == r["loaded"]["libcudart.so.13"], r


# --- Open MPI ------------------------------------------------------------------------------

# Loopback and shared memory only: the ob1 layer over the self and vader (shared-memory)
# transports, and mpirun's own out-of-band channel on lo. --oversubscribe: 2 ranks on any
# number of cores.
MPIRUN = ["mpirun", "--oversubscribe", "-np", "2", "--mca", "pml", "ob1", "--mca", "btl", "self,vader",
          "--mca", "oob_tcp_if_include", "lo"]
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}  # a container's root


def mpi_reports(args):
    if shutil.which("mpirun") is None:
        pytest.fail("mpirun not found: scripts/install-deps.sh installs Debian's openmpi-bin")
    reps = reports(run(args, env=clean_env(**MPI_ENV), timeout=120))
    for r in reps:
        assert r["mpi_rank"] == r["rank"] and r["all_reduce"] == 3, r
    return reps


def test_mpirun_with_the_launcher_on_every_rank(launcher):
    wset, root = prepared("dist")
    reps = mpi_reports(MPIRUN + [launcher, "--no-config", "--python", root, "python", CHILD, "mpi"])
    assert_from_venv(reps, root, range(2))
    assert all(r["prefix"] == str(root) for r in reps), reps


def test_the_launcher_starting_mpirun(launcher):
    # mpirun inherits the launcher's environment and passes it to the ranks it starts on this
    # node; "python" is found on the launcher's new PATH, whose first folder is the venv's bin.
    wset, root = prepared("dist")
    reps = mpi_reports([launcher, "--no-config", "--python", root] + MPIRUN + ["python", CHILD, "mpi"])
    assert_from_venv(reps, root, range(2))
    assert all(r["prefix"] == str(root) for r in reps), reps


def test_mpirun_without_the_launcher():
    wset, root = prepared("dist")
    reps = mpi_reports(MPIRUN + [root / "bin" / "python", CHILD, "mpi"])
    assert_without_the_folders(reps, root, range(2))


# --- Ray -----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ray_env(tmp):
    """A Ray cluster's environment: its own temporary folder (RAY_TMPDIR, so ray.init() finds
    no other cluster) and HOME (a local ray.init() writes ~/.ray/auth_token, which a later
    `ray start` would then demand), no usage reports, and RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0, Ray's
    single-machine mode: without it `--node-ip-address 127.0.0.1` is replaced by the machine's
    routable address and the servers listen on every address (ray/_private/services.py,
    resolve_ip_for_localhost)."""
    return clean_env(HOME=tmp, RAY_TMPDIR=tmp, RAY_USAGE_STATS_ENABLED="0", RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0")


def processes_of(marker):
    """The pids whose command line holds marker (the cluster's temporary folder: GCS, raylet,
    monitors), and all their descendants (the raylet's workers and agents)."""
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            ppid = int(Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        procs[int(name)] = (ppid, cmdline)
    found = {pid for pid, (_, cmdline) in procs.items() if marker in cmdline and pid != os.getpid()}
    while True:
        more = {pid for pid, (ppid, _) in procs.items() if ppid in found} - found
        if not more:
            return found
        found |= more


def stop_cluster(marker):
    """Stops the processes of one cluster by their pids: SIGTERM, then SIGKILL after 5 s (the
    GCS server and the monitor outlive a SIGTERM by more than 15 s once the raylet is gone).
    Not `ray stop`, which ends every Ray process of the machine by name. Returns the pids still
    alive after that (none expected)."""
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        pids = processes_of(marker)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + wait
        while pids and time.monotonic() < deadline:
            time.sleep(0.2)
            pids = {p for p in pids if Path(f"/proc/{p}").exists() and not _zombie(p)}
        if not pids:
            return set()
    return pids


def _zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


@contextmanager
def ray_tmp():
    """A short temporary folder (Ray's socket paths must fit in 107 bytes) whose cluster
    processes are stopped on the way out, whatever happened."""
    tmp = tempfile.mkdtemp(prefix="rwc-ray-", dir="/tmp")
    try:
        yield tmp
    finally:
        left = stop_cluster(tmp)
        shutil.rmtree(tmp, ignore_errors=True)
        assert not left, f"Ray processes still alive: {sorted(left)}"


@contextmanager
def ray_head(root, tmp, launcher=None):
    """`[launcher --no-config --python ROOT] ray start --head` bound to 127.0.0.1 on a free
    port, with one CPU, no dashboard, tmp as its temporary folder; yields its address."""
    port = free_port()
    prefix = [launcher, "--no-config", "--python", root, "ray"] if launcher else [root / "bin" / "ray"]
    run(prefix + ["start", "--head", "--node-ip-address", "127.0.0.1", "--port", port, "--num-cpus", "1",
                  "--include-dashboard=false", "--disable-usage-stats", "--temp-dir", tmp],
        env=ray_env(tmp), timeout=180)
    yield f"127.0.0.1:{port}"


def ray_driver(root, address, tmp, env_vars=None, launcher=None):
    """The reports of dist_child.py's Ray driver (rank -1) and its two tasks (0, 1)."""
    prefix = [launcher, "--no-config", "--python", root, "python"] if launcher else [root / "bin" / "python"]
    args = prefix + [CHILD, "ray", address, tmp] + ([json.dumps(env_vars)] if env_vars is not None else [])
    return reports(run(args, env=ray_env(tmp), timeout=240))


def test_ray_cluster_started_by_the_launcher(launcher):
    wset, root = prepared("dist")
    with ray_tmp() as tmp, ray_head(root, tmp, launcher) as address:
        driver, *tasks = ray_driver(root, address, tmp)  # a driver started without the launcher
    assert_from_venv(tasks, root, range(2))  # the raylet's workers inherited the folders
    assert_without_the_folders([driver], root, [-1])


def test_ray_driver_started_by_the_launcher_with_a_local_cluster(launcher):
    wset, root = prepared("dist")
    with ray_tmp() as tmp:
        reps = ray_driver(root, "local", tmp, launcher=launcher)  # ray.init() starts the cluster
    assert_from_venv(reps, root, range(-1, 2))


def test_ray_cluster_without_the_launcher_and_runtime_env(launcher):
    # The control, and the route for a cluster the user does not start: --print-env json into
    # runtime_env={"env_vars": ...}. Ray starts a new worker process for that runtime_env, with
    # the variables in its environment, so they reach its loader at start-up. A driver started
    # by the launcher does not help: the raylet, not the driver, starts the workers.
    wset, root = prepared("dist")
    changes = print_env([launcher], root)
    env_vars = {name: value for name, value in changes.items() if value is not None}
    with ray_tmp() as tmp, ray_head(root, tmp) as address:
        plain = ray_driver(root, address, tmp)
        driver_only = ray_driver(root, address, tmp, launcher=launcher)
        given = ray_driver(root, address, tmp, env_vars=env_vars)
    assert_without_the_folders(plain, root, range(-1, 2))
    assert_from_venv(driver_only[:1], root, [-1])
    assert_without_the_folders(driver_only[1:], root, range(2))
    assert_from_venv(given[1:], root, range(2))
    assert {r["pid"] for r in given[1:]}.isdisjoint({r["pid"] for r in plain[1:]}), (plain, given)
    assert given[1]["ld_library_path"] == env_vars["LD_LIBRARY_PATH"], given
