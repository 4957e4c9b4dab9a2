"""Run inside a Jupyter kernel by test_jupyter.py (imported from this folder): dlopens
libcudart.so.13 and libnvrtc.so.13 by soname, as ctypes.CDLL(name) does, and prints one JSON
line {"loaded": {soname: null | error text}, "maps": [shared objects mapped, from
/proc/self/maps], "ld_library_path": the kernel's LD_LIBRARY_PATH or null}."""
import ctypes
import json
import os

from maps import mapped_objects

SONAMES = ("libcudart.so.13", "libnvrtc.so.13")


def report():
    """Loads each soname and prints the JSON line described above."""
    loaded = {}
    for name in SONAMES:
        try:
            ctypes.CDLL(name)
            loaded[name] = None
        except OSError as e:
            loaded[name] = str(e)
    print("CUDA-PROBE " + json.dumps({"loaded": loaded, "maps": mapped_objects(),
                                       "ld_library_path": os.environ.get("LD_LIBRARY_PATH")}), flush=True)
