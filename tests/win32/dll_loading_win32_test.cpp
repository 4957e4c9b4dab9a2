// How a Python process on Windows loads CUDA DLLs, and what the launcher and the start-up
// hook change (docs/windows-dll-loading.md): rwc_win32_loader_child.exe, as the venv's
// python.exe, loads an extension module that imports cudart64_12.dll the way CPython 3.8+
// does, the DLL by bare name the way ctypes does, and the DLL with plain LoadLibraryW.
// Every cell of the matrix is its own process, so no earlier load can satisfy a later one.
#include "utf16_win32.hpp"
#include "win32_test_support.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace rwc::test {
namespace {

constexpr DWORD k_loaded = 0;
constexpr DWORD k_not_found = ERROR_MOD_NOT_FOUND; // 126

/// A venv with the CUDA 12 runtime wheel's Windows layout: nvidia/cuda_runtime/bin holding
/// the cudart64_12.dll stand-in, an extension module rwc_ext.pyd in site-packages that
/// imports it, and Scripts/python.exe, a copy of the loader child.
struct LoaderVenv {
    explicit LoaderVenv(const fs::path& dir) : root(dir / "venv")
    {
        const fs::path fixture = fs::path(widen(RWC_WIN32_LOADER_FIXTURE));
        const fs::path sp = root / "Lib" / "site-packages";
        fs::create_directories(root / "Scripts");
        fs::create_directories(dll_dir);
        fs::copy_file(test_dir() / "rwc_win32_loader_child.exe", python);
        std::ofstream((root / "pyvenv.cfg").c_str()) << "home = C:\\Python312\nversion = 3.12.1\n";
        fs::copy_file(fixture / "cudart64_12.dll", dll_dir / "cudart64_12.dll");
        fs::copy_file(fixture / "rwc_ext.pyd", ext);
    }

    fs::path root;
    fs::path python = root / "Scripts" / "python.exe";
    fs::path dll_dir = root / "Lib" / "site-packages" / "nvidia" / "cuda_runtime" / "bin";
    fs::path ext = root / "Lib" / "site-packages" / "rwc_ext.pyd";
};

/// One row of the matrix: the exit codes of the ext, ctypes and plain loads.
struct Row {
    DWORD ext, ctypes, plain;
    bool operator==(const Row& o) const { return ext == o.ext && ctypes == o.ctypes && plain == o.plain; }
};

std::ostream& operator<<(std::ostream& out, const Row& r)
{
    return out << "{ext " << r.ext << ", ctypes " << r.ctypes << ", plain " << r.plain << "}";
}

/// Runs the three loads, each in a new process: through the launcher (`run-with-cuda
/// --no-config --python VENV python MODE [hook]`) when launcher is true, else the venv's
/// python.exe directly; hook makes the child apply RUN_WITH_CUDA_DLL_DIRS first.
Row run_matrix_row(const LoaderVenv& venv, bool launcher, bool hook, const Variables& vars = {})
{
    Variables all = vars;
    all.emplace_back(L"RWC_LOADER_EXT", venv.ext.wstring());
    Row row{};
    DWORD* cells[] = {&row.ext, &row.ctypes, &row.plain};
    const wchar_t* modes[] = {L"ext", L"ctypes", L"plain"};
    for (int i = 0; i < 3; ++i) {
        const std::wstring args = std::wstring(modes[i]) + (hook ? L" hook" : L"");
        *cells[i] = launcher ? run_in(launcher_exe(),
                                      L"--no-config --python \"" + venv.root.wstring() + L"\" python " + args, {}, all)
                             : run_in(venv.python, args, {}, all);
    }
    return row;
}

TEST(DllLoading, TheLauncherSetsRunWithCudaDllDirsToThePathDllFolder)
{
    const WinScratchDir dir;
    const LoaderVenv venv(dir.root());
    const fs::path report = dir.root() / "report.txt";
    ASSERT_EQ(run_in(launcher_exe(),
                     L"--no-config --python \"" + venv.root.wstring() + L"\" \"" + child_exe().wstring() + L"\"", {},
                     {{L"RWC_CHILD_REPORT", report.wstring()}, {L"RWC_CHILD_ENV", L"RUN_WITH_CUDA_DLL_DIRS;PATH"}}),
              0u);
    const ChildReport r = read_report(report);
    ASSERT_EQ(r.env.count("RUN_WITH_CUDA_DLL_DIRS"), 1u);
    const std::string dlls = r.env.at("RUN_WITH_CUDA_DLL_DIRS");
    EXPECT_EQ(dlls.find(';'), std::string::npos) << dlls; // one DLL folder in this venv
    EXPECT_TRUE(fs::equivalent(fs::path(widen(dlls)), venv.dll_dir)) << dlls;
    EXPECT_NE(r.env.at("PATH").find(";" + dlls + ";"), std::string::npos) << "the same folder is on PATH";
}

TEST(DllLoading, WithoutTheLauncherNothingLoads)
{
    const WinScratchDir dir;
    const LoaderVenv venv(dir.root());
    EXPECT_EQ(run_matrix_row(venv, false, false), (Row{k_not_found, k_not_found, k_not_found}));
    // The hook without the launcher has no variable to read.
    EXPECT_EQ(run_matrix_row(venv, false, true), (Row{k_not_found, k_not_found, k_not_found}));
}

TEST(DllLoading, UnderTheLauncherPathAloneReachesOnlyPlainLoadLibrary)
{
    const WinScratchDir dir;
    const LoaderVenv venv(dir.root());
    EXPECT_EQ(run_matrix_row(venv, true, false), (Row{k_not_found, k_not_found, k_loaded}));
}

TEST(DllLoading, UnderTheLauncherWithTheHookEverythingLoads)
{
    const WinScratchDir dir;
    const LoaderVenv venv(dir.root());
    EXPECT_EQ(run_matrix_row(venv, true, true), (Row{k_loaded, k_loaded, k_loaded}));
}

TEST(DllLoading, TheHookAloneDoesNotReachPlainLoadLibrary)
{
    // RUN_WITH_CUDA_DLL_DIRS set by hand, PATH untouched: AddDllDirectory is not searched by
    // LoadLibraryW's standard order, which is why the launcher keeps PATH as well. A missing
    // folder in front is skipped.
    const WinScratchDir dir;
    const LoaderVenv venv(dir.root());
    const std::wstring value = (dir.root() / "missing").wstring() + L";" + venv.dll_dir.wstring();
    EXPECT_EQ(run_matrix_row(venv, false, true, {{L"RUN_WITH_CUDA_DLL_DIRS", value}}),
              (Row{k_loaded, k_loaded, k_not_found}));
}

} // namespace
} // namespace rwc::test
