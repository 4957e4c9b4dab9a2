"""Test child of test_frameworks.py: runs one framework probe inside the set's interpreter and
prints one JSON object on its last stdout line: the probe's own facts plus "maps", every
shared-object file mapped at the end (from /proc/self/maps). A probe that raises reports
{"error": "<type>: <text>"} instead of failing the process, so the test sees the text.

Usage: python fw_child.py PROBE [ARG...]
  ort-provider              dlopen onnxruntime's CUDA provider library the way onnxruntime does
  ort-session MODEL         an InferenceSession on MODEL asked for CUDAExecutionProvider
  ct2-import                import ctranslate2 and ask it for CUDA devices
  ct2-libs                  what CTranslate2 does on its first CUDA use: dlopen libcublas.so.12
                            by soname, and call its bundled cuDNN 9 front library, which
                            dlopens libcudnn_graph.so.9 (aborts the process when not found)
  torch-versions            import torch: torch.version.cuda, cudnn version, is_available()
  cupy-nvrtc                CuPy's runtime version and an NVRTC compile through CuPy
  ct2-model DIR DEVICE      build a tiny CTranslate2 model into DIR, decode greedily on DEVICE
  gpu-torch | gpu-ort MODEL | gpu-cupy | gpu-jax   the GPU cases (need a device)
"""
import ctypes
import json
import os
import sys
import traceback

from maps import mapped_objects


def ort_provider():
    import onnxruntime
    capi = os.path.join(os.path.dirname(onnxruntime.__file__), "capi")
    # onnxruntime loads the shared provider bridge globally, then the CUDA provider by path.
    ctypes.CDLL(os.path.join(capi, "libonnxruntime_providers_shared.so"), mode=ctypes.RTLD_GLOBAL)
    ctypes.CDLL(os.path.join(capi, "libonnxruntime_providers_cuda.so"))
    return {"capi": capi, "version": onnxruntime.__version__}


def ort_session(model):
    import onnxruntime
    onnxruntime.set_default_logger_severity(2)  # warnings and errors reach stderr
    result = {"version": onnxruntime.__version__, "available": onnxruntime.get_available_providers()}
    try:
        session = onnxruntime.InferenceSession(model, providers=["CUDAExecutionProvider"])
        result["providers"] = session.get_providers()
    except Exception as e:  # the session refused: its text is the fact to check
        result["session_error"] = f"{type(e).__name__}: {e}"
    return result


def ct2_import():
    import ctranslate2
    result = {"version": ctranslate2.__version__, "maps_after_import": mapped_objects()}
    try:
        result["cuda_device_count"] = ctranslate2.get_cuda_device_count()
    except Exception as e:
        result["cuda_error"] = f"{type(e).__name__}: {e}"
    try:
        result["cuda_compute_types"] = sorted(ctranslate2.get_supported_compute_types("cuda"))
    except Exception as e:
        result["compute_types_error"] = f"{type(e).__name__}: {e}"
    return result


def ct2_libs():
    import glob
    import ctranslate2
    result = {"version": ctranslate2.__version__}
    try:
        ctypes.CDLL("libcublas.so.12")
        result["cublas"] = "loaded"
    except OSError as e:
        result["cublas"] = str(e)
    libs = os.path.join(os.path.dirname(os.path.dirname(ctranslate2.__file__)), "ctranslate2.libs")
    front = glob.glob(os.path.join(libs, "libcudnn-*.so*"))
    result["cudnn_front"] = front
    if not front:  # CTranslate2 4.8 links no cuDNN (docs/real-wheels.md, "The latest track's frameworks")
        result["maps"] = mapped_objects()
        return result
    cudnn = ctypes.CDLL(front[0])  # already mapped by the import: its dlopens use its RPATH $ORIGIN
    result["cudnn_version"] = cudnn.cudnnGetVersion()
    handle = ctypes.c_void_p()
    result["cudnn_create"] = cudnn.cudnnCreate(ctypes.byref(handle))
    text = ctypes.create_string_buffer(512)
    cudnn.cudnnGetLastErrorString(text, ctypes.c_size_t(512))
    result["cudnn_last_error"] = text.value.decode(errors="replace")
    return result


def torch_versions():
    import torch
    result = {"version": torch.__version__, "cuda": torch.version.cuda}
    for key, call in (("cudnn", torch.backends.cudnn.version), ("is_available", torch.cuda.is_available)):
        try:
            result[key] = call()
        except Exception as e:
            result[key + "_error"] = f"{type(e).__name__}: {e}"
    return result


KERNEL = r'''extern "C" __global__ void axpy(float a, const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
'''


