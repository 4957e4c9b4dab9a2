// The framework findings of --doctor (torch, cuDNN, Triton, xFormers, FlashAttention), each
// with one fixture that makes it fire and one that does not. Fixtures: hand-made METADATA
// (tests/doctor/metadata), the real CUDA 13 dist-info folders and small wheels.
#include "doctor_fixture.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace rwc::doctor_test {
namespace {

/// torch 2.5.1+cu124 with every pinned CUDA 12 wheel, triton 3.1.0 and its bundled ptxas.
void add_good_torch(const FixtureVenv& venv)
{
    venv.add_metadata_file("torch-2.5.1+cu124.METADATA");
    venv.add_cu12_torch_wheels();
    venv.add_metadata_file("triton-3.1.0.METADATA");
    venv.file("triton/backends/nvidia/bin/ptxas", "", true);
}

/// Replaces an installed wheel's dist-info with another version's, which installs file.
void reinstall(const FixtureVenv& venv, const std::string& folder, const std::string& name, const std::string& version,
               const std::string& file)
{
    fs::remove_all(venv.site_packages() / (folder + ".dist-info"));
    venv.add_wheel(name, version, {file});
}

TEST(DoctorFrameworkFindings, TorchPinsUnmet)
{
    FixtureVenv good;
    add_good_torch(good);
    const auto clean = good.findings();
    for (const char* code : {"torch-pin-unmet", "torch-cuda-mismatch", "cudnn-major-mismatch", "triton-no-ptxas",
                             "triton-torch-mismatch", "mixed-cuda-majors", "bad-metadata"}) {
        EXPECT_FALSE(fires(clean, code)) << code;
    }

    FixtureVenv missing;
    missing.add_metadata_file("torch-2.5.1+cu124.METADATA");
    const auto m = find_code(missing.findings(), "torch-pin-unmet");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->severity, Severity::error);
    EXPECT_TRUE(mentions(m, "nvidia-cudnn-cu12==9.1.0.70")) << m->message;
    EXPECT_TRUE(mentions(m, "pip install 'nvidia-cuda-nvrtc-cu12==12.4.127'")) << m->message;
    EXPECT_TRUE(mentions(m, "triton==3.1.0")) << m->message;

    FixtureVenv minor;
    add_good_torch(minor);
    reinstall(minor, "nvidia_cublas_cu12-12.4.5.8", "nvidia-cublas-cu12", "12.6.4.1",
              "nvidia/cublas/lib/libcublas.so.12");
    const auto w = find_code(minor.findings(), "torch-pin-unmet");
    ASSERT_TRUE(w);
    EXPECT_EQ(w->severity, Severity::warning); // same major: cuBLAS 12.6 still loads
    EXPECT_EQ(w->message, "torch 2.5.1+cu124 requires nvidia-cublas-cu12==12.4.5.8 but 12.6.4.1 is installed: pip "
                          "install 'nvidia-cublas-cu12==12.4.5.8'.");

    FixtureVenv triton;
    add_good_torch(triton);
    reinstall(triton, "triton-3.1.0", "triton", "3.0.0", "triton/__init__.py");
    const auto t = find_code(triton.findings(), "torch-pin-unmet");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->severity, Severity::error);
    EXPECT_FALSE(fires(triton.findings(), "triton-torch-mismatch")); // torch's own pin says it once
}

TEST(DoctorFrameworkFindings, TorchPinsFollowTheirMarkers)
{
    FixtureVenv windows(TargetOs::windows); // torch's nvidia-* pins are for Linux x86_64 only
    windows.add_metadata_file("torch-2.5.1+cu124.METADATA");
    EXPECT_FALSE(fires(windows.findings(), "torch-pin-unmet"));
}

TEST(DoctorFrameworkFindings, TorchCudaLabelVersusRuntime)
{
    FixtureVenv cu13;
    cu13.add_cu13_wheels();
    cu13.add_wheel("torch", "2.5.1+cu124");
    const auto f = find_code(cu13.findings(), "torch-cuda-mismatch");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->message, "torch 2.5.1+cu124 is built for CUDA 12 (+cu124) but the installed runtime "
                          "nvidia-cuda-runtime 13.0.96 is CUDA 13: install the torch build for CUDA 13, or pip "
                          "install nvidia-cuda-runtime-cu12.");

    FixtureVenv cu12;
    cu12.add_cu12_torch_wheels();
    cu12.add_wheel("torch", "2.5.1+cu124");
    EXPECT_FALSE(fires(cu12.findings(), "torch-cuda-mismatch"));
}

