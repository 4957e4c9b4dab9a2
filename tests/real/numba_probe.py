"""Test child of test_numba.py: what cuda-pathfinder and Numba's CUDA target (numba-cuda) find
in this process, and a kernel compiled to PTX (NVVM and libdevice, no GPU). Prints one JSON
object on its last stdout line; a step that raises reports "<type>: <text>" in its place.

Usage: python numba_probe.py [--libdevice-from-cuda-home]
  --libdevice-from-cuda-home   turns numba-cuda's "NVIDIA NVCC Wheel" libdevice step off, so
                               that its next step, $CUDA_HOME/nvvm/libdevice/libdevice.10.bc
                               (numba/cuda/cuda_paths.py, _get_libdevice_path_decision), decides

Keys: warnings (every warning raised, as text), libs ({name: [abs_path, found_via]} from
load_nvidia_dynamic_lib), tools ({name: path or null} from find_nvidia_binary_utility), which
(the same names on PATH), root (get_cuda_path_or_home), libdevice (find_bitcode_lib),
numba_paths ({key: [by, path]} from numba-cuda's get_cuda_paths), cuda_home ({what: [path,
exists]}: numba-cuda's CUDA_HOME candidates), nvvm (NVVM version, IR version), ptx (the
.version/.target lines, and whether the math.sin call was left unresolved), maps (the shared
objects mapped at the end).
"""
import json
import math
import os
import shutil
import sys
import warnings

from maps import mapped_objects

LIBS = ("cudart", "nvrtc", "nvJitLink", "nvvm")
TOOLS = ("nvcc", "ptxas", "nvdisasm")


def attempt(call):
    try:
        return call()
    except Exception as e:  # the text is the fact to record
        return f"{type(e).__name__}: {e}"


def kernel(r, x):
    i = cuda.grid(1)  # noqa: F821 (numba.cuda, bound in main once warnings are caught)
    if i < r.size:
        r[i] = math.sin(x[i])  # lowered to libdevice's __nv_sinf, linked in by NVVM


def compile_ptx():
    ptx, _ = cuda.compile_ptx(kernel, "void(float32[:], float32[:])", cc=(7, 5))
    return {"head": [line for line in ptx.splitlines() if line.startswith((".version", ".target"))],
            "unresolved_sinf": "__nv_sinf" in ptx, "chars": len(ptx)}


def main(argv):
    global cuda
    report = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import cuda.pathfinder as pathfinder
        from numba import cuda
        from numba.cuda import cuda_paths
        if "--libdevice-from-cuda-home" in argv:
            cuda_paths.get_libdevice_wheel_path = lambda: None
        report["libs"] = {n: attempt(lambda: (lambda d: [d.abs_path, d.found_via])(pathfinder.load_nvidia_dynamic_lib(n)))
                          for n in LIBS}
        report["tools"] = {n: pathfinder.find_nvidia_binary_utility(n) for n in TOOLS}
        report["which"] = {n: shutil.which(n) for n in TOOLS}
        report["root"] = pathfinder.get_cuda_path_or_home()
        report["libdevice"] = attempt(lambda: pathfinder.find_bitcode_lib("device"))
        report["numba_paths"] = attempt(lambda: {k: list(v) for k, v in cuda_paths.get_cuda_paths().items()})
        homes = {"libdevice": cuda_paths.get_cuda_home("nvvm", "libdevice", "libdevice.10.bc"),
                 "libdir": cuda_paths.get_cuda_home_libdir(), "static_libdir": cuda_paths.get_cuda_home("lib64"),
                 "include": cuda_paths.get_cuda_home("include")}
        report["cuda_home"] = {k: [v, bool(v) and os.path.exists(v)] for k, v in homes.items()}
        from numba.cuda.cudadrv import nvvm
        report["nvvm"] = attempt(lambda: (lambda n: [list(n.get_version()), list(n.get_ir_version())])(nvvm.NVVM()))
        report["ptx"] = attempt(compile_ptx)
    report["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
    report["maps"] = mapped_objects()
    sys.stdout.flush()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
