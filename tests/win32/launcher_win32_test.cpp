// The built run-with-cuda.exe, started from a Windows program, so that what Wine hides at
// the Linux boundary is checked: exit codes above 255 (Wine truncates them to 8 bits,
// docs/design.md, "The Windows build (MinGW-w64 and Wine)"), the raw command-line tail, and the kill-on-close job
// object.
#include "utf16_win32.hpp"
#include "win32_test_support.hpp"
#include "windows_api.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace rwc::test {
namespace {

/// Runs `"run-with-cuda.exe" --no-config <options> "<child>" <tail>` with vars inherited,
/// waits at most timeout_ms and returns the exit code (~0u on a timeout); with keep, returns
/// 0 at once and hands the running process over.
DWORD run_launcher(const std::wstring& tail, const Variables& vars, DWORD timeout_ms = 60000,
                   PROCESS_INFORMATION* keep = nullptr, const std::wstring& options = L"")
{
    std::wstring line = L"--no-config " + options + (options.empty() ? L"" : L" ") + L"\"" + child_exe().wstring() +
                        L"\"" + (tail.empty() ? L"" : L" " + tail);
    PROCESS_INFORMATION info{};
    if (!start_process(launcher_exe(), line, {}, vars, info)) {
        return ~0u;
    }
    if (keep) {
        *keep = info;
        return 0;
    }
    return wait_and_close(info, timeout_ms);
}

/// A venv with docs/layouts.md's Windows layout (cu13: cu13/bin/x86_64; cu12: cuda_runtime/bin),
/// Scripts/python.exe (a copy of the child), and stand-in DLLs under CUDA's names.
struct WindowsVenv {
    fs::path root;
    fs::path cudart;  ///< the stand-in cudart64_1X.dll
    fs::path cudnn;   ///< nvidia/cudnn/bin/cudnn64_9.dll
    fs::path toolkit; ///< the folder with include/cuda.h: CUDA_PATH and CUDA_HOME
};

WindowsVenv make_windows_venv(const fs::path& dir, bool cu13)
{
    WindowsVenv v;
    v.root = dir / "venv";
    fs::create_directories(v.root / "Scripts");
    fs::copy_file(child_exe(), v.root / "Scripts" / "python.exe");
    std::ofstream((v.root / "pyvenv.cfg").c_str()) << "home = C:\\Python312\nversion = 3.12.1\n";
    const fs::path nvidia = v.root / "Lib" / "site-packages" / "nvidia";
    v.toolkit = nvidia / (cu13 ? "cu13" : "cuda_runtime");
    const fs::path dll_dir = cu13 ? v.toolkit / "bin" / "x86_64" : v.toolkit / "bin";
    v.cudart = dll_dir / (cu13 ? "cudart64_13.dll" : "cudart64_12.dll");
    v.cudnn = nvidia / "cudnn" / "bin" / "cudnn64_9.dll";
    for (const fs::path& dll : {v.cudart, v.cudnn}) {
        fs::create_directories(dll.parent_path());
        fs::copy_file(test_dir() / "rwc_win32_standin.dll", dll);
    }
    fs::create_directories(v.toolkit / "include");
    std::ofstream((v.toolkit / "include" / "cuda.h").c_str()) << "\n";
    return v;
}

/// The first element of a ';' path list.
std::string first_element(const std::string& list)
{
    return list.substr(0, list.find(';'));
}

TEST(Launcher, TheChildLoadsTheVenvsCudaDllsForTheCu12AndCu13Layouts)
{
    for (const bool cu13 : {false, true}) {
        const WinScratchDir dir;
        const WindowsVenv venv = make_windows_venv(dir.root(), cu13);
        const std::wstring report = (dir.root() / "report.txt").wstring();
        const std::wstring cudart = venv.cudart.filename().wstring();
        ASSERT_EQ(run_launcher(L"",
                               {{L"RWC_CHILD_REPORT", report},
                                {L"RWC_CHILD_DLL", cudart + L";cudnn64_9.dll"},
                                {L"RWC_CHILD_ENV", L"PATH;CUDA_PATH;CUDA_HOME;VIRTUAL_ENV"}},
                               60000, nullptr, L"--python \"" + venv.root.wstring() + L"\""),
                  0u)
            << (cu13 ? "cu13" : "cu12");
        const ChildReport r = read_report(report);
        ASSERT_EQ(r.dll.count(narrow(cudart)), 1u) << "LoadLibraryW did not find " << narrow(cudart);
        EXPECT_TRUE(fs::equivalent(fs::path(widen(r.dll.at(narrow(cudart)))), venv.cudart));
        ASSERT_EQ(r.dll.count("cudnn64_9.dll"), 1u);
        EXPECT_TRUE(fs::equivalent(fs::path(widen(r.dll.at("cudnn64_9.dll"))), venv.cudnn));
        // docs/design.md: CUDA_PATH and CUDA_HOME are the same toolkit root; PATH starts with Scripts.
        ASSERT_EQ(r.env.count("CUDA_PATH"), 1u);
        EXPECT_EQ(r.env.at("CUDA_PATH"), r.env.at("CUDA_HOME"));
        EXPECT_TRUE(fs::equivalent(fs::path(widen(r.env.at("CUDA_PATH"))), venv.toolkit));
        EXPECT_TRUE(fs::equivalent(fs::path(widen(first_element(r.env.at("PATH")))), venv.root / "Scripts"));
        EXPECT_TRUE(fs::equivalent(fs::path(widen(r.env.at("VIRTUAL_ENV"))), venv.root));
    }
}

TEST(Launcher, ARenamedCopyRunsItsAppFromAnyWorkingDirectory)
{
    // A renamed copy: MyApp.exe beside MyApp.toml runs the [app] command; arguments are appended and
    // none is taken as a launcher option; relative paths are relative to the config's folder.
    const WinScratchDir dir;
    const fs::path app = dir.root() / "My App";
    fs::create_directories(app / "bin");
    fs::copy_file(launcher_exe(), app / "MyApp.exe");
    fs::copy_file(child_exe(), app / "bin" / "app.exe");
    std::ofstream((app / "MyApp.toml").c_str()) << "[app]\ncommand = [\"bin/app.exe\", \"first\"]\n"
                                                   "working-directory = \".\"\n";
    const fs::path elsewhere = dir.root() / "elsewhere";
    fs::create_directories(elsewhere);
    const std::wstring report = (dir.root() / "report.txt").wstring();

    ASSERT_EQ(run_in(app / "MyApp.exe", L"", elsewhere, {{L"RWC_CHILD_REPORT", report}}), 0u);
    ChildReport r = read_report(report);
    ASSERT_EQ(r.argv.size(), 2u);
    EXPECT_EQ(r.argv[1], "first");
    EXPECT_TRUE(fs::equivalent(fs::path(widen(r.cwd)), app));

    ASSERT_EQ(run_in(app / "MyApp.exe", L"--help \"a b\"", elsewhere,
                     {{L"RWC_CHILD_REPORT", report}, {L"RWC_CHILD_EXIT", L"300"}}),
              300u);
    r = read_report(report);
    EXPECT_EQ(r.argv, (std::vector<std::string>{r.argv.at(0), "first", "--help", "a b"}));
}

TEST(Launcher, PassesTheCommandLineTailThroughUnchanged)
{
    const WinScratchDir dir;
    const std::wstring report = (dir.root() / "report.txt").wstring();
    // Raw tails that re-quoting would change: "" inside quotes, runs of blanks, a \" escape.
    for (const std::wstring tail :
         {L"plain", L"\"a\"\"b\"  c\\\"d   x", L"\"\u4e2d\u6587 \u53c2\u6570\" \"\" t\\", L"a\\\\b\t\"c d\\\\\""}) {
        ASSERT_EQ(run_launcher(tail, {{L"RWC_CHILD_REPORT", report}}), 0u);
        const ChildReport r = read_report(report);
        EXPECT_EQ(r.command_line, "\"" + narrow(child_exe().wstring()) + "\" " + narrow(tail));
    }
}

TEST(Launcher, ExitsWithTheChildsFull32BitCode)
{
    EXPECT_EQ(run_launcher(L"", {{L"RWC_CHILD_EXIT", L"300"}}), 300u);
    EXPECT_EQ(run_launcher(L"", {{L"RWC_CHILD_EXIT", L"0xC0000409"}}), 0xC0000409u);
}

TEST(Launcher, RefusesABatchFileWith126)
{
    const WinScratchDir dir;
    const fs::path bat = dir.root() / "t.bat";
    std::ofstream(bat.c_str()) << "@echo off\r\n";
    std::wstring line = L"\"" + launcher_exe().wstring() + L"\" --no-config \"" + bat.wstring() + L"\" x";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info{};
    ASSERT_TRUE(CreateProcessW(launcher_exe().wstring().c_str(), line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                               nullptr, &startup, &info));
    WaitForSingleObject(info.hProcess, 60000);
    DWORD code = 0;
    GetExitCodeProcess(info.hProcess, &code);
    CloseHandle(info.hThread);
    CloseHandle(info.hProcess);
    EXPECT_EQ(code, 126u);
}

TEST(Launcher, KillingTheLauncherEndsTheChild)
{
    const WinScratchDir dir;
    const fs::path pid_file = dir.root() / "pid.txt";
    PROCESS_INFORMATION launcher{};
    run_launcher(L"", {{L"RWC_CHILD_PID_FILE", pid_file.wstring()}, {L"RWC_CHILD_SLEEP_MS", L"60000"}}, 0, &launcher);
    DWORD pid = 0;
    for (int i = 0; i < 500 && pid == 0; ++i) { // the child writes its id first, within 10 s
        Sleep(20);
        std::ifstream(pid_file.c_str()) >> pid;
    }
    ASSERT_NE(pid, 0u) << "the child did not start";
    const HANDLE child = OpenProcess(SYNCHRONIZE, FALSE, pid);
    ASSERT_NE(child, nullptr);
    TerminateProcess(launcher.hProcess, 9);
    EXPECT_EQ(WaitForSingleObject(child, 10000), WAIT_OBJECT_0) << "the child outlived the launcher";
    CloseHandle(child);
    CloseHandle(launcher.hThread);
    CloseHandle(launcher.hProcess);
}

} // namespace
} // namespace rwc::test