TEST(DoctorFrameworkFindings, TorchCpuBuild)
{
    FixtureVenv cpu;
    cpu.add_cu13_wheels({"nvidia_cuda_runtime"});
    cpu.add_wheel("torch", "2.5.1+cpu");
    EXPECT_EQ(find_code(cpu.findings(), "torch-cpu-build")->severity, Severity::warning);

    FixtureVenv cpu_only;
    cpu_only.add_wheel("torch", "2.5.1+cpu");
    EXPECT_FALSE(fires(cpu_only.findings(), "torch-cpu-build"));
}

TEST(DoctorFrameworkFindings, CudnnMajor)
{
    FixtureVenv old;
    add_good_torch(old);
    reinstall(old, "nvidia_cudnn_cu12-9.1.0.70", "nvidia-cudnn-cu12", "8.9.2.26", "nvidia/cudnn/lib/libcudnn.so.8");
    const auto findings = old.findings();
    const auto f = find_code(findings, "cudnn-major-mismatch");
    ASSERT_TRUE(f);
    EXPECT_TRUE(mentions(f, "expects cuDNN 9 (its pin nvidia-cudnn-cu12==9.1.0.70)")) << f->message;
    EXPECT_FALSE(fires(findings, "torch-pin-unmet")); // said once, by the cuDNN rule

    FixtureVenv table; // no pins (a Windows-style torch): docs/compat.md's table
    table.add_wheel("torch", "2.5.1");
    table.add_wheel("nvidia-cudnn-cu12", "8.9.2.26", {"nvidia/cudnn/lib/libcudnn.so.8"});
    EXPECT_TRUE(mentions(find_code(table.findings(), "cudnn-major-mismatch"),
                         "docs/compat.md: torch 2.5.1 was tested with cuDNN"));

    FixtureVenv ok;
    ok.add_wheel("torch", "2.5.1");
    ok.add_wheel("nvidia-cudnn-cu12", "9.5.1.17", {"nvidia/cudnn/lib/libcudnn.so.9"});
    EXPECT_FALSE(fires(ok.findings(), "cudnn-major-mismatch"));
}

TEST(DoctorFrameworkFindings, TritonNeedsPtxas)
{
    FixtureVenv bare;
    bare.add_metadata_file("triton-3.1.0.METADATA");
    const auto f = find_code(bare.findings(), "triton-no-ptxas");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::error);

    FixtureVenv bundled;
    bundled.add_metadata_file("triton-3.1.0.METADATA");
    bundled.file("triton/backends/nvidia/bin/ptxas", "", true);
    EXPECT_FALSE(fires(bundled.findings(), "triton-no-ptxas"));
    EXPECT_EQ(bundled.facts().triton_ptxas, bundled.site_packages() / "triton/backends/nvidia/bin/ptxas");

    FixtureVenv nvcc_wheel; // cu13/bin/ptxas, put on PATH by the launcher
    nvcc_wheel.add_metadata_file("triton-3.1.0.METADATA");
    nvcc_wheel.add_cu13_wheels({"nvidia_cuda_nvcc"});
    EXPECT_FALSE(fires(nvcc_wheel.findings(), "triton-no-ptxas"));

    RunOptions variable;
    variable.env = {"TRITON_PTXAS_PATH=" + bare.file("elsewhere/ptxas", "", true).string()};
    EXPECT_FALSE(fires(bare.findings(variable), "triton-no-ptxas"));
}

TEST(DoctorFrameworkFindings, TritonWindowsThreeFileCheck)
{
    FixtureVenv venv(TargetOs::windows);
    venv.add_wheel("triton-windows", "3.2.0.post13");
    venv.add_wheel("nvidia-cuda-runtime-cu12", "12.4.127",
                   {"nvidia/cuda_runtime/bin/cudart64_12.dll", "nvidia/cuda_runtime/include/cuda.h"});
    venv.add_wheel("nvidia-cuda-nvcc-cu12", "12.4.131", {"nvidia/cuda_nvcc/bin/ptxas.exe"});
    const auto f = find_code(venv.findings(), "triton-windows-no-cuda");
    ASSERT_TRUE(f);
    EXPECT_TRUE(mentions(f, (venv.site_packages() / "nvidia").string() + " lacks cuda_runtime/lib/x64/cuda.lib"))
        << f->message;
    EXPECT_FALSE(fires(venv.findings(), "triton-no-ptxas")); // Windows: the three-file check instead

    venv.file("nvidia/cuda_runtime/lib/x64/cuda.lib");
    EXPECT_FALSE(fires(venv.findings(), "triton-windows-no-cuda"));
}

