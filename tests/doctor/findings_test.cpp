// The environment, driver and loader findings of --doctor, each with one fixture that makes
// it fire and one that does not (the framework findings: findings_frameworks_test.cpp).
// Fixtures: the real CUDA 13 dist-info folders and small wheels written by the test; the
// host probes are fakes (no driver by default).
#include "doctor/report.hpp"
#include "doctor_fixture.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace rwc::doctor_test {
namespace {

TEST(DoctorFindings, MixedCudaMajors)
{
    FixtureVenv clean;
    clean.add_cu13_wheels();
    EXPECT_FALSE(fires(clean.findings(), "mixed-cuda-majors"));

    FixtureVenv mixed;
    mixed.add_cu13_wheels();
    mixed.add_wheel("nvidia-cuda-runtime-cu12", "12.4.127", {"nvidia/cuda_runtime/lib/libcudart.so.12"});
    const auto f = find_code(mixed.findings(), "mixed-cuda-majors");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::error);
    EXPECT_TRUE(
        mentions(f, "CUDA 12 (nvidia-cuda-runtime-cu12) and CUDA 13 (nvidia-cublas, nvidia-cuda-cccl and 17 more)"))
        << f->message;

    FixtureVenv folders_only; // no dist-info at all: cuda_layout's own finding
    folders_only.file("nvidia/cu13/lib/libcudart.so.13");
    folders_only.file("nvidia/cublas/lib/libcublas.so.12");
    EXPECT_TRUE(mentions(find_code(folders_only.findings(), "mixed-cuda-majors"),
                         "nvidia/cu13 (CUDA 13) beside nvidia/cublas"));
}

TEST(DoctorFindings, Driver)
{
    FixtureVenv venv;
    venv.add_cu13_wheels();
    const auto none = find_code(venv.findings(), "no-driver");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->severity, Severity::warning);
    EXPECT_TRUE(mentions(none, "libcuda.so.1 does not load (libcuda.so.1: cannot open shared object file"));

    EXPECT_FALSE(fires(venv.findings(with_driver(13000)), "no-driver"));
    EXPECT_FALSE(fires(venv.findings(with_driver(13000)), "driver-too-old"));
    const auto old = find_code(venv.findings(with_driver(12040)), "driver-too-old");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->severity, Severity::error);
    EXPECT_EQ(old->message, "The driver supports CUDA 12.4 but the environment's CUDA runtime is CUDA 13: install a "
                            "driver for CUDA 13, or the CUDA 12 wheels.");

    FixtureVenv torch_only; // the runtime's major from torch's label when no runtime wheel is installed
    torch_only.add_wheel("torch", "2.5.1+cu124");
    EXPECT_TRUE(fires(torch_only.findings(with_driver(11080)), "driver-too-old"));
    EXPECT_FALSE(fires(torch_only.findings(with_driver(12020)), "driver-too-old"));
}

TEST(DoctorFindings, SystemCudaShadows)
{
    FixtureVenv venv;
    venv.add_cu13_wheels();
    EXPECT_FALSE(fires(venv.findings(), "system-cuda-shadows"));

    RunOptions cache;
    cache.probes.cache = {{"libcudart.so.13", "/usr/local/cuda-13.0/lib/libcudart.so.13"},
                          {"libcublas.so.13", "/usr/local/cuda-13.0/lib/libcublas.so.13"},
                          {"libcudart.so.12", "/usr/local/cuda-12.4/lib64/libcudart.so.12"}};
    const auto facts = venv.facts(cache);
    const auto f = find_code(diagnose(facts, compat_tables()), "system-cuda-shadows");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->message, "Without the launcher, the environment's libcublas.so.13, libcudart.so.13 would load from "
                          "/usr/local/cuda-13.0/lib (ld.so cache) instead: start programs through run-with-cuda, or "
                          "remove that folder from /etc/ld.so.conf.d and run ldconfig.");
    ASSERT_EQ(facts.without_launcher.size(), 3U); // libcudart.so.12: a system library the environment lacks
    EXPECT_EQ(facts.without_launcher[1].soname, "libcudart.so.12");
    EXPECT_TRUE(facts.without_launcher[1].venv_path.empty());

    RunOptions variable;
    variable.env = {"LD_LIBRARY_PATH=" + venv.file("../../../../other/libcudart.so.13").parent_path().string()};
    EXPECT_TRUE(mentions(find_code(venv.findings(variable), "system-cuda-shadows"), "(LD_LIBRARY_PATH) instead"));

    RunOptions nested; // under the launcher already: the environment's own folder comes first
    nested.env = {"LD_LIBRARY_PATH=" + (venv.site_packages() / "nvidia/cu13/lib").string()};
    nested.probes.cache = cache.probes.cache;
    EXPECT_FALSE(fires(venv.findings(nested), "system-cuda-shadows"));
}

