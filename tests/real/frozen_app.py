"""The program of the PyInstaller bundle that test_bundles.py builds (docs/packaged-apps.md,
"PyInstaller bundles"). It loads libcudart.so.13 and libnvrtc.so.13 by soname through ctypes,
compiles a kernel with NVRTC, and prints one JSON object: what loaded from where (the mapped
files, /proc/self/maps), the CUDA variables it sees, sys._MEIPASS, its arguments, whether site.py ran
(sys.flags.no_site), and the LD_LIBRARY_PATH that two child processes see: one started with the environment as the
bootloader left it, one with LD_LIBRARY_PATH put back from LD_LIBRARY_PATH_ORIG, as
PyInstaller's manual ("LD_LIBRARY_PATH / LIBPATH considerations") tells an app to do.
A library that does not load is reported as its error text; the exit status is 0 either way."""
import ctypes
import json
import os
import subprocess
import sys

from maps import mapped_objects
from nvrtc_compile import compile_ptx

PROBE = ["/bin/sh", "-c", 'printf %s "${LD_LIBRARY_PATH-<unset>}"']


def load(soname):
    """(the ctypes.CDLL, None), or (None, the error text)."""
    try:
        return ctypes.CDLL(soname), None
    except OSError as e:
        return None, str(e)


def restored_environment():
    """os.environ with the library path the bootloader found (LD_LIBRARY_PATH_ORIG) put back."""
    env = dict(os.environ)
    orig = env.pop("LD_LIBRARY_PATH_ORIG", None)
    if orig is None:
        env.pop("LD_LIBRARY_PATH", None)
    else:
        env["LD_LIBRARY_PATH"] = orig
    return env


def main():
    report = {"argv": sys.argv[1:], "meipass": getattr(sys, "_MEIPASS", None), "no_site": sys.flags.no_site}
    for name in ("LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG", "CUDA_PATH", "CUDA_HOME", "RUN_WITH_CUDA"):
        report[name] = os.environ.get(name)
    cudart, report["cudart_error"] = load("libcudart.so.13")
    if cudart is not None:
        version = ctypes.c_int()
        report["cudart_version"] = version.value if cudart.cudaRuntimeGetVersion(ctypes.byref(version)) == 0 else None
    nvrtc, report["nvrtc_error"] = load("libnvrtc.so.13")
    if nvrtc is not None:
        report["ptx_entry"] = ".entry axpy" in compile_ptx(nvrtc, "compute_90")
    report["maps"] = [m for m in mapped_objects() if "cudart" in m or "nvrtc" in m]
    report["child_inherited"] = subprocess.run(PROBE, capture_output=True, text=True).stdout
    report["child_restored"] = subprocess.run(PROBE, capture_output=True, text=True, env=restored_environment()).stdout
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
