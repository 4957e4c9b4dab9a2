"""run-with-cuda demo: real CUDA work that needs no GPU. It loads the CUDA runtime, NVRTC
and nvJitLink by their sonames (as CuPy, JAX or onnxruntime do), prints the file the
dynamic loader picked for each, compiles a CUDA C++ kernel to PTX with NVRTC and links it
into a cubin for sm_80 with nvJitLink. Run it under run-with-cuda (scripts/demo.sh does);
without the launcher the venv's copies are not found, or a system copy loads instead."""
import ctypes
import os
import sys

SONAMES = ["libcudart.so.13", "libnvrtc.so.13", "libnvJitLink.so.13"]
KERNEL = b"""extern "C" __global__ void saxpy(float a, const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
"""


def loaded_from(soname):
    """The path of the mapped file whose name is soname (/proc/self/maps)."""
    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        for line in maps:
            path = line.rstrip("\n").split(None, 5)[-1]
            if os.path.basename(path) == soname:
                return path
    return "?"


def compile_ptx(nvrtc):
    """The PTX of KERNEL for compute_80, compiled by NVRTC."""
    program = ctypes.c_void_p()
    assert nvrtc.nvrtcCreateProgram(ctypes.byref(program), KERNEL, b"saxpy.cu", 0, None, None) == 0
    options = (ctypes.c_char_p * 1)(b"--gpu-architecture=compute_80")
    if nvrtc.nvrtcCompileProgram(program, 1, options) != 0:
        raise RuntimeError("nvrtcCompileProgram failed")
    size = ctypes.c_size_t()
    nvrtc.nvrtcGetPTXSize(program, ctypes.byref(size))
    ptx = ctypes.create_string_buffer(size.value)
    nvrtc.nvrtcGetPTX(program, ptx)
    return ptx.value


def link_cubin(nvjitlink, ptx):
    """The cubin for sm_80 that nvJitLink makes of ptx (bytes)."""
    handle = ctypes.c_void_p()
    options = (ctypes.c_char_p * 1)(b"-arch=sm_80")
    if nvjitlink.nvJitLinkCreate(ctypes.byref(handle), 1, options) != 0:
        raise RuntimeError("nvJitLinkCreate failed")
    input_ptx = 2  # NVJITLINK_INPUT_PTX (nvJitLink.h: NONE, CUBIN, PTX, ...)
    if nvjitlink.nvJitLinkAddData(handle, input_ptx, ptx, ctypes.c_size_t(len(ptx)), b"saxpy.ptx") != 0:
        raise RuntimeError("nvJitLinkAddData failed")
    if nvjitlink.nvJitLinkComplete(handle) != 0:
        raise RuntimeError("nvJitLinkComplete failed")
    size = ctypes.c_size_t()
    nvjitlink.nvJitLinkGetLinkedCubinSize(handle, ctypes.byref(size))
    cubin = ctypes.create_string_buffer(size.value)
    nvjitlink.nvJitLinkGetLinkedCubin(handle, cubin)
    return cubin.raw


def main():
    print(f"python      {sys.executable} ({sys.version.split()[0]})")
    for name in ("VIRTUAL_ENV", "CUDA_PATH", "CUDA_HOME", "CUDA_MODULE_LOADING", "RUN_WITH_CUDA"):
        print(f"{name:<11} {os.environ.get(name, '(unset)')}")
    libraries = {}
    for soname in SONAMES:
        try:
            libraries[soname] = ctypes.CDLL(soname)
            where = loaded_from(soname)
        except OSError as error:
            where = f"NOT LOADED: {error}"
        print(f"{soname:<19} {where}")
    if len(libraries) != len(SONAMES):
        print("kernel      not compiled: a library did not load")
        return 1
    runtime_version = ctypes.c_int()
    libraries["libcudart.so.13"].cudaRuntimeGetVersion(ctypes.byref(runtime_version))
    ptx = compile_ptx(libraries["libnvrtc.so.13"])
    cubin = link_cubin(libraries["libnvJitLink.so.13"], ptx)
    kind = "ELF" if cubin[:4] == b"\x7fELF" else "not ELF"
    print(f"runtime     CUDA {runtime_version.value // 1000}.{runtime_version.value % 1000 // 10}")
    print(f"kernel      NVRTC: {len(ptx)} bytes of PTX ({ptx.count(b'.entry')} entry); "
          f"nvJitLink: a {len(cubin)}-byte {kind} cubin for sm_80")
    return 0


if __name__ == "__main__":
    sys.exit(main())
