// cuda_layout: the directory rules of docs/layouts.md for both target OSes, on
// site-packages/nvidia trees laid out on disk as the real wheels' RECORDs list them.
#include "cuda_layout.hpp"
#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#ifndef _WIN32
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace rwc {
namespace {

using Paths = std::vector<fs::path>;
using Names = std::vector<std::string>;

/// The first CSV field of a RECORD line (a path, possibly in double quotes).
std::string record_path(const std::string& line)
{
    if (!line.empty() && line[0] == '"') {
        std::string out;
        for (std::size_t i = 1; i < line.size(); ++i) {
            if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.push_back('"');
                ++i;
            } else if (line[i] == '"') {
                break;
            } else {
                out.push_back(line[i]);
            }
        }
        return out;
    }
    return line.substr(0, line.find(','));
}

/// Creates, under sp, every file the real cu13 wheels' RECORDs list below nvidia/ (empty).
std::size_t lay_out_cu13_wheels(const test::ScratchDir& tree, const std::string& sp)
{
    std::size_t files = 0;
    for (const auto& wheel : fs::directory_iterator(RWC_UNIT_CU13_MANIFESTS)) {
        std::istringstream lines(test::read_file(wheel.path() / "RECORD"));
        for (std::string line; std::getline(lines, line);) {
            const std::string path = record_path(line);
            if (path.rfind("nvidia/", 0) == 0) {
                tree.file(sp + "/" + path);
                ++files;
            }
        }
    }
    return files;
}

/// The package names of a scan, in order.
Names names(const CudaLayout& layout)
{
    Names out;
    for (const auto& p : layout.packages) {
        out.push_back(p.name);
    }
    return out;
}

/// Scans the given site-packages folders with no include/exclude.
CudaLayout scan(const Paths& site_packages, TargetOs os = TargetOs::linux, const Names& include = {},
                const Names& exclude = {})
{
    return scan_cuda_layout(site_packages, include, exclude, os, Log());
}

TEST(CudaLayout, LinuxCu13FromTheRealWheelRecords)
{
    test::ScratchDir tree;
    ASSERT_GT(lay_out_cu13_wheels(tree, "sp"), 2000U);
    const fs::path nv = tree.path("sp/nvidia");
    ASSERT_TRUE(fs::is_regular_file(nv / "cu13/lib/libcudart.so.13"));
    ASSERT_TRUE(fs::is_regular_file(nv / "cu13/bin/ptxas"));
    ASSERT_TRUE(fs::is_regular_file(nv / "cu13/nvvm/bin/cicc"));
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(names(layout), (Names{"cu13", "cudnn", "nccl"}));
    EXPECT_EQ(layout.library_folders(), (Paths{nv / "cu13/lib", nv / "cudnn/lib", nv / "nccl/lib"}));
    EXPECT_EQ(layout.tool_folders(), (Paths{nv / "cu13/bin", nv / "cu13/nvvm/bin"}));
    EXPECT_EQ(layout.toolkit_root, nv / "cu13");
    EXPECT_TRUE(layout.findings.empty());
    ASSERT_EQ(layout.packages.size(), 3U);
    EXPECT_EQ(layout.packages[0].folder, nv / "cu13");
    EXPECT_EQ(layout.packages[0].library_folders, Paths{nv / "cu13/lib"});
    EXPECT_EQ(layout.packages[0].tool_folders, (Paths{nv / "cu13/bin", nv / "cu13/nvvm/bin"}));
}

TEST(CudaLayout, LinuxCu12PerPackageTree)
{
    test::ScratchDir tree;
    for (const char* dir : {"cuda_runtime/lib", "cublas/lib", "cudnn/lib", "cuda_nvcc/bin", "cuda_nvcc/nvvm/lib64",
                            "cuda_nvcc/include"}) {
        tree.dir(std::string("sp/nvidia/") + dir);
    }
    tree.file("sp/nvidia/cuda_runtime/include/cuda.h");
    tree.file("sp/nvidia/__init__.py");
    tree.dir("sp/nvidia/__pycache__/lib");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(names(layout), (Names{"cublas", "cuda_nvcc", "cuda_runtime", "cudnn"}));
    EXPECT_EQ(layout.library_folders(),
              (Paths{nv / "cublas/lib", nv / "cuda_nvcc/nvvm/lib64", nv / "cuda_runtime/lib", nv / "cudnn/lib"}));
    EXPECT_EQ(layout.tool_folders(), Paths{nv / "cuda_nvcc/bin"});
    EXPECT_EQ(layout.toolkit_root, nv / "cuda_runtime");
    EXPECT_TRUE(layout.findings.empty());
}

TEST(CudaLayout, WindowsCu12Column)
{
    test::ScratchDir tree;
    for (const char* dir : {"cuda_runtime/bin", "cuda_runtime/lib/x64", "cublas/bin", "cudnn/bin", "cuda_nvcc/bin",
                            "cuda_nvcc/nvvm/bin", "cuda_nvrtc/bin"}) {
        tree.dir(std::string("sp/nvidia/") + dir);
    }
    tree.file("sp/nvidia/cuda_runtime/include/cuda.h");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")}, TargetOs::windows);
    EXPECT_EQ(layout.library_folders(), (Paths{nv / "cublas/bin", nv / "cuda_nvcc/nvvm/bin", nv / "cuda_nvrtc/bin",
                                               nv / "cuda_runtime/bin", nv / "cudnn/bin"}));
    EXPECT_EQ(layout.tool_folders(), Paths{nv / "cuda_nvcc/bin"});
    EXPECT_EQ(layout.toolkit_root, nv / "cuda_runtime");
    // The Linux rules see only cuda_runtime/lib (which holds the Windows import libraries).
    EXPECT_EQ(scan({tree.path("sp")}).library_folders(), Paths{nv / "cuda_runtime/lib"});
}

TEST(CudaLayout, WindowsCu13Column)
{
    // nvidia-cuda-runtime 13.0.96, nvidia-cusparselt-cu13 0.10.0, nvidia-cudss-cu13 1.0.0.35
    // (cu13/bin holds cudss64_1.dll beside ptxas.exe), nvidia-cudnn-cu13 9.28.1.4; win_amd64.
    test::ScratchDir tree;
    tree.file("sp/nvidia/cu13/bin/x86_64/cudart64_13.dll");
    tree.file("sp/nvidia/cu13/bin/x64/cusparseLt_13.dll");
    tree.file("sp/nvidia/cu13/bin/ptxas.exe");
    tree.file("sp/nvidia/cu13/bin/cudss64_1.dll");
    tree.file("sp/nvidia/cu13/nvvm/bin/cicc.exe");
    tree.file("sp/nvidia/cu13/include/cuda.h");
    tree.dir("sp/nvidia/cu13/lib/x64");
    tree.file("sp/nvidia/cudnn/bin/cudnn64_9.dll");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")}, TargetOs::windows);
    EXPECT_EQ(layout.library_folders(),
              (Paths{nv / "cu13/bin/x86_64", nv / "cu13/bin/x64", nv / "cu13/bin", nv / "cudnn/bin"}));
    EXPECT_EQ(layout.tool_folders(), (Paths{nv / "cu13/bin", nv / "cu13/nvvm/bin"}));
    EXPECT_EQ(layout.toolkit_root, nv / "cu13");
    // On Linux, cu13/bin is a tool folder too, but cu13/bin/x86_64 is nothing.
    const CudaLayout linux_layout = scan({tree.path("sp")});
    EXPECT_EQ(linux_layout.library_folders(), Paths{nv / "cu13/lib"});
    EXPECT_EQ(linux_layout.tool_folders(), (Paths{nv / "cu13/bin", nv / "cu13/nvvm/bin"}));
}

TEST(CudaLayout, MixedMajorsIsAFinding)
{
    test::ScratchDir tree;
    tree.file("sp/nvidia/cu13/include/cuda.h");
    tree.file("sp/nvidia/cu13/lib/libcudart.so.13");
    tree.file("sp/nvidia/cuda_runtime/include/cuda.h");
    tree.file("sp/nvidia/cuda_runtime/lib/libcudart.so.12");
    const CudaLayout layout = scan({tree.path("sp")});
    ASSERT_EQ(layout.findings.size(), 1U);
    EXPECT_EQ(layout.findings[0], "mixed CUDA majors: nvidia/cu13 (CUDA 13) beside nvidia/cuda_runtime (CUDA 12 or "
                                  "11); libraries of the same name load by folder order");
    EXPECT_EQ(layout.toolkit_root, tree.path("sp/nvidia/cu13"));
}

TEST(CudaLayout, MixedMajorsAcrossSitePackagesIsAFindingToo)
{
    test::ScratchDir tree;
    tree.file("venv/nvidia/cu13/lib/libcublas.so.13");
    tree.file("user/nvidia/cublas/lib/libcublas.so.12");
    EXPECT_EQ(scan({tree.path("venv"), tree.path("user")}).findings.size(), 1U);
    // cuDNN and NCCL keep their own folders in CUDA 13, and nvidia-cusparselt-cu13 0.8.0 used
    // cusparselt/lib: not a mix.
    tree.file("only13/nvidia/cu13/lib/libcudart.so.13");
    tree.file("only13/nvidia/cudnn/lib/libcudnn.so.9");
    tree.file("only13/nvidia/nccl/lib/libnccl.so.2");
    tree.file("only13/nvidia/cusparselt/lib/libcusparseLt.so.0");
    EXPECT_TRUE(scan({tree.path("only13")}).findings.empty());
}

TEST(CudaLayout, IncludeAndExclude)
{
    test::ScratchDir tree;
    lay_out_cu13_wheels(tree, "sp");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout only = scan({tree.path("sp")}, TargetOs::linux, {"cudnn"});
    EXPECT_EQ(names(only), Names{"cudnn"});
    EXPECT_EQ(only.library_folders(), Paths{nv / "cudnn/lib"});
    EXPECT_TRUE(only.toolkit_root.empty());
    const CudaLayout without = scan({tree.path("sp")}, TargetOs::linux, {}, {"nccl"});
    EXPECT_EQ(names(without), (Names{"cu13", "cudnn"}));
    EXPECT_EQ(without.toolkit_root, nv / "cu13");
    const CudaLayout both = scan({tree.path("sp")}, TargetOs::linux, {"cu13", "nccl"}, {"nccl"});
    EXPECT_EQ(names(both), Names{"cu13"});
}

TEST(CudaLayout, EarlierSitePackagesShadowsLater)
{
    test::ScratchDir tree;
    tree.dir("first/nvidia/cudnn/lib");
    tree.dir("second/nvidia/cudnn/lib");
    tree.dir("second/nvidia/nccl/lib");
    tree.dir("empty");
    const CudaLayout layout = scan({tree.path("empty"), tree.path("first"), tree.path("missing"), tree.path("second")});
    EXPECT_EQ(names(layout), (Names{"cudnn", "nccl"}));
    EXPECT_EQ(layout.library_folders(),
              (Paths{tree.path("first/nvidia/cudnn/lib"), tree.path("second/nvidia/nccl/lib")}));
}

TEST(CudaLayout, PackageWithoutKnownFoldersIsListedWithNone)
{
    test::ScratchDir tree;
    tree.dir("sp/nvidia/cuda_cccl/include");
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(names(layout), Names{"cuda_cccl"});
    EXPECT_TRUE(layout.library_folders().empty());
    EXPECT_TRUE(layout.tool_folders().empty());
    EXPECT_TRUE(layout.toolkit_root.empty());
}

TEST(CudaLayout, EveryRuleCitesASectionOfDocsLayouts)
{
    const std::string doc = test::read_file(RWC_UNIT_DOCS_LAYOUTS);
    for (const TargetOs os : {TargetOs::linux, TargetOs::windows}) {
        ASSERT_FALSE(layout_rules(os).empty());
        for (const auto& rule : layout_rules(os)) {
            // "docs/layouts.md, \"Outside nvidia/\": ..." names a "## Outside nvidia/" heading.
            const std::string source(rule.source);
            ASSERT_EQ(source.rfind("docs/layouts.md, \"", 0), 0U) << source;
            const auto open = source.find('"');
            const std::string section = source.substr(open + 1, source.find('"', open + 1) - open - 1);
            EXPECT_NE(doc.find("\n## " + section + "\n"), std::string::npos) << "no section '" << section << "'";
        }
    }
    EXPECT_EQ(toolkit_candidates(), (std::vector<std::string_view>{"cu13", "cuda_runtime"}));
}

TEST(CudaLayout, OutsideNvidiaCutensorAndCuquantum)
{
    // cutensor-cu12/-cu13 2.8.1 (Linux: cutensor/lib; win_amd64: cutensor/bin, import
    // libraries in cutensor/lib), custatevec-cu12 1.15.0 and cutensornet-cu12 2.14.0
    // (cuquantum/lib; no win_amd64 wheel).
    test::ScratchDir tree;
    tree.file("sp/nvidia/cu13/lib/libcublasLt.so.13");
    tree.file("sp/cutensor/lib/libcutensor.so.2");
    tree.file("sp/cutensor/bin/cutensor.dll");
    tree.file("sp/cuquantum/lib/libcustatevec.so.1");
    tree.file("sp/cuquantum/distributed_interfaces/activate_mpi_cutn.sh");
    tree.file("sp/numpy/lib/libfoo.so");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(names(layout), (Names{"cu13", "cutensor", "cuquantum"}));
    EXPECT_EQ(layout.packages[1].folder, tree.path("sp/cutensor"));
    EXPECT_EQ(layout.library_folders(),
              (Paths{nv / "cu13/lib", tree.path("sp/cutensor/lib"), tree.path("sp/cuquantum/lib")}));
    EXPECT_TRUE(layout.findings.empty());
    // Windows: cutensor/bin only (cutensor/lib holds cutensor.lib); cuquantum has no rule.
    const CudaLayout windows = scan({tree.path("sp")}, TargetOs::windows);
    EXPECT_EQ(windows.library_folders(), Paths{tree.path("sp/cutensor/bin")});
    // [cuda] include/exclude name them like the nvidia/ folders.
    EXPECT_EQ(names(scan({tree.path("sp")}, TargetOs::linux, {}, {"cutensor"})), (Names{"cu13", "cuquantum"}));
}

TEST(CudaLayout, CublasmpAndCufftmpOneLevelDeeper)
{
    // nvidia-cublasmp-cu12/-cu13 0.10.0.3695, nvidia-cufftmp-cu12 11.4.0.6.post1 and
    // nvidia-cufftmp-cu13 12.1.3.2: nvidia/<pkg>/cuNN/lib.
    test::ScratchDir tree;
    tree.file("sp/nvidia/cublasmp/cu12/lib/libcublasmp.so.0");
    tree.file("sp/nvidia/cublasmp/cu13/lib/libcublasmp.so.0");
    tree.file("sp/nvidia/cufftmp/cu12/lib/libcufftMp.so.11");
    tree.dir("sp/nvidia/cufftmp/lib"); // not a rule folder of cufftmp: the "*" rule does not apply
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(layout.library_folders(),
              (Paths{nv / "cublasmp/cu13/lib", nv / "cublasmp/cu12/lib", nv / "cufftmp/cu12/lib"}));
    EXPECT_TRUE(layout.tool_folders().empty());
    EXPECT_TRUE(scan({tree.path("sp")}, TargetOs::windows).library_folders().empty()); // Linux-only wheels
}

TEST(CudaLayout, Cu12AndCu13SideBySideCu13First)
{
    // nvidia-cudss-cu12/-cu13 1.0.0.35, nvidia-cusolvermp-cu12/-cu13 0.9.1.9318.post1,
    // nvidia-libmathdx-cu12 0.3.1.9 / -cu13 0.4.2.37: the same file name in nvidia/cu12/lib
    // and nvidia/cu13/lib.
    test::ScratchDir tree;
    tree.file("sp/nvidia/cu12/lib/libcudss.so.1");
    tree.file("sp/nvidia/cu12/lib/libmathdx.so.0");
    tree.file("sp/nvidia/cu13/lib/libcudss.so.1");
    tree.file("sp/nvidia/cublas/lib/libcublas.so.12");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(names(layout), (Names{"cu13", "cu12", "cublas"}));
    EXPECT_EQ(layout.library_folders(), (Paths{nv / "cu13/lib", nv / "cu12/lib", nv / "cublas/lib"}));
    ASSERT_EQ(layout.findings.size(), 1U);
    EXPECT_EQ(layout.findings[0], "mixed CUDA majors: nvidia/cu13 (CUDA 13) beside nvidia/cu12 (CUDA 12 or 11); "
                                  "libraries of the same name load by folder order");
    // Windows (cudss64_1.dll in cu13/bin and cu12/bin; mathdx64_0.dll in cu13/bin/x86_64).
    test::ScratchDir win;
    win.file("sp/nvidia/cu12/bin/cudss64_1.dll");
    win.file("sp/nvidia/cu13/bin/cudss64_1.dll");
    win.file("sp/nvidia/cu13/bin/x86_64/mathdx64_0.dll");
    const fs::path wnv = win.path("sp/nvidia");
    const CudaLayout windows = scan({win.path("sp")}, TargetOs::windows);
    EXPECT_EQ(windows.library_folders(), (Paths{wnv / "cu13/bin/x86_64", wnv / "cu13/bin", wnv / "cu12/bin"}));
    EXPECT_EQ(windows.findings.size(), 1U);
    // cu12 alone (a CUDA 12 environment with cuDSS) is no mix.
    test::ScratchDir only12;
    only12.file("sp/nvidia/cu12/lib/libcudss.so.1");
    only12.file("sp/nvidia/cublas/lib/libcublas.so.12");
    const CudaLayout cu12 = scan({only12.path("sp")});
    EXPECT_EQ(cu12.library_folders(), (Paths{only12.path("sp/nvidia/cu12/lib"), only12.path("sp/nvidia/cublas/lib")}));
    EXPECT_TRUE(cu12.findings.empty());
}

TEST(CudaLayout, TheLoaderPathOrderIsCuNNNewestFirstThenByName)
{
    // docs/layouts.md, "The loader path's order": the cuNN folders newest major first, then
    // every other folder by name, byte-wise, whatever names a tree holds (more than 16, so
    // std::sort does not fall back on insertion sort alone: the order must be a strict weak one).
    test::ScratchDir tree;
    const Names on_disk{"nvjitlink", "cu12a", "curand", "cu",     "cu9",          "cu13",       "cusparse",
                        "cufile",    "cu0",   "cu12",   "cublas", "cu1234567",    "cuda_nvrtc", "nccl",
                        "cudnn",     "cu99",  "nvtx",   "cu11",   "cuda_runtime", "cu13x"};
    for (const auto& name : on_disk) {
        tree.file("sp/nvidia/" + name + "/lib/lib" + name + ".so.1");
    }
    const Names expected{"cu99",      "cu13",   "cu12",     "cu11",   "cu9",        "cu",           "cu0",
                         "cu1234567", "cu12a",  "cu13x",    "cublas", "cuda_nvrtc", "cuda_runtime", "cudnn",
                         "cufile",    "curand", "cusparse", "nccl",   "nvjitlink",  "nvtx"};
    EXPECT_EQ(names(scan({tree.path("sp")})), expected);
    // Site-packages order comes first: a CUDA 12 folder of the first one precedes cu13/ of the
    // second (docs/design.md, "Where site-packages is").
    tree.file("venv/nvidia/cusparse/lib/libcusparse.so.12");
    tree.file("user/nvidia/cu13/lib/libcusparse.so.12");
    EXPECT_EQ(scan({tree.path("venv"), tree.path("user")}).library_folders(),
              (Paths{tree.path("venv/nvidia/cusparse/lib"), tree.path("user/nvidia/cu13/lib")}));
}

TEST(CudaLayout, NvfatbinIsACuda12PerPackageFolder)
{
    // nvidia-nvfatbin-cu12 12.9.82: nvfatbin/lib (Windows nvfatbin/bin); nvidia-nvfatbin 13.5.37:
    // cu13/lib (Windows cu13/bin/x86_64).
    test::ScratchDir tree;
    tree.file("sp/nvidia/nvfatbin/lib/libnvfatbin.so.12");
    tree.file("sp/nvidia/nvfatbin/bin/nvfatbin_120_0.dll");
    const fs::path nv = tree.path("sp/nvidia");
    EXPECT_EQ(scan({tree.path("sp")}).library_folders(), Paths{nv / "nvfatbin/lib"});
    EXPECT_EQ(scan({tree.path("sp")}, TargetOs::windows).library_folders(), Paths{nv / "nvfatbin/bin"});
    EXPECT_TRUE(scan({tree.path("sp")}).findings.empty());
    tree.file("sp/nvidia/cu13/lib/libnvfatbin.so.13");
    const CudaLayout mixed = scan({tree.path("sp")});
    ASSERT_EQ(mixed.findings.size(), 1U);
    EXPECT_NE(mixed.findings[0].find("beside nvidia/nvfatbin"), std::string::npos) << mixed.findings[0];
}

TEST(CudaLayout, NsightToolFolders)
{
    // cuda-pathfinder's SITE_PACKAGES_BINDIRS (nsys, ncu); no such wheel on PyPI: unverified.
    test::ScratchDir tree;
    tree.file("sp/nvidia/nsight_systems/bin/nsys");
    tree.file("sp/nvidia/nsight_compute/bin/ncu");
    const fs::path nv = tree.path("sp/nvidia");
    for (const TargetOs os : {TargetOs::linux, TargetOs::windows}) {
        const CudaLayout layout = scan({tree.path("sp")}, os);
        EXPECT_EQ(layout.tool_folders(), (Paths{nv / "nsight_compute/bin", nv / "nsight_systems/bin"}));
        EXPECT_TRUE(layout.library_folders().empty()); // nsight_*/bin is not the Windows "*" library folder
    }
}

TEST(CudaLayout, Cuda12NvccWheelHoldsOnlyPtxas)
{
    // nvidia-cuda-nvcc-cu12 12.4.131 and 12.9.86: cuda_nvcc/bin/ptxas, nvvm/lib64/libnvvm.so,
    // nvvm/libdevice; Windows ptxas.exe and nvvm/bin/nvvm64_40_0.dll. No bin/nvcc.
    test::ScratchDir tree;
    tree.file("sp/nvidia/cuda_nvcc/bin/ptxas");
    tree.file("sp/nvidia/cuda_nvcc/nvvm/lib64/libnvvm.so");
    tree.file("sp/nvidia/cuda_nvcc/nvvm/libdevice/libdevice.10.bc");
    tree.file("sp/nvidia/cuda_runtime/include/cuda.h");
    tree.file("sp/nvidia/cuda_runtime/lib/libcudart.so.12");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(layout.tool_folders(), Paths{nv / "cuda_nvcc/bin"});
    EXPECT_EQ(layout.library_folders(), (Paths{nv / "cuda_nvcc/nvvm/lib64", nv / "cuda_runtime/lib"}));
    EXPECT_EQ(layout.toolkit_root, nv / "cuda_runtime"); // has include/cuda.h, no bin/: docs/layouts.md
}

TEST(CudaLayout, EmptiedLeftoverFolderIsNoMix)
{
    // pip uninstall removes the files of RECORD and may leave folders (and __pycache__) behind.
    test::ScratchDir tree;
    tree.file("sp/nvidia/cu13/lib/libcufft.so.12");
    tree.dir("sp/nvidia/cufft/lib/__pycache__");
    tree.file("sp/nvidia/cufft/lib/__init__.py");
    tree.dir("sp/nvidia/cuda_runtime");
    EXPECT_TRUE(scan({tree.path("sp")}).findings.empty());
    tree.file("sp/nvidia/cufft/lib/libcufft.so.11");
    EXPECT_EQ(scan({tree.path("sp")}).findings.size(), 1U);
    // An emptied cu13/ beside a real CUDA 12 tree is no mix either.
    test::ScratchDir old13;
    old13.dir("sp/nvidia/cu13/lib");
    old13.file("sp/nvidia/cublas/lib/libcublas.so.12");
    EXPECT_TRUE(scan({old13.path("sp")}).findings.empty());
}

TEST(CudaLayout, HoldsSharedLibrary)
{
    test::ScratchDir tree;
    tree.file("linux/nvshmem_bootstrap_uid.so.3");
    tree.file("windows/CUDART64_13.DLL");
    tree.file("neither/__init__.py");
    tree.file("neither/cudss.lib");
    tree.dir("neither/lib.so.d");
    EXPECT_TRUE(holds_shared_library(tree.path("linux"), TargetOs::linux));
    EXPECT_FALSE(holds_shared_library(tree.path("linux"), TargetOs::windows));
    EXPECT_TRUE(holds_shared_library(tree.path("windows"), TargetOs::windows));
    EXPECT_FALSE(holds_shared_library(tree.path("neither"), TargetOs::windows));
    EXPECT_FALSE(holds_shared_library(tree.path("missing"), TargetOs::linux));
}

#ifndef _WIN32 // permission bits and fork/setuid are POSIX
/// What run_unprivileged saw.
enum class Outcome { passed, failed, not_enforced };

/// Runs body where chmod 000 takes effect: directly, or as root in a child that became the
/// user "nobody" (fork, setuid). not_enforced when the permission bits cannot apply.
Outcome run_unprivileged(const fs::path& locked, const std::function<bool()>& body)
{
    // Checks the precondition as the current user, then runs the body.
    const auto check_and_run = [&] {
        if (::access(locked.c_str(), R_OK) == 0) {
            return Outcome::not_enforced;
        }
        return body() ? Outcome::passed : Outcome::failed;
    };
    if (::geteuid() != 0) {
        return check_and_run();
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
            ::_exit(static_cast<int>(Outcome::not_enforced));
        }
        ::_exit(static_cast<int>(check_and_run()));
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        return Outcome::failed;
    }
    return static_cast<Outcome>(WEXITSTATUS(status));
}

