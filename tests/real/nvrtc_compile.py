"""Test child: compiles a CUDA C++ kernel string to PTX with NVRTC, loaded by its soname
through ctypes (as CuPy and cuda-python do), and prints one JSON object: {"ptx": text,
"nvrtc": the mapped file of the library}. Usage: python nvrtc_compile.py SONAME ARCH
(compile_ptx is also imported by frozen_app.py, the PyInstaller bundle's program)."""
import ctypes
import json
import sys

from maps import mapped_objects

SOURCE = b'extern "C" __global__ void axpy(float a, const float* x, float* y, int n) {\n' \
         b'  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = a * x[i] + y[i];\n}\n'


def compile_ptx(nvrtc, arch):
    """The PTX text of SOURCE for arch (e.g. "compute_90"), compiled by the loaded NVRTC
    library nvrtc (a ctypes.CDLL); raises SystemExit with NVRTC's message on failure."""

    def check(status, what):
        if status != 0:
            nvrtc.nvrtcGetErrorString.restype = ctypes.c_char_p
            raise SystemExit(f"{what}: {nvrtc.nvrtcGetErrorString(status).decode()}")

    program = ctypes.c_void_p()
    check(nvrtc.nvrtcCreateProgram(ctypes.byref(program), SOURCE, b"axpy.cu", 0, None, None), "nvrtcCreateProgram")
    options = (ctypes.c_char_p * 1)(f"--gpu-architecture={arch}".encode())
    status = nvrtc.nvrtcCompileProgram(program, 1, options)
    if status != 0:
        size = ctypes.c_size_t()
        nvrtc.nvrtcGetProgramLogSize(program, ctypes.byref(size))
        log = ctypes.create_string_buffer(size.value)
        nvrtc.nvrtcGetProgramLog(program, log)
        raise SystemExit(f"nvrtcCompileProgram: {log.value.decode(errors='replace')}")
    size = ctypes.c_size_t()
    check(nvrtc.nvrtcGetPTXSize(program, ctypes.byref(size)), "nvrtcGetPTXSize")
    ptx = ctypes.create_string_buffer(size.value)
    check(nvrtc.nvrtcGetPTX(program, ptx), "nvrtcGetPTX")
    return ptx.value.decode()


if __name__ == "__main__":
    soname, arch = sys.argv[1], sys.argv[2]
    ptx = compile_ptx(ctypes.CDLL(soname), arch)
    mapped = sorted(m for m in mapped_objects() if "nvrtc" in m)
    print(json.dumps({"ptx": ptx, "nvrtc": mapped}))