def cupy_nvrtc():
    import cupy
    from cupy.cuda import compiler, nvrtc, runtime
    result = {"version": cupy.__version__}
    try:
        result["runtime"] = runtime.runtimeGetVersion()
    except Exception as e:
        result["runtime_error"] = f"{type(e).__name__}: {e}"
    try:
        result["nvrtc"] = list(nvrtc.getVersion())
        # CuPy's NVRTC binding, the calls compile_using_nvrtc makes, for a virtual architecture.
        program = nvrtc.createProgram(KERNEL, "axpy.cu", [], [])
        nvrtc.compileProgram(program, ["-arch=compute_75"])
        result["ptx"] = nvrtc.getPTX(program).decode()
        nvrtc.destroyProgram(program)
    except Exception as e:
        result["nvrtc_error"] = f"{type(e).__name__}: {e}"
    for lib in ("cublas", "curand"):  # CuPy's bindings, DT_NEEDED on libcublas.so.12, libcurand.so.10
        try:
            __import__(f"cupy_backends.cuda.libs.{lib}")
            result[lib] = "imported"
        except ImportError as e:
            result[lib] = f"ImportError: {e}"
    try:  # asks the device for its memo even with arch given
        compiled, _ = compiler.compile_using_nvrtc(KERNEL, arch="75")
        result["compile_using_nvrtc"] = len(compiled)
    except Exception as e:
        result["compile_using_nvrtc_error"] = f"{type(e).__name__}: {e}"
    return result


def gpu_torch():
    import torch
    a = torch.arange(16.0, device="cuda").reshape(4, 4)
    product = (a @ torch.eye(4, device="cuda")).cpu()  # cuBLAS
    x = torch.ones(1, 1, 5, 5, device="cuda")
    w = torch.ones(1, 1, 3, 3, device="cuda")
    torch.backends.cudnn.enabled = True
    conv = torch.nn.functional.conv2d(x, w).cpu()  # cuDNN
    return {"matmul_ok": bool((product == a.cpu()).all()), "conv": conv.flatten().tolist(),
            "cudnn": torch.backends.cudnn.version()}


def gpu_ort(model):
    import numpy
    import onnxruntime
    session = onnxruntime.InferenceSession(model, providers=["CUDAExecutionProvider"])
    out = session.run(None, {"x": numpy.array([-1.0, 0.0, 2.0], dtype=numpy.float32)})[0]
    return {"providers": session.get_providers(), "y": out.tolist()}


def gpu_cupy():
    import cupy
    kernel = cupy.RawKernel(KERNEL, "axpy")
    x = cupy.arange(8, dtype=cupy.float32)
    y = cupy.ones(8, dtype=cupy.float32)
    kernel((1,), (8,), (cupy.float32(2.0), x, y, cupy.int32(8)))
    return {"y": cupy.asnumpy(y).tolist()}


def gpu_jax():
    import jax
    import jax.numpy as jnp
    a = jnp.arange(16.0, dtype=jnp.float32).reshape(4, 4)
    product = jax.jit(lambda x, y: x @ y)(a, jnp.eye(4, dtype=jnp.float32))  # compiled by XLA: ptxas
    return {"devices": [str(d) for d in jax.devices()], "matmul_ok": bool((product == a).all())}


def ct2_model(folder, device):
    """Builds a tiny one-layer Transformer decoder (random weights, seed 0, vocabulary of five
    tokens) with ctranslate2.specs into folder, then decodes greedily on device."""
    import numpy
    import ctranslate2
    from ctranslate2 import specs
    d, ffn, vocab = 8, 16, ["<unk>", "<s>", "</s>", "a", "b"]
    rng = numpy.random.default_rng(0)

    def weight(*shape):
        return (rng.standard_normal(shape) * 0.1).astype(numpy.float32)

    def norm(layer_norm):
        layer_norm.gamma, layer_norm.beta = numpy.ones(d, numpy.float32), numpy.zeros(d, numpy.float32)

    spec = specs.TransformerDecoderModelSpec.from_config(num_layers=1, num_heads=2)
    decoder = spec.decoder
    decoder.embeddings.weight = weight(len(vocab), d)
    norm(decoder.layer_norm)
    decoder.projection.weight = weight(len(vocab), d)
    layer = decoder.layer[0]
    norm(layer.self_attention.layer_norm)
    norm(layer.ffn.layer_norm)
    layer.self_attention.linear[0].weight = weight(3 * d, d)
    layer.self_attention.linear[1].weight = weight(d, d)
    layer.ffn.linear_0.weight = weight(ffn, d)
    layer.ffn.linear_1.weight = weight(d, ffn)
    spec.register_vocabulary(vocab)
    spec.config.bos_token, spec.config.eos_token, spec.config.unk_token = "<s>", "</s>", "<unk>"
    spec.validate()
    os.makedirs(folder, exist_ok=True)
    spec.save(folder)
    generator = ctranslate2.Generator(folder, device=device)
    result = generator.generate_batch([["<s>", "a"]], max_length=3, sampling_topk=1)
    return {"device": device, "sequence": result[0].sequences[0]}


PROBES = {"ort-provider": ort_provider, "ort-session": ort_session, "ct2-import": ct2_import, "ct2-libs": ct2_libs,
          "torch-versions": torch_versions, "cupy-nvrtc": cupy_nvrtc, "gpu-torch": gpu_torch,
          "gpu-ort": gpu_ort, "gpu-cupy": gpu_cupy, "gpu-jax": gpu_jax, "ct2-model": ct2_model}

if __name__ == "__main__":
    try:
        report = PROBES[sys.argv[1]](*sys.argv[2:])
    except Exception as e:
        report = {"error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()[-3000:]}
    report["maps"] = mapped_objects()
    report["env"] = {k: os.environ.get(k) for k in ("LD_LIBRARY_PATH", "CUDA_PATH", "CUDA_HOME")}
    sys.stdout.flush()
    print(json.dumps(report))