TEST(DoctorFindings, NothingCudaRelated)
{
    FixtureVenv empty;
    const auto f = find_code(empty.findings(), "nothing-cuda");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::warning);

    FixtureVenv some;
    some.add_cu13_wheels({"nvidia_cudnn"});
    EXPECT_FALSE(fires(some.findings(), "nothing-cuda"));
    EXPECT_FALSE(fires(empty.findings(with_driver(13000)), "nothing-cuda"));
}

TEST(DoctorFindings, EnvironmentAndConfig)
{
    FixtureVenv venv;
    RunOptions no_python;
    no_python.no_python = true;
    EXPECT_TRUE(fires(venv.findings(no_python), "no-python-env"));
    EXPECT_FALSE(fires(venv.findings(), "no-python-env"));
    RunOptions bundle = no_python; // a PyInstaller bundle's contents folder: no environment expected
    const fs::path contents = venv.file("app/_internal/base_library.zip").parent_path();
    bundle.config = [&](Config& c) { c.extra_site_packages = {contents}; };
    EXPECT_FALSE(fires(venv.findings(bundle), "no-python-env"));

    RunOptions disabled;
    disabled.config = [](Config& c) { c.cuda_enabled = false; };
    EXPECT_EQ(find_code(venv.findings(disabled), "cuda-disabled")->severity, Severity::info);
    EXPECT_FALSE(fires(venv.findings(), "cuda-disabled"));

    RunOptions unreadable;
    const fs::path not_a_folder = venv.file("not-a-folder");
    unreadable.config = [&](Config& c) { c.extra_site_packages = {not_a_folder}; };
    EXPECT_TRUE(mentions(find_code(venv.findings(unreadable), "unreadable-folder"), not_a_folder.string()));
    EXPECT_FALSE(fires(venv.findings(), "unreadable-folder"));
}

TEST(DoctorFindings, WindowsEnvironmentWithoutTheStartUpHook)
{
    FixtureVenv win(TargetOs::windows);
    EXPECT_FALSE(fires(win.findings(), "dll-hook-missing")); // no DLL folder: nothing to add
    win.file("nvidia/cudnn/bin/cudnn64_9.dll");
    const auto f = find_code(win.findings(), "dll-hook-missing");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::warning);
    EXPECT_TRUE(mentions(f, "--install-hook")) << f->message;
    EXPECT_TRUE(mentions(f, (win.root() / "Scripts" / "python.exe").string())) << f->message;
    win.file("run_with_cuda_dll_dirs.pth", "import _run_with_cuda_dll_dirs\n");
    EXPECT_FALSE(fires(win.findings(), "dll-hook-missing"));

    FixtureVenv linux_venv; // Linux loads through LD_LIBRARY_PATH: no hook needed
    linux_venv.file("nvidia/cudnn/lib/libcudnn.so.9");
    EXPECT_FALSE(fires(linux_venv.findings(), "dll-hook-missing"));
}