TEST(DoctorFrameworkFindings, TritonVersusTorchFromTheTable)
{
    FixtureVenv wrong;
    wrong.add_wheel("torch", "2.5.1"); // no pins: docs/compat.md's "PyTorch and Triton"
    wrong.add_wheel("triton", "3.0.0");
    wrong.file("triton/backends/nvidia/bin/ptxas", "", true);
    const auto f = find_code(wrong.findings(), "triton-torch-mismatch");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->message,
              "torch 2.5.1 goes with triton 3.1.0 (docs/compat.md) but triton 3.0.0 is installed: pip install "
              "'triton==3.1.0.*'.");

    FixtureVenv right(TargetOs::windows);
    right.add_wheel("torch", "2.5.1+cu124");
    right.add_wheel("triton-windows", "3.1.0.post9");
    EXPECT_FALSE(fires(right.findings(), "triton-torch-mismatch"));
}

TEST(DoctorFrameworkFindings, XformersVersusTorch)
{
    FixtureVenv wrong;
    wrong.add_metadata_file("xformers-0.0.28.post3.METADATA");
    wrong.add_wheel("torch", "2.4.0");
    const auto f = find_code(wrong.findings(), "xformers-torch-mismatch");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->message, "xformers 0.0.28.post3 is built for torch 2.5.1 (its Requires-Dist torch==2.5.1) but torch "
                          "2.4.0 is installed: install the xformers build for torch 2.4, or torch 2.5.1.");

    FixtureVenv right;
    right.add_metadata_file("xformers-0.0.28.post3.METADATA");
    right.add_wheel("torch", "2.5.1+cu124");
    EXPECT_FALSE(fires(right.findings(), "xformers-torch-mismatch"));

    FixtureVenv table; // no pin in its metadata: docs/compat.md says 0.0.28.post2 is for torch 2.5.0
    table.add_wheel("xformers", "0.0.28.post2");
    table.add_wheel("torch", "2.5.1");
    EXPECT_TRUE(
        mentions(find_code(table.findings(), "xformers-torch-mismatch"), "built for torch 2.5.0 (docs/compat.md)"));

    FixtureVenv no_torch;
    no_torch.add_metadata_file("xformers-0.0.28.post3.METADATA");
    EXPECT_TRUE(mentions(find_code(no_torch.findings(), "xformers-torch-mismatch"), "torch is not installed"));
}

TEST(DoctorFrameworkFindings, XformersKnownBad)
{
    FixtureVenv bad;
    bad.add_wheel("xformers", "0.0.29");
    bad.add_wheel("torch", "2.5.1");
    const auto f = find_code(bad.findings(), "xformers-known-bad");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::warning);
    EXPECT_FALSE(fires(bad.findings(), "xformers-torch-mismatch"));

    FixtureVenv good;
    good.add_wheel("xformers", "0.0.29.post1");
    good.add_wheel("torch", "2.5.1");
    EXPECT_FALSE(fires(good.findings(), "xformers-known-bad"));
}

TEST(DoctorFrameworkFindings, FlashAttentionVersusTorch)
{
    FixtureVenv table_wrong; // a Windows community wheel: docs/compat.md's table
    table_wrong.add_metadata_file("flash_attn-2.7.0.post2.METADATA");
    table_wrong.add_wheel("torch", "2.6.0");
    const auto f = find_code(table_wrong.findings(), "flash-attn-torch-mismatch");
    ASSERT_TRUE(f);
    EXPECT_TRUE(mentions(f, "flash_attn 2.7.0.post2 is built for torch 2.3.1 or 2.4.0 or 2.5.1")) << f->message;

    FixtureVenv table_right;
    table_right.add_metadata_file("flash_attn-2.7.0.post2.METADATA");
    table_right.add_wheel("torch", "2.5.1+cu124");
    EXPECT_FALSE(fires(table_right.findings(), "flash-attn-torch-mismatch"));

    FixtureVenv label_right; // "+cu12torch2.8cxx11abiTRUE" names its torch
    label_right.add_metadata_file("flash_attn-2.8.2+cu12torch2.8cxx11abiTRUE.METADATA");
    label_right.add_wheel("torch", "2.8.0+cu128");
    EXPECT_FALSE(fires(label_right.findings(), "flash-attn-torch-mismatch"));

    FixtureVenv label_wrong;
    label_wrong.add_metadata_file("flash_attn-2.8.2+cu12torch2.8cxx11abiTRUE.METADATA");
    label_wrong.add_wheel("torch", "2.7.1+cu128");
    EXPECT_TRUE(mentions(find_code(label_wrong.findings(), "flash-attn-torch-mismatch"),
                         "built for torch 2.8 (its version label +cu12torch2.8cxx11abitrue)"));
}

