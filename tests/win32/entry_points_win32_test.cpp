// The entry points of the Windows build (docs/integrations.md, "IDEs"; docs/packaged-apps.md,
// "Making the entry point: --make-launcher"), run from a Windows program: --install-shim
// writes Scripts\python.exe and Scripts\pythonw.exe (the console and the no-console
// variant) and the config, and that python.exe passes every argument to the venv's
// interpreter; --make-launcher writes NAME.exe (with --gui the -w variant) and NAME.toml,
// and refuses a reserved name.
#include "utf16_win32.hpp"
#include "win32_test_support.hpp"
#include "windows_api.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace rwc::test {
namespace {

/// The whole file as bytes ("" when it cannot be read).
std::string bytes_of(const fs::path& file)
{
    std::ifstream in(file.wstring().c_str(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// A Windows venv (pyvenv.cfg, Lib\site-packages\nvidia\cu13\bin\x86_64) whose python.exe
/// and pythonw.exe are copies of the test child.
fs::path make_venv(const fs::path& dir)
{
    const fs::path root = dir / L"venv";
    fs::create_directories(root / L"Scripts");
    fs::create_directories(root / L"Lib" / L"site-packages" / L"nvidia" / L"cu13" / L"bin" / L"x86_64");
    std::ofstream((root / L"pyvenv.cfg").wstring().c_str()) << "home = C:\\Python312\nversion = 3.12.1\n";
    fs::copy_file(child_exe(), root / L"Scripts" / L"python.exe");
    fs::copy_file(child_exe(), root / L"Scripts" / L"pythonw.exe");
    return root;
}

TEST(EntryPointsWin32, InstallShimWritesPythonAndPythonwThatPassEveryArgumentOn)
{
    const WinScratchDir dir;
    const fs::path venv = make_venv(dir.root());
    const fs::path shim = dir.root() / L"shim";
    const std::wstring args =
        L"--no-config --python \"" + venv.wstring() + L"\" --install-shim \"" + shim.wstring() + L"\"";
    ASSERT_EQ(run_in(launcher_exe(), args, dir.root(), {}), 0u);
    const fs::path scripts = shim / L"Scripts";
    EXPECT_EQ(bytes_of(scripts / L"python.exe"), bytes_of(launcher_exe()));
    EXPECT_EQ(bytes_of(scripts / L"pythonw.exe"), bytes_of(launcher_exe().parent_path() / L"run-with-cuda-w.exe"));
    EXPECT_NE(bytes_of(scripts / L"run-with-cuda.toml").find("interpreter = "), std::string::npos);
    EXPECT_FALSE(fs::exists(shim / L"pyvenv.cfg"));
    // Never overwrites.
    EXPECT_EQ(run_in(launcher_exe(), args, dir.root(), {}), 2u);

    const std::wstring report = (dir.root() / L"report.txt").wstring();
    ASSERT_EQ(run_in(scripts / L"python.exe", L"-I -c \"import sys\" --version \"a b\"", dir.root(),
                     {{L"RWC_CHILD_REPORT", report},
                      {L"RWC_CHILD_ENV", L"VIRTUAL_ENV;RUN_WITH_CUDA_DLL_DIRS"},
                      {L"RWC_CHILD_EXIT", L"300"}}),
              300u);
    const ChildReport r = read_report(report);
    EXPECT_EQ(r.argv, (std::vector<std::string>{r.argv.at(0), "-I", "-c", "import sys", "--version", "a b"}));
    EXPECT_TRUE(fs::equivalent(fs::path(widen(r.argv.at(0))), venv / L"Scripts" / L"python.exe"));
    EXPECT_TRUE(fs::equivalent(fs::path(widen(r.env.at("VIRTUAL_ENV"))), venv));
    EXPECT_NE(r.env.at("RUN_WITH_CUDA_DLL_DIRS").find("x86_64"), std::string::npos);

    // The no-console shim starts the venv's pythonw.exe.
    ASSERT_EQ(run_in(scripts / L"pythonw.exe", L"app.py", dir.root(), {{L"RWC_CHILD_REPORT", report}}), 0u);
    EXPECT_TRUE(fs::equivalent(fs::path(widen(read_report(report).argv.at(0))), venv / L"Scripts" / L"pythonw.exe"));
}

TEST(EntryPointsWin32, MakeLauncherWritesNameExeAndItsConfig)
{
    const WinScratchDir dir;
    const fs::path folder = dir.root() / L"My App";
    fs::create_directories(folder);
    const fs::path venv = make_venv(folder);
    ASSERT_EQ(run_in(launcher_exe(), L"--make-launcher MyApp --gui -- python app.py --fixed", folder,
                     {{L"VIRTUAL_ENV", venv.wstring()}}),
              0u);
    EXPECT_EQ(bytes_of(folder / L"MyApp.exe"), bytes_of(launcher_exe().parent_path() / L"run-with-cuda-w.exe"));
    const std::string config = bytes_of(folder / L"MyApp.toml");
    EXPECT_NE(config.find("interpreter = \"venv\"\n"), std::string::npos) << config;
    EXPECT_NE(config.find("gui = true\n"), std::string::npos) << config;
    const auto entries = [&] { return std::distance(fs::directory_iterator(folder), fs::directory_iterator()); };
    const auto before = entries();
    for (const wchar_t* name : {L"CON", L"nul.txt", L"Com1.exe", L"a\\b", L"MyApp"}) {
        EXPECT_EQ(run_in(launcher_exe(), std::wstring(L"--make-launcher ") + name + L" -- python", folder,
                         {{L"VIRTUAL_ENV", venv.wstring()}}),
                  2u)
            << narrow(name);
    }
    // Nothing written (fs::exists would not tell: CON.toml names the console device itself).
    EXPECT_EQ(entries(), before);

    // Moved, the made app still runs its command with the venv, from another folder.
    const fs::path moved = dir.root() / L"moved";
    fs::rename(folder, moved);
    const std::wstring report = (dir.root() / L"report.txt").wstring();
    ASSERT_EQ(run_in(moved / L"MyApp.exe", L"\"x y\"", dir.root(), {{L"RWC_CHILD_REPORT", report}}), 0u);
    const ChildReport r = read_report(report);
    EXPECT_EQ(r.argv, (std::vector<std::string>{r.argv.at(0), "app.py", "--fixed", "x y"}));
    EXPECT_TRUE(fs::equivalent(fs::path(widen(r.argv.at(0))), moved / L"venv" / L"Scripts" / L"pythonw.exe"));
    EXPECT_TRUE(fs::equivalent(fs::path(widen(r.cwd)), moved));
}

} // namespace
} // namespace rwc::test