TEST(DoctorFindings, EmbeddableWithoutImportSite)
{
    FixtureVenv embeddable(TargetOs::windows);
    embeddable.file("nvidia/cudnn/bin/cudnn64_9.dll");
    embeddable.make_embeddable("python312.zip\n.\n\n# Uncomment to run site.main() automatically\n#import site\n");
    const auto findings = embeddable.findings();
    const auto f = find_code(findings, "pth-no-import-site");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::warning);
    EXPECT_TRUE(mentions(f, (embeddable.root() / "python312._pth").string())) << f->message;
    EXPECT_TRUE(mentions(f, "add the line \"import site\"")) << f->message;
    // Lib\site-packages is not on sys.path, so its NVIDIA folders are not added either.
    EXPECT_TRUE(embeddable.facts().layout.packages.empty());
    EXPECT_FALSE(fires(findings, "pth-unreadable"));

    embeddable.make_embeddable("python312.zip\n.\nimport site\n");
    const auto with_site = embeddable.findings();
    EXPECT_FALSE(fires(with_site, "pth-no-import-site"));
    EXPECT_EQ(embeddable.facts().layout.packages.size(), 1u);
    EXPECT_TRUE(fires(with_site, "dll-hook-missing")); // the hook goes into Lib\site-packages
    embeddable.file("run_with_cuda_dll_dirs.pth", "import _run_with_cuda_dll_dirs\n");
    EXPECT_FALSE(fires(embeddable.findings(), "dll-hook-missing"));

    embeddable.make_embeddable(std::string(40000, '#'));
    const auto unreadable = find_code(embeddable.findings(), "pth-unreadable");
    ASSERT_TRUE(unreadable);
    EXPECT_TRUE(mentions(unreadable, "larger than 32767 bytes")) << unreadable->message;
}

TEST(DoctorFindings, BadMetadataNeverCrashes)
{
    FixtureVenv odd;
    odd.add_dist("nvidia_cublas-13.1.0.3", std::nullopt, {"nvidia/cu13/lib/libcublas.so.13"});
    odd.add_dist("torch-9", std::string("Name: torch\nVersion: garbage+cu124\nRequires-Dist: (((\nRequires-Dist: "
                                        "nvidia-x==; platform_system == \n\n"));
    odd.add_dist("xformers-1", std::string("Name: xformers\nVersion: 0.0.29\nRequires-Dist: torch==\xff\n\n"));
    odd.add_dist("flash_attn-1", std::string("Name: flash_attn\nVersion: 2.8.2+torch\nRequires-Dist: torch==\n\n"));
    const auto findings = odd.findings(with_driver(1));
    const auto list = codes(findings);
    EXPECT_EQ(std::count(list.begin(), list.end(), "bad-metadata"), 2);
    EXPECT_TRUE(mentions(find_code(findings, "bad-metadata"), "METADATA missing or unreadable"));
    EXPECT_FALSE(render_doctor_text(odd.facts(), findings, true).empty());
    EXPECT_FALSE(render_doctor_json(odd.facts(), findings).empty());

    FixtureVenv good;
    good.add_cu13_wheels({"nvidia_cublas"});
    EXPECT_FALSE(fires(good.findings(), "bad-metadata"));
}

TEST(DoctorFindings, ToolkitRoot)
{
    FixtureVenv cudnn_only;
    cudnn_only.add_cu13_wheels({"nvidia_cudnn"});
    EXPECT_EQ(find_code(cudnn_only.findings(), "no-toolkit-root")->severity, Severity::info);

    FixtureVenv full;
    full.add_cu13_wheels();
    EXPECT_FALSE(fires(full.findings(), "no-toolkit-root"));
}

