"""Real CUDA tools on the CPU, under the launcher, from the wheels alone: ptxas assembles
PTX into a cubin, NVRTC compiles a kernel string to PTX, nvcc compiles a .cu file to an
object file (docs/real-wheels.md, "Tools")."""
import json

import pytest

from conftest import doctor, prepared, record_files, run

PTX = """.version 8.0
.target sm_80
.address_size 64
.visible .entry scale(.param .u64 p)
{
  .reg .b64 %rd<2>;
  .reg .f32 %f<3>;
  ld.param.u64 %rd1, [p];
  ld.global.f32 %f1, [%rd1];
  add.f32 %f2, %f1, %f1;
  st.global.f32 [%rd1], %f2;
  ret;
}
"""
KERNEL = """extern "C" __global__ void axpy(float a, const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
"""
NVRTC = {"linux-cu12": "libnvrtc.so.12", "linux-cu13": "libnvrtc.so.13", "linux-cu11": "libnvrtc.so.11.2"}


def under(launcher, root, *argv, cwd=None, check=True):
    return run([launcher, "--no-config", "--python", root, *argv], cwd=cwd, check=check)


@pytest.mark.parametrize("name", ["linux-cu12", "linux-cu13"])
def test_ptxas_from_the_venv_assembles_ptx(launcher, name, tmp_path):
    wset, root = prepared(name)
    found = under(launcher, root, "sh", "-c", "command -v ptxas").stdout.strip()
    assert found.startswith(str(root) + "/"), f"ptxas resolved to {found}"
    (tmp_path / "scale.ptx").write_text(PTX)
    under(launcher, root, "ptxas", "-arch=sm_80", "scale.ptx", "-o", "scale.cubin", cwd=tmp_path)
    cubin = (tmp_path / "scale.cubin").read_bytes()
    assert cubin[:4] == b"\x7fELF" and b"scale" in cubin


@pytest.mark.parametrize("name", ["linux-cu11", "linux-cu12", "linux-cu13"])
def test_nvrtc_by_soname_compiles_a_kernel(launcher, name, tmp_path):
    wset, root = prepared(name)
    script = __import__("pathlib").Path(__file__).with_name("nvrtc_compile.py")
    out = json.loads(under(launcher, root, "python", script, NVRTC[name], "compute_75").stdout)
    assert ".visible .entry axpy" in out["ptx"], out["ptx"][:400]
    assert out["nvrtc"] and all(m.startswith(str(root) + "/") for m in out["nvrtc"]), out["nvrtc"]


def test_nvcc_cu13_compiles_with_the_wheels_headers_only(launcher, tmp_path):
    wset, root = prepared("linux-cu13")
    (tmp_path / "axpy.cu").write_text(KERNEL)
    found = under(launcher, root, "sh", "-c", "command -v nvcc").stdout.strip()
    assert found.startswith(str(root) + "/"), f"nvcc resolved to {found}"
    under(launcher, root, "nvcc", "-arch=sm_80", "-c", "axpy.cu", "-o", "axpy.o", cwd=tmp_path)
    obj = (tmp_path / "axpy.o").read_bytes()
    assert obj[:4] == b"\x7fELF" and b"axpy" in obj


def test_cu12_wheels_ship_no_nvcc_and_the_doctor_says_so(launcher):
    # nvidia-cuda-nvcc-cu12 installs ptxas, libnvvm, libdevice and the crt headers, but no
    # nvcc (nor cicc): no CUDA 12 wheel set can compile a .cu file, and torch's cpp_extension
    # ($CUDA_HOME/bin/nvcc) cannot work from them. --doctor names what is missing.
    wset, root = prepared("linux-cu12")
    site = root / "lib" / f"python{wset.python}" / "site-packages"
    files = [p for rows in record_files(site, {"nvidia-cuda-nvcc-cu12"}).values() for p in rows]
    assert "nvidia/cuda_nvcc/bin/ptxas" in files
    assert not [p for p in files if p.endswith("/nvcc") or p.endswith("/cicc")], files
    status, report = doctor([launcher], root)
    finding = [f for f in report["findings"] if f["code"] == "cuda-home-incomplete"]
    assert finding and "nvcc" in finding[0]["message"], report["findings"]
