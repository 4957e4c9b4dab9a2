#!/usr/bin/env python3
"""Start-up overhead of run-with-cuda, measured with hyperfine.

Builds a venv whose site-packages/nvidia tree is the layout of the 19 CUDA 13 wheels
(from their RECORD files; every file empty: the launcher only looks at folders), then runs,
in one hyperfine invocation,

    run-with-cuda --python <venv>/bin/python -- /bin/true
    <shim>/bin/python                       (an interpreter shim, --install-shim)
    env LD_LIBRARY_PATH=<the value the launcher sets> /bin/true

and prints the ratio of each launcher command's mean wall time to env's. The shim's
interpreter is a copy of that venv whose bin/python is /bin/true (its pyvenv.cfg and lib/
linked), so the shim does all its work (its config, the venv's layout, the plan) and then
execs /bin/true, as the first command does. With --bundle, the same tree is the contents
folder of a PyInstaller one-folder bundle instead (app/_internal with base_library.zip,
docs/packaged-apps.md, "PyInstaller bundles"; the frozen program a copy of /bin/true):

    run-with-cuda <work>/bundle/app/MyApp
    env LD_LIBRARY_PATH=<the value the launcher sets> <work>/bundle/app/MyApp

The measurement is repeated in --rounds
rounds, alternating which command goes first, so that a change of background load during
a run does not favour one command; the verdict uses the ratio of the means over all rounds.
Exits 1 when a ratio is above --max-ratio (1.25 by default; the issue aims for 1.10). Standard
library only; installs hyperfine with apt-get when it is missing.

    python3 bench/startup.py --launcher build/launcher/run-with-cuda
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "fixtures"))
import cuda_venv  # noqa: E402  (tests/fixtures/cuda_venv.py: the venv layout from RECORD files)

DEFAULT_MANIFESTS = cuda_venv.DEFAULT_MANIFESTS


def parse_args():
    """The command line: the launcher to measure and the knobs of the measurement."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launcher", required=True, type=Path, help="the run-with-cuda binary")
    parser.add_argument("--python", default=sys.executable, help="base interpreter for the venv")
    parser.add_argument("--manifests", type=Path, default=DEFAULT_MANIFESTS,
                        help="folder of <wheel>.dist-info/RECORD files")
    parser.add_argument("--work", type=Path, help="folder for the venv (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=2000, help="timed runs per command and round")
    parser.add_argument("--rounds", type=int, default=3, help="hyperfine runs, alternating the order")
    parser.add_argument("--warmup", type=int, default=200, help="untimed runs per command first")
    parser.add_argument("--max-ratio", type=float, default=1.25, help="fail above this ratio of means")
    parser.add_argument("--export-json", type=Path, help="also keep hyperfine's JSON here")
    parser.add_argument("--bundle", action="store_true", help="measure a PyInstaller bundle's start instead")
    return parser.parse_args()


def ensure_hyperfine():
    """Returns hyperfine's path, installing Debian's package with apt-get when missing."""
    found = shutil.which("hyperfine")
    if found:
        return found
    print("bench: hyperfine is missing; installing it with apt-get", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(["apt-get", "install", "-y", "hyperfine"], env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "hyperfine"], env=env, check=True)
    found = shutil.which("hyperfine")
    if not found:
        sys.exit("bench: hyperfine is still not on PATH after apt-get install")
    return found


def build_venv(base_python, root, manifests):
    """Creates a venv at root with every RECORD entry of manifests laid out (empty files:
    the launcher only looks at folders); returns (bin/python, site-packages, files laid out)."""
    return cuda_venv.build(base_python, root, manifests)


def build_bundle(site_packages, folder):
    """A PyInstaller one-folder bundle at folder: MyApp (a copy of /bin/true) and _internal, a
    link to site_packages with base_library.zip added; returns the program."""
    folder.mkdir(parents=True)
    (site_packages / "base_library.zip").write_bytes(b"")
    (folder / "_internal").symlink_to(site_packages)
    shutil.copy2("/bin/true", folder / "MyApp")
    return folder / "MyApp"


def bundle_loader_path_of(launcher, program, env, cwd):
    """The LD_LIBRARY_PATH value the launcher sets for the bundle's program (from --dry-run)."""
    output = subprocess.run([str(launcher), "--dry-run", str(program)], env=env, cwd=cwd, check=True,
                            capture_output=True, text=True).stdout
    for line in output.splitlines():
        if line.startswith("export LD_LIBRARY_PATH="):
            return shlex.split(line[len("export LD_LIBRARY_PATH="):])[0]
    sys.exit("bench: the launcher sets no LD_LIBRARY_PATH for this bundle:\n" + output)


def clean_environment(home):
    """A small, fixed environment for both commands, so neither inherits the caller's venv."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def loader_path_of(launcher, interpreter, env, cwd):
    """The LD_LIBRARY_PATH value the launcher sets for interpreter's environment."""
    output = subprocess.run([str(launcher), "--python", str(interpreter), "--print-env", "json"],
                            env=env, cwd=cwd, check=True, capture_output=True, text=True).stdout
    value = json.loads(output).get("LD_LIBRARY_PATH")
    if not value:
        sys.exit("bench: the launcher sets no LD_LIBRARY_PATH for this venv:\n" + output)
    return value


def measure(hyperfine, commands, args, env, cwd, export):
    """Runs hyperfine once on commands (no shell, -N); returns its JSON results, in the
    order of commands."""
    argv = [hyperfine, "-N", "--warmup", str(args.warmup), "--runs", str(args.runs),
            "--export-json", str(export)] + commands
    subprocess.run(argv, env=env, cwd=cwd, check=True)
    return json.loads(export.read_text(encoding="utf-8"))["results"]


def measure_rounds(hyperfine, commands, args, env, cwd, export):
    """Runs args.rounds hyperfine runs of the commands, the second round in reverse order
    and so on; returns the results per round, in the order of commands."""
    rounds = []
    for index in range(args.rounds):
        order = commands if index % 2 == 0 else commands[::-1]
        print(f"bench: round {index + 1} of {args.rounds}", flush=True)
        results = measure(hyperfine, order, args, env, cwd, export)
        rounds.append(tuple(results) if index % 2 == 0 else tuple(results[::-1]))
    return rounds


def make_shim(launcher, venv_root, work, env):
    """An interpreter shim (run-with-cuda --install-shim) for a copy of the venv at venv_root
    whose bin/python is /bin/true: pyvenv.cfg and lib/ are links to the venv's, so the shim
    scans the same layout. Returns the shim's bin/python."""
    fake = work / "true-venv"
    (fake / "bin").mkdir(parents=True)
    (fake / "pyvenv.cfg").symlink_to(venv_root / "pyvenv.cfg")
    (fake / "lib").symlink_to(venv_root / "lib")
    (fake / "bin" / "python").symlink_to("/bin/true")
    subprocess.run([str(launcher), "--no-config", "--python", str(fake / "bin" / "python"), "--install-shim",
                    str(work / "shim")], env=env, cwd=work, check=True, capture_output=True)
    return work / "shim" / "bin" / "python"


def main():
    """Builds the venv, measures both commands, prints the ratio; exit 1 above --max-ratio."""
    args = parse_args()
    launcher = args.launcher.resolve()
    hyperfine = ensure_hyperfine()
    with tempfile.TemporaryDirectory(prefix="rwc-bench-") as scratch:
        work = args.work.resolve() if args.work else Path(scratch)
        root = work / "venv"
        if root.exists():
            shutil.rmtree(root)
        work.mkdir(parents=True, exist_ok=True)
        interpreter, site_packages, count = build_venv(args.python, root, args.manifests)
        env = clean_environment(work)
        print(f"bench: venv {root} with {count} files of the CUDA 13 wheels")
        if args.bundle:
            if (work / "bundle").exists():
                shutil.rmtree(work / "bundle")
            program = build_bundle(site_packages, work / "bundle" / "app")
            loader_path = bundle_loader_path_of(launcher, program, env, work)
            print(f"bench: bundle {program.parent}, its _internal the venv's site-packages")
            names = ("run-with-cuda", "env")
            commands = [f"{shlex.quote(str(launcher))} {shlex.quote(str(program))}",
                        f"env LD_LIBRARY_PATH={shlex.quote(loader_path)} {shlex.quote(str(program))}"]
        else:
            loader_path = loader_path_of(launcher, interpreter, env, work)
            shim = make_shim(launcher, root, work, env)
            names = ("run-with-cuda", "shim", "env")
            commands = [
                f"{shlex.quote(str(launcher))} --python {shlex.quote(str(interpreter))} -- /bin/true",
                shlex.quote(str(shim)),
                f"env LD_LIBRARY_PATH={shlex.quote(loader_path)} /bin/true",
            ]
        print(f"bench: LD_LIBRARY_PATH={loader_path}")
        export = args.export_json or work / "hyperfine.json"
        rounds = measure_rounds(hyperfine, commands, args, env, work, export)
    for index, results in enumerate(rounds, 1):
        baseline = results[-1]
        for name, result in zip(names, results):
            print(f"bench: round {index} {name:13} mean {result['mean'] * 1e6:8.1f} us  "
                  f"stddev {result['stddev'] * 1e6:7.1f} us  median {result['median'] * 1e6:8.1f} us")
        for name, result in zip(names[:-1], results):
            print(f"bench: round {index} {name} ratio of means {result['mean'] / baseline['mean']:.3f}, "
                  f"of medians {result['median'] / baseline['median']:.3f}")
    status = 0
    for column, name in enumerate(names[:-1]):
        ratio = sum(r[column]["mean"] for r in rounds) / sum(r[-1]["mean"] for r in rounds)
        verdict = "ok" if ratio <= args.max_ratio else "TOO SLOW"
        print(f"bench: {name} ratio of means {ratio:.3f} (limit {args.max_ratio:.2f}): {verdict}")
        status = status if ratio <= args.max_ratio else 1
    return status


if __name__ == "__main__":
    sys.exit(main())
