// --install-kernel by the real run-with-cuda.exe (under Wine in the MinGW suite): the
// kernelspec's kernel.json is valid JSON whose argv holds the .exe paths, backslashes
// escaped, in a folder under %APPDATA%\jupyter or JUPYTER_DATA_DIR (docs/integrations.md,
// "Jupyter kernels"). The scratch folder's name holds a space and non-ASCII text, so the
// paths cross the UTF-16 boundary too.
#include "utf16_win32.hpp"
#include "win32_test_support.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace rwc::test {
namespace {

/// A Windows-layout venv with ipykernel's dist-info folder and an empty Scripts\python.exe
/// (--install-kernel starts nothing).
fs::path make_kernel_venv(const fs::path& dir)
{
    const fs::path root = dir / "proj" / ".venv";
    fs::create_directories(root / "Scripts");
    std::ofstream((root / "Scripts" / "python.exe").c_str()) << "";
    std::ofstream((root / "pyvenv.cfg").c_str()) << "home = C:\\Python311\nversion = 3.11.9\n";
    fs::create_directories(root / "Lib" / "site-packages" / "ipykernel-7.4.0.dist-info");
    return root;
}

std::string read_bytes(const fs::path& file)
{
    std::ifstream in(file.c_str(), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The path in a kernel.json string, as Windows names it.
fs::path json_path(const nlohmann::json& value)
{
    return fs::path(widen(value.get<std::string>()));
}

TEST(KernelInstallWin32, KernelJsonIsValidJsonWithTheExePaths)
{
    WinScratchDir dir;
    const fs::path root = make_kernel_venv(dir.root());
    const fs::path data = dir.root() / "jupyter data";
    const std::wstring line = L"--no-config --python \"" + root.wstring() + L"\" --install-kernel";
    ASSERT_EQ(run_in(launcher_exe(), line, dir.root(), {{L"JUPYTER_DATA_DIR", data.wstring()}}), 0u);

    const fs::path file = data / "kernels" / "cuda-proj" / "kernel.json";
    const std::string text = read_bytes(file);
    ASSERT_FALSE(text.empty()) << "no " << file.string();
    const auto spec = nlohmann::json::parse(text); // throws (fails the test) on invalid JSON
    ASSERT_EQ(spec["argv"].size(), 6u) << text;
    EXPECT_TRUE(fs::equivalent(json_path(spec["argv"][0]), launcher_exe())) << text;
    EXPECT_EQ(json_path(spec["argv"][0]).extension(), ".exe");
    EXPECT_TRUE(fs::equivalent(json_path(spec["argv"][1]), root / "Scripts" / "python.exe")) << text;
    EXPECT_NE(text.find("\\\\Scripts\\\\python.exe\""), std::string::npos) << text;
    EXPECT_EQ(spec["display_name"], "Python 3.11 (CUDA, proj)");
    EXPECT_FALSE(spec["metadata"].contains("interpreter"));
}

TEST(KernelInstallWin32, TheUserFolderIsUnderAppData)
{
    WinScratchDir dir;
    const fs::path root = make_kernel_venv(dir.root());
    const fs::path appdata = dir.root() / "AppData" / "Roaming";
    fs::create_directories(appdata);
    const std::wstring line = L"--no-config --python \"" + root.wstring() + L"\" --install-kernel --name K1";
    ASSERT_EQ(run_in(launcher_exe(), line, dir.root(), {{L"APPDATA", appdata.wstring()}}), 0u);
    EXPECT_TRUE(fs::is_regular_file(appdata / "jupyter" / "kernels" / "k1" / "kernel.json"));
    const std::wstring remove = L"--no-config --remove-kernel k1";
    ASSERT_EQ(run_in(launcher_exe(), remove, dir.root(), {{L"APPDATA", appdata.wstring()}}), 0u);
    EXPECT_FALSE(fs::exists(appdata / "jupyter" / "kernels" / "k1"));
    EXPECT_EQ(run_in(launcher_exe(), remove, dir.root(), {{L"APPDATA", appdata.wstring()}}), 2u);
}

} // namespace
} // namespace rwc::test