TEST(DoctorFindings, CudaHomeIncomplete)
{
    // CUDA 13: nvidia/cu13 holds bin/nvcc, bin/ptxas and include/cuda.h (the real RECORDs).
    FixtureVenv full;
    full.add_cu13_wheels();
    ASSERT_TRUE(full.facts().cuda_home);
    EXPECT_TRUE(full.facts().cuda_home->missing.empty());
    EXPECT_FALSE(fires(full.findings(), "cuda-home-incomplete"));

    // CUDA 12: CUDA_HOME is nvidia/cuda_runtime; nvidia-cuda-nvcc-cu12 has ptxas only, elsewhere.
    FixtureVenv cu12;
    cu12.add_cu12_torch_wheels();
    cu12.add_wheel("nvidia-cuda-nvcc-cu12", "12.4.131", {"nvidia/cuda_nvcc/bin/ptxas"});
    const auto f = find_code(cu12.findings(), "cuda-home-incomplete");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->severity, Severity::warning);
    EXPECT_EQ(f->message,
              "CUDA_HOME and CUDA_PATH are set to " + (cu12.site_packages() / "nvidia/cuda_runtime").string() +
                  ", which has no bin/nvcc, bin/ptxas: builds that run $CUDA_HOME/bin/nvcc "
                  "(torch.utils.cpp_extension, flash-attn) or look for bin/ptxas there fail (NVIDIA's CUDA 12 "
                  "wheels ship no nvcc); install the CUDA 13 wheels (pip install \"cuda-toolkit[nvcc]\"), or set "
                  "[cuda] toolkit = \"<path>\" to a full CUDA toolkit.");

    // Windows names the .exe files.
    FixtureVenv windows(TargetOs::windows);
    windows.add_wheel("nvidia-cuda-runtime-cu12", "12.9.79",
                      {"nvidia/cuda_runtime/bin/cudart64_12.dll", "nvidia/cuda_runtime/include/cuda.h"});
    EXPECT_TRUE(mentions(find_code(windows.findings(), "cuda-home-incomplete"), "no bin/nvcc.exe, bin/ptxas.exe:"));

    // A full toolkit in [cuda] toolkit, or "keep": no finding.
    test::ScratchDir toolkit;
    toolkit.executable("bin/nvcc");
    toolkit.executable("bin/ptxas");
    toolkit.file("include/cuda.h");
    RunOptions with_toolkit;
    with_toolkit.config = [&](Config& c) {
        c.toolkit = ToolkitMode::path;
        c.toolkit_path = toolkit.root();
    };
    EXPECT_FALSE(fires(cu12.findings(with_toolkit), "cuda-home-incomplete"));
    RunOptions keep;
    keep.config = [](Config& c) { c.toolkit = ToolkitMode::keep; };
    EXPECT_FALSE(cu12.facts(keep).cuda_home);
    EXPECT_FALSE(fires(cu12.findings(keep), "cuda-home-incomplete"));
}

TEST(DoctorFindings, EmptiedLeftoverFolderIsNoMixedMajors)
{
    // pip uninstall nvidia-cufft-cu12 leaves nvidia/cufft/lib/__pycache__ and no dist-info.
    FixtureVenv venv;
    venv.add_cu13_wheels();
    venv.file("nvidia/cufft/lib/__pycache__/__init__.cpython-312.pyc");
    EXPECT_FALSE(fires(venv.findings(), "mixed-cuda-majors"));
    venv.file("nvidia/cufft/lib/libcufft.so.11"); // a copied tree, still without dist-info
    EXPECT_TRUE(mentions(find_code(venv.findings(), "mixed-cuda-majors"), "beside nvidia/cufft"));
}

TEST(DoctorFindings, ErrorsComeFirstAndDecideTheExitStatus)
{
    FixtureVenv venv;
    venv.add_cu13_wheels();
    venv.add_wheel("torch", "2.5.1+cu124");
    const auto findings = venv.findings();
    ASSERT_GE(findings.size(), 2U);
    EXPECT_TRUE(std::is_sorted(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return static_cast<int>(a.severity) < static_cast<int>(b.severity);
    }));
    EXPECT_EQ(doctor_exit_status(findings), 1);
    EXPECT_EQ(doctor_exit_status({{Severity::warning, "no-driver", "x"}, {Severity::info, "x", "y"}}), 0);
    EXPECT_EQ(doctor_exit_status({}), 0);
}

} // namespace
} // namespace rwc::doctor_test
