// cuda_layout: the directory rules of LAYOUTS.md ("Shared libraries", "Executables") for
// both target OSes, on site-packages/nvidia trees laid out on disk.
#include "cuda_layout.hpp"
#include "temp_tree.hpp"

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
std::size_t lay_out_cu13_wheels(const test::TempTree& tree, const std::string& sp)
{
    std::size_t files = 0;
    for (const auto& wheel : fs::directory_iterator(RWC_UNIT_CU13_MANIFESTS)) {
        std::istringstream lines(test::read_bytes(wheel.path() / "RECORD"));
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
    test::TempTree tree;
    ASSERT_GT(lay_out_cu13_wheels(tree, "sp"), 2000U);
    const fs::path nv = tree.path("sp/nvidia");
    ASSERT_TRUE(fs::is_regular_file(nv / "cu13/lib/libcudart.so.13"));
    ASSERT_TRUE(fs::is_regular_file(nv / "cu13/bin/ptxas"));
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(names(layout), (Names{"cu13", "cudnn", "nccl"}));
    EXPECT_EQ(layout.library_folders(), (Paths{nv / "cu13/lib", nv / "cudnn/lib", nv / "nccl/lib"}));
    EXPECT_EQ(layout.tool_folders(), Paths{nv / "cu13/bin"});
    EXPECT_EQ(layout.toolkit_root, nv / "cu13");
    EXPECT_TRUE(layout.findings.empty());
    ASSERT_EQ(layout.packages.size(), 3U);
    EXPECT_EQ(layout.packages[0].folder, nv / "cu13");
    EXPECT_EQ(layout.packages[0].library_folders, Paths{nv / "cu13/lib"});
    EXPECT_EQ(layout.packages[0].tool_folders, Paths{nv / "cu13/bin"});
}

TEST(CudaLayout, LinuxCu12PerPackageTree)
{
    test::TempTree tree;
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
    test::TempTree tree;
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
    test::TempTree tree;
    tree.file("sp/nvidia/cu13/bin/x86_64/cudart64_13.dll");
    tree.file("sp/nvidia/cu13/bin/x64/cusparseLt.dll");
    tree.file("sp/nvidia/cu13/bin/ptxas.exe");
    tree.file("sp/nvidia/cu13/include/cuda.h");
    tree.dir("sp/nvidia/cu13/lib/x64");
    tree.file("sp/nvidia/cudnn/bin/cudnn64_9.dll");
    const fs::path nv = tree.path("sp/nvidia");
    const CudaLayout layout = scan({tree.path("sp")}, TargetOs::windows);
    EXPECT_EQ(layout.library_folders(), (Paths{nv / "cu13/bin/x86_64", nv / "cu13/bin/x64", nv / "cudnn/bin"}));
    EXPECT_EQ(layout.tool_folders(), Paths{nv / "cu13/bin"});
    EXPECT_EQ(layout.toolkit_root, nv / "cu13");
    // On Linux, cu13/bin is a tool folder too, but cu13/bin/x86_64 is nothing.
    const CudaLayout linux_layout = scan({tree.path("sp")});
    EXPECT_EQ(linux_layout.library_folders(), Paths{nv / "cu13/lib"});
    EXPECT_EQ(linux_layout.tool_folders(), Paths{nv / "cu13/bin"});
}

TEST(CudaLayout, MixedMajorsIsAFinding)
{
    test::TempTree tree;
    tree.file("sp/nvidia/cu13/include/cuda.h");
    tree.dir("sp/nvidia/cu13/lib");
    tree.file("sp/nvidia/cuda_runtime/include/cuda.h");
    tree.dir("sp/nvidia/cuda_runtime/lib");
    const CudaLayout layout = scan({tree.path("sp")});
    ASSERT_EQ(layout.findings.size(), 1U);
    EXPECT_EQ(layout.findings[0], "mixed CUDA majors: nvidia/cu13 (CUDA 13) beside nvidia/cuda_runtime (CUDA 12 or "
                                  "11); libraries of the same name load by folder order");
    EXPECT_EQ(layout.toolkit_root, tree.path("sp/nvidia/cu13"));
}

TEST(CudaLayout, MixedMajorsAcrossSitePackagesIsAFindingToo)
{
    test::TempTree tree;
    tree.dir("venv/nvidia/cu13/lib");
    tree.dir("user/nvidia/cublas/lib");
    EXPECT_EQ(scan({tree.path("venv"), tree.path("user")}).findings.size(), 1U);
    // cuDNN and NCCL keep their own folders in CUDA 13: not a mix.
    tree.dir("only13/nvidia/cu13/lib");
    tree.dir("only13/nvidia/cudnn/lib");
    tree.dir("only13/nvidia/nccl/lib");
    EXPECT_TRUE(scan({tree.path("only13")}).findings.empty());
}

TEST(CudaLayout, IncludeAndExclude)
{
    test::TempTree tree;
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
    test::TempTree tree;
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
    test::TempTree tree;
    tree.dir("sp/nvidia/cuda_cccl/include");
    const CudaLayout layout = scan({tree.path("sp")});
    EXPECT_EQ(names(layout), Names{"cuda_cccl"});
    EXPECT_TRUE(layout.library_folders().empty());
    EXPECT_TRUE(layout.tool_folders().empty());
    EXPECT_TRUE(layout.toolkit_root.empty());
}

TEST(CudaLayout, EveryRuleCitesLayoutsMd)
{
    for (const TargetOs os : {TargetOs::linux, TargetOs::windows}) {
        ASSERT_FALSE(layout_rules(os).empty());
        for (const auto& rule : layout_rules(os)) {
            EXPECT_FALSE(rule.source.empty()) << rule.package << "/" << rule.subfolder;
        }
        EXPECT_EQ(toolkit_candidates(os), (std::vector<std::string_view>{"cu13", "cuda_runtime"}));
    }
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
    test::TempTree tree;
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