/// xformers 0.0.35 requires torch>=2.10 (no exact pin): a range in its metadata is checked too.
TEST(DoctorFrameworkFindings, XformersTorchRangeFromItsMetadata)
{
    for (const auto& [torch, fires_here] : {std::pair{"2.9.1", true}, std::pair{"2.15.0", false}}) {
        FixtureVenv venv;
        venv.add_dist("xformers-0.0.35", "Name: xformers\nVersion: 0.0.35\nRequires-Dist: torch>=2.10\n\n");
        venv.add_wheel("torch", torch);
        const auto f = find_code(venv.findings(), "xformers-torch-mismatch");
        EXPECT_EQ(bool(f), fires_here) << torch;
        if (f) {
            EXPECT_TRUE(mentions(f, "xformers 0.0.35 is built for torch >=2.10 (its Requires-Dist torch>=2.10)"))
                << f->message;
        }
    }
}

/// XLA's CUDA data folder: JAX's own (nvidia/cu13 or nvidia/cuda_nvcc with bin/ptxas, or
/// CUDA_ROOT), TensorFlow's from XLA_FLAGS; the finding only where JAX's CUDA plugin or
/// TensorFlow beside NVIDIA wheels is installed.
TEST(DoctorFrameworkFindings, XlaNeedsLibdeviceAndPtxas)
{
    FixtureVenv plain; // JAX without a CUDA plugin: nothing to say
    plain.add_wheel("jax", "0.10.2");
    EXPECT_FALSE(plain.facts().xla);
    EXPECT_FALSE(fires(plain.findings(), "xla-no-libdevice"));

    FixtureVenv bare; // the plugin without CUDA wheels
    bare.add_wheel("jax-cuda13-plugin", "0.10.2");
    const auto none = find_code(bare.findings(), "xla-no-libdevice");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->severity, Severity::warning);
    EXPECT_TRUE(mentions(none, "jax-cuda13-plugin 0.10.2 is installed but gives XLA no CUDA data folder"))
        << none->message;

    FixtureVenv no_nvvm; // cu13/bin/ptxas (nvidia-cuda-nvcc) without nvidia-nvvm's libdevice
    no_nvvm.add_wheel("jax-cuda13-plugin", "0.10.2");
    no_nvvm.add_cu13_wheels({"nvidia_cuda_nvcc", "nvidia_cuda_runtime"});
    const auto lib = find_code(no_nvvm.findings(), "xla-no-libdevice");
    ASSERT_TRUE(lib);
    EXPECT_TRUE(mentions(lib, (no_nvvm.site_packages() / "nvidia/cu13").string() +
                                  " (JAX's nvidia.cu13), which has no nvvm/libdevice/libdevice.10.bc:"))
        << lib->message;

    FixtureVenv full; // nvidia-nvvm too
    full.add_wheel("jax-cuda13-plugin", "0.10.2");
    full.add_cu13_wheels({"nvidia_cuda_nvcc", "nvidia_cuda_runtime", "nvidia_nvvm"});
    EXPECT_FALSE(fires(full.findings(), "xla-no-libdevice"));
    ASSERT_TRUE(full.facts().xla);
    EXPECT_EQ(full.facts().xla->folder, full.site_packages() / "nvidia/cu13");

    // CUDA_ROOT wins in JAX's rule, as jax/_src/lib's _cuda_path() reads it first.
    RunOptions root;
    root.env = {"CUDA_ROOT=" + (full.root() / "nowhere").string()};
    const auto r = find_code(full.findings(root), "xla-no-libdevice");
    ASSERT_TRUE(r);
    EXPECT_TRUE(mentions(r, "(CUDA_ROOT), which has no nvvm/libdevice/libdevice.10.bc and bin/ptxas")) << r->message;

    // TensorFlow: the launcher's XLA_FLAGS names the toolkit root that holds libdevice (rule 3b).
    FixtureVenv tf;
    tf.add_wheel("tensorflow", "2.21.0");
    tf.add_cu13_wheels({"nvidia_cuda_nvcc", "nvidia_cuda_runtime", "nvidia_nvvm"});
    EXPECT_FALSE(fires(tf.findings(), "xla-no-libdevice"));
    EXPECT_EQ(tf.facts().xla->source, "XLA_FLAGS");
    RunOptions opt_out;
    opt_out.config = [](Config& c) { c.xla_data_dir = false; };
    EXPECT_TRUE(fires(tf.findings(opt_out), "xla-no-libdevice"));
    RunOptions quoted; // the caller's own flag, quoted as XLA parses it
    quoted.env = {"XLA_FLAGS=--a=1 -xla_gpu_cuda_data_dir=\"" + (tf.root() / "no \\\"where").string() + "\""};
    const auto q = find_code(tf.findings(quoted), "xla-no-libdevice");
    ASSERT_TRUE(q);
    EXPECT_TRUE(mentions(q, (tf.root() / "no \"where").string() + " (XLA_FLAGS)")) << q->message;
}

