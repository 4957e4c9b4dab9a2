"""The venv app of test_venv_apps.py, run through its console script myapp-web: loads
libcudart.so.13 and libnvrtc.so.13 by soname (ctypes), asks each for its version, and prints
one JSON object: its arguments, sys.executable, VIRTUAL_ENV, each library's version or error,
and the files mapped for them (/proc/self/maps)."""
import ctypes
import json
import os
import sys


def load(soname, version_call):
    """{"version": [...]} from the library's version function, or {"error": text}."""
    try:
        lib = ctypes.CDLL(soname)
    except OSError as e:
        return {"error": str(e)}
    numbers = [ctypes.c_int() for _ in range(version_call[1])]
    status = getattr(lib, version_call[0])(*[ctypes.byref(n) for n in numbers])
    return {"version": [n.value for n in numbers], "status": status}


def main():
    report = {"argv": sys.argv[1:], "executable": sys.executable, "VIRTUAL_ENV": os.environ.get("VIRTUAL_ENV"),
              "cudart": load("libcudart.so.13", ("cudaRuntimeGetVersion", 1)),
              "nvrtc": load("libnvrtc.so.13", ("nvrtcVersion", 2))}
    with open("/proc/self/maps") as maps:
        fields = [line.split(None, 5) for line in maps]
    files = {f[5].strip() for f in fields if len(f) == 6}
    report["maps"] = sorted(f for f in files if "libcudart" in f or "libnvrtc" in f)
    print(json.dumps(report))
    return 0