TEST(CudaLayout, UnreadableFoldersAreSkippedWithoutThrowing)
{
    test::ScratchDir tree;
    ::chmod(tree.root().c_str(), 0755); // so that "nobody" may enter it
    tree.dir("locked/nvidia/cu13/lib");
    tree.dir("half/nvidia/cudnn/lib");
    tree.dir("half/nvidia/nccl/lib");
    tree.dir("open/nvidia/cublas/lib");
    ::chmod(tree.path("locked/nvidia").c_str(), 0);
    ::chmod(tree.path("half/nvidia/cudnn").c_str(), 0);
    const Outcome outcome = run_unprivileged(tree.path("locked/nvidia"), [&] {
        try {
            const CudaLayout layout = scan({tree.path("locked"), tree.path("half"), tree.path("open")});
            return names(layout) == Names{"cudnn", "nccl", "cublas"} &&
                   layout.library_folders() ==
                       Paths{tree.path("half/nvidia/nccl/lib"), tree.path("open/nvidia/cublas/lib")};
        } catch (...) {
            return false;
        }
    });
    if (outcome == Outcome::not_enforced) {
        GTEST_SKIP() << "chmod 000 does not make a folder unreadable here";
    }
    EXPECT_EQ(outcome, Outcome::passed) << "the scan threw or did not skip exactly the unreadable folders";
}
#endif

} // namespace
} // namespace rwc
