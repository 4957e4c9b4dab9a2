"""Test child: dlopens one shared library by file name (the loader searches for it, as
ctypes.CDLL(name) does for CuPy, onnxruntime or CTranslate2) and prints one JSON object:
{"name", "ok", "error", "maps": [every shared-object file mapped afterwards, from
/proc/self/maps]}. Usage: python load_one.py NAME"""
import ctypes
import json
import sys

from maps import mapped_objects

name = sys.argv[1]
result = {"name": name, "ok": True, "error": None}
try:
    ctypes.CDLL(name)
except OSError as e:
    result.update(ok=False, error=str(e))
result["maps"] = mapped_objects()
print(json.dumps(result))
