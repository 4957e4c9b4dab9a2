"""Loads each soname given as an argument with ctypes.CDLL, in order, and prints one JSON
object: soname -> {"loaded", "error", "identity", "path", "mapped"}. identity and path come
from a stand-in's rwc_standin_identity()/rwc_standin_path() (null for a real library);
mapped lists the files of that name in /proc/self/maps after all loads."""
import ctypes
import json
import os
import sys


def standin_string(library, function_name):
    """Calls a stand-in's const char* function; None when the library has no such symbol."""
    try:
        function = getattr(library, function_name)
    except AttributeError:
        return None
    function.restype = ctypes.c_char_p
    return os.fsdecode(function())


def mapped_files():
    """The set of file paths mapped into this process, from /proc/self/maps."""
    paths = set()
    with open("/proc/self/maps", encoding="utf-8", errors="surrogateescape") as maps:
        for line in maps:
            fields = line.rstrip("\n").split(None, 5)
            if len(fields) == 6 and fields[5].startswith("/"):
                paths.add(fields[5])
    return paths


report = {}
for soname in sys.argv[1:]:
    entry = {"loaded": False, "error": None, "identity": None, "path": None}
    try:
        library = ctypes.CDLL(soname)
        entry["loaded"] = True
        entry["identity"] = standin_string(library, "rwc_standin_identity")
        entry["path"] = standin_string(library, "rwc_standin_path")
    except OSError as error:
        entry["error"] = str(error)
    report[soname] = entry

files = mapped_files()
for soname, entry in report.items():
    entry["mapped"] = sorted(f for f in files if os.path.basename(f) == soname)
json.dump(report, sys.stdout, indent=1)
sys.stdout.write("\n")
