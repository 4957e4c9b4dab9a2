"""The example packaged app: loads the CUDA runtime by its soname and reports, as one JSON
line, where it came from, its argv, working directory and CUDA variables. `--exit N`
exits with status N."""
import ctypes
import json
import os
import sys

SONAME = "cudart64_13.dll" if os.name == "nt" else "libcudart.so.13"


def loaded_from(soname):
    """The mapped file named soname (Linux /proc/self/maps); the handle's name elsewhere."""
    if os.name == "nt":
        return soname
    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        for line in maps:
            path = line.rstrip("\n").split(None, 5)[-1]
            if os.path.basename(path) == soname:
                return path
    return None


def main(argv):
    try:
        ctypes.CDLL(SONAME)
        library = loaded_from(SONAME)
    except OSError as error:
        library = f"not loaded: {error}"
    report = {
        "argv": argv,
        "cwd": os.getcwd(),
        "library": library,
        "executable": sys.executable,
        "env": {k: os.environ.get(k) for k in ("VIRTUAL_ENV", "CUDA_PATH", "CUDA_HOME", "RUN_WITH_CUDA")},
    }
    print(json.dumps(report))
    if "--exit" in argv:
        return int(argv[argv.index("--exit") + 1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
