"""run-with-cuda demo: load each CUDA library by its soname, as CuPy, JAX or onnxruntime
do, and print the file the dynamic loader picked for it. Run it under run-with-cuda
(scripts/demo.sh does); without the launcher the venv's copies are not found, or the
system's load instead."""
import ctypes
import os
import shutil
import sys

# Load order respects the libraries' own dependencies (cublas needs cublasLt).
SONAMES_LINUX = [
    "libcudart.so.13", "libnvrtc.so.13", "libnvJitLink.so.13", "libcublasLt.so.13",
    "libcublas.so.13", "libcufft.so.12", "libcurand.so.10", "libcusparse.so.12",
    "libcusolver.so.12", "libcudnn.so.9", "libnccl.so.2",
]
SONAMES_WINDOWS = ["cudart64_13.dll", "cublas64_13.dll", "cudnn64_9.dll"]


def loaded_from(soname):
    """The path of the mapped file whose name is soname (Linux: /proc/self/maps)."""
    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        for line in maps:
            path = line.rstrip("\n").split(None, 5)[-1]
            if os.path.basename(path) == soname:
                return path
    return "?"


def main():
    print(f"python      {sys.executable} ({sys.version.split()[0]})")
    for name in ("VIRTUAL_ENV", "CUDA_PATH", "CUDA_HOME", "CUDA_MODULE_LOADING", "RUN_WITH_CUDA"):
        print(f"{name:<11} {os.environ.get(name, '(unset)')}")
    print(f"{'ptxas':<11} {shutil.which('ptxas') or '(not on PATH)'}")
    failures = 0
    for soname in SONAMES_WINDOWS if os.name == "nt" else SONAMES_LINUX:
        try:
            handle = ctypes.CDLL(soname)
            where = loaded_from(soname) if os.name != "nt" else str(handle._name)
        except OSError as error:
            where, failures = f"NOT LOADED: {error}", failures + 1
        print(f"{soname:<22} {where}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
