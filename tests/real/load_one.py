"""Test child: dlopens one shared library by file name (the loader searches for it, as
ctypes.CDLL(name) does for CuPy, onnxruntime or CTranslate2) and prints one JSON object:
{"name", "ok", "error", "maps": [every shared-object file mapped afterwards, from
/proc/self/maps]}. Usage: python load_one.py NAME"""
import ctypes
import json
import sys

name = sys.argv[1]
result = {"name": name, "ok": True, "error": None}
try:
    ctypes.CDLL(name)
except OSError as e:
    result.update(ok=False, error=str(e))
maps = []
with open("/proc/self/maps") as f:
    for line in f:
        parts = line.split(None, 5)
        if len(parts) == 6 and ".so" in parts[5] and parts[5].strip() not in maps:
            maps.append(parts[5].strip())
result["maps"] = maps
print(json.dumps(result))
