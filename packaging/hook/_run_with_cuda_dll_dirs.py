"""run-with-cuda's start-up hook: os.add_dll_directory for RUN_WITH_CUDA_DLL_DIRS.

Imported at start-up by the one line of run_with_cuda_dll_dirs.pth (Lib/site.py runs the
import lines of .pth files in site-packages). On Windows, CPython 3.8+ loads an extension
module with LoadLibraryExW(LOAD_LIBRARY_SEARCH_DEFAULT_DIRS |
LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) (Python/dynload_win.c) and ctypes.CDLL(name) with
LOAD_LIBRARY_SEARCH_DEFAULT_DIRS (Lib/ctypes/__init__.py): neither searches PATH, so the
CUDA DLL folders the launcher puts on PATH must also be added with AddDllDirectory
(docs/windows-dll-loading.md in run-with-cuda).

It does nothing unless sys.platform is "win32" and the variable is set; it never raises.
"""
import os
import sys

# The handles os.add_dll_directory returned: a folder stays in the search only while its
# handle is open, so they live as long as this module (the process).
_handles = []


def _apply():
    """Adds each existing folder of RUN_WITH_CUDA_DLL_DIRS (';'-separated), in order.

    Returns nothing; a folder that is missing or that os.add_dll_directory refuses is
    skipped. Interpreters before 3.8 have no os.add_dll_directory (and search PATH).
    """
    if sys.platform != "win32":
        return
    value = os.environ.get("RUN_WITH_CUDA_DLL_DIRS")
    add = getattr(os, "add_dll_directory", None)
    if not value or add is None:
        return
    for folder in value.split(";"):
        try:
            if folder and os.path.isdir(folder):
                _handles.append(add(folder))
        except Exception:  # never stop the interpreter's start-up for one folder
            pass


try:
    _apply()
except Exception:
    pass