/// Numba's libdevice: numba-cuda's own search (a conda environment's, the NVIDIA wheels',
/// then $CUDA_HOME's taken without looking), so a toolkit root without nvvm/ breaks it.
TEST(DoctorFrameworkFindings, NumbaNeedsLibdeviceWhereItsSearchEnds)
{
    FixtureVenv plain; // no numba-cuda: nothing to say
    plain.add_cu13_wheels({"nvidia_cuda_runtime"});
    EXPECT_FALSE(plain.facts().numba);

    FixtureVenv no_nvvm; // numba-cuda without its [cu13] extra, beside torch's kind of wheels
    no_nvvm.add_wheel("numba-cuda", "0.30.4");
    no_nvvm.add_cu13_wheels({"nvidia_cuda_runtime", "nvidia_cuda_nvrtc"});
    const fs::path root = no_nvvm.site_packages() / "nvidia" / "cu13";
    const auto f = find_code(no_nvvm.findings(), "numba-no-libdevice");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::warning);
    EXPECT_TRUE(mentions(f, "numba-cuda 0.30.4 would read libdevice from " +
                                (root / "nvvm" / "libdevice" / "libdevice.10.bc").string() +
                                " (CUDA_HOME), which is not there"))
        << f->message;
    EXPECT_TRUE(mentions(f, "pip install \"numba-cuda[cu13]\"")) << f->message;

    // "keep" and no CUDA_* of the caller's: numba-cuda goes on to /usr/local/cuda, nothing to say.
    RunOptions keep;
    keep.config = [](Config& c) { c.toolkit = ToolkitMode::keep; };
    ASSERT_TRUE(no_nvvm.facts(keep).numba);
    EXPECT_TRUE(no_nvvm.facts(keep).numba->file.empty());
    EXPECT_FALSE(fires(no_nvvm.findings(keep), "numba-no-libdevice"));
    // "keep" with the caller's CUDA_PATH only: numba-cuda reads it when CUDA_HOME is unset.
    test::ScratchDir toolkit;
    toolkit.file("nvvm/libdevice/libdevice.10.bc");
    keep.env = {"CUDA_PATH=" + toolkit.root().string()};
    EXPECT_EQ(no_nvvm.facts(keep).numba->source, "CUDA_PATH");
    EXPECT_FALSE(fires(no_nvvm.findings(keep), "numba-no-libdevice"));
    keep.env = {"CUDA_PATH=" + (toolkit.root() / "nowhere").string()};
    EXPECT_TRUE(fires(no_nvvm.findings(keep), "numba-no-libdevice"));

    FixtureVenv cu13; // numba-cuda[cu13]: nvidia-nvvm's libdevice, the wheel step
    cu13.add_wheel("numba-cuda", "0.30.4");
    cu13.add_cu13_wheels({"nvidia_cuda_runtime", "nvidia_cuda_nvrtc", "nvidia_nvvm"});
    EXPECT_FALSE(fires(cu13.findings(), "numba-no-libdevice"));
    ASSERT_TRUE(cu13.facts().numba);
    EXPECT_EQ(cu13.facts().numba->source, "NVIDIA wheel");
    EXPECT_EQ(cu13.facts().numba->file, cu13.site_packages() / "nvidia/cu13/nvvm/libdevice/libdevice.10.bc");

    FixtureVenv cu12; // the CUDA 12 root (nvidia/cuda_runtime) has no nvvm/, nvidia-cuda-nvcc-cu12 has libdevice
    cu12.add_wheel("numba-cuda", "0.30.4");
    cu12.add_wheel("nvidia-cuda-runtime-cu12", "12.9.79", {"nvidia/cuda_runtime/include/cuda.h"});
    EXPECT_TRUE(fires(cu12.findings(), "numba-no-libdevice"));
    cu12.add_wheel("nvidia-cuda-nvcc-cu12", "12.9.86", {"nvidia/cuda_nvcc/nvvm/libdevice/libdevice.10.bc"});
    EXPECT_FALSE(fires(cu12.findings(), "numba-no-libdevice"));
    EXPECT_EQ(cu12.facts().numba->file, cu12.site_packages() / "nvidia/cuda_nvcc/nvvm/libdevice/libdevice.10.bc");
}

} // namespace
} // namespace rwc::doctor_test
