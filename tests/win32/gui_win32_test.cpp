// The GUI-subsystem variant run-with-cuda-w.exe and the Windows
// resources of both variants, checked on the built files: the PE optional
// header's Subsystem field (Microsoft's "PE Format": 2 = WINDOWS_GUI, 3 = WINDOWS_CUI),
// the RT_MANIFEST and RT_VERSION resources, and a real start of the GUI variant.
#include "utf16_win32.hpp"
#include "win32_test_support.hpp"
#include "windows_api.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

namespace rwc::test {
namespace {

/// run-with-cuda-w.exe, built next to run-with-cuda.exe.
fs::path gui_launcher_exe()
{
    return launcher_exe().parent_path() / L"run-with-cuda-w.exe";
}

/// The Subsystem field of exe's PE optional header: the DOS header's e_lfanew (offset
/// 0x3C) locates "PE\0\0", then the 20-byte COFF header; Subsystem is at offset 68 of the
/// optional header (PE Format, "Optional Header Windows-Specific Fields"). 0 on error.
std::uint16_t pe_subsystem(const fs::path& exe)
{
    std::ifstream in(exe.wstring().c_str(), std::ios::binary); // libstdc++ on MinGW: _wfopen
    std::uint32_t pe_offset = 0;
    in.seekg(0x3C);
    in.read(reinterpret_cast<char*>(&pe_offset), sizeof pe_offset);
    char signature[4] = {};
    in.seekg(pe_offset);
    in.read(signature, sizeof signature);
    if (!in || std::string(signature, 4) != std::string("PE\0\0", 4)) {
        return 0;
    }
    std::uint16_t subsystem = 0;
    in.seekg(pe_offset + 4 + 20 + 68);
    in.read(reinterpret_cast<char*>(&subsystem), sizeof subsystem);
    return in ? subsystem : 0;
}

/// True when exe holds a resource of that type and ID (LoadLibraryExW as a data file).
bool has_resource(const fs::path& exe, LPCWSTR type, LPCWSTR id)
{
    const HMODULE module = LoadLibraryExW(exe.wstring().c_str(), nullptr, LOAD_LIBRARY_AS_DATAFILE);
    if (module == nullptr) {
        ADD_FAILURE() << "LoadLibraryExW(" << exe << "): " << windows_error_text(GetLastError());
        return false;
    }
    const bool found = FindResourceW(module, id, type) != nullptr;
    FreeLibrary(module);
    return found;
}

/// Runs `"exe" args` with stdout and stderr into out (NUL when empty); returns its exit
/// code (~0u on failure).
DWORD run(const fs::path& exe, const std::wstring& args, const fs::path& out = fs::path())
{
    SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    const HANDLE nul = out.empty() ? CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                                                 OPEN_EXISTING, 0, nullptr)
                                   : CreateFileW(out.wstring().c_str(), GENERIC_WRITE, FILE_SHARE_READ, &inherit,
                                                 CREATE_ALWAYS, 0, nullptr);
    std::wstring line = L"\"" + exe.wstring() + L"\" " + args;
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = nul;
    startup.hStdError = nul;
    PROCESS_INFORMATION info{};
    DWORD code = ~0u;
    if (CreateProcessW(exe.wstring().c_str(), line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup,
                       &info)) {
        if (WaitForSingleObject(info.hProcess, 60000) == WAIT_OBJECT_0) {
            GetExitCodeProcess(info.hProcess, &code);
        }
        CloseHandle(info.hThread);
        CloseHandle(info.hProcess);
    } else {
        ADD_FAILURE() << "CreateProcessW: " << windows_error_text(GetLastError());
    }
    CloseHandle(nul);
    return code;
}

TEST(GuiVariant, IsAGuiSubsystemExecutableSoNoConsoleOpens)
{
    ASSERT_TRUE(fs::exists(gui_launcher_exe())) << gui_launcher_exe();
    EXPECT_EQ(pe_subsystem(gui_launcher_exe()), IMAGE_SUBSYSTEM_WINDOWS_GUI);
    EXPECT_EQ(pe_subsystem(launcher_exe()), IMAGE_SUBSYSTEM_WINDOWS_CUI);
}

TEST(GuiVariant, StartsAndPrintsItsVersion)
{
    EXPECT_EQ(run(gui_launcher_exe(), L"--version"), 0u);
    EXPECT_EQ(run(launcher_exe(), L"--version"), 0u);
}

TEST(GuiVariant, BothVariantsCarryTheManifestAndTheVersionResource)
{
    for (const fs::path& exe : {launcher_exe(), gui_launcher_exe()}) {
        EXPECT_TRUE(has_resource(exe, MAKEINTRESOURCEW(24) /* RT_MANIFEST */, MAKEINTRESOURCEW(1))) << exe;
        EXPECT_TRUE(has_resource(exe, MAKEINTRESOURCEW(16) /* RT_VERSION */, MAKEINTRESOURCEW(1) /* VS_VERSION_INFO */))
            << exe;
    }
}

/// The text of a file written by run().
std::string read_text(const fs::path& file)
{
    std::ifstream in(file.wstring().c_str(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(GuiVariant, PythonMeansPythonwForTheGuiVariantAndForAGuiApp)
{
    // A Windows venv whose python.exe and pythonw.exe are copies of the test child.
    const WinScratchDir dir;
    const fs::path venv = dir.root() / L"venv";
    fs::create_directories(venv / L"Scripts");
    fs::create_directories(venv / L"Lib" / L"site-packages");
    std::ofstream(fs::path(venv / L"pyvenv.cfg").wstring().c_str()) << "home = C:\\Python312\nversion = 3.12.0\n";
    fs::copy_file(child_exe(), venv / L"Scripts" / L"python.exe");
    fs::copy_file(child_exe(), venv / L"Scripts" / L"pythonw.exe");
    const fs::path out = dir.root() / L"out.txt";
    const std::wstring python = L"--no-config --dry-run --python \"" + venv.wstring() + L"\" python app.py";

    ASSERT_EQ(run(gui_launcher_exe(), python, out), 0u) << read_text(out);
    EXPECT_NE(read_text(out).find("pythonw.exe"), std::string::npos) << read_text(out);
    ASSERT_EQ(run(launcher_exe(), python, out), 0u) << read_text(out);
    EXPECT_EQ(read_text(out).find("pythonw.exe"), std::string::npos) << read_text(out);

    // The console variant running an [app] with gui = true (docs/design.md, "Config file").
    const fs::path config = dir.root() / L"app.toml";
    std::ofstream(config.wstring().c_str()) << "[python]\ninterpreter = \"venv\"\n[app]\ncommand = [\"python\", "
                                               "\"-m\", \"app\"]\ngui = true\n";
    ASSERT_EQ(run(launcher_exe(), L"--dry-run --config \"" + config.wstring() + L"\"", out), 0u) << read_text(out);
    EXPECT_NE(read_text(out).find("# program: " + narrow((venv / L"Scripts" / L"pythonw.exe").wstring())),
              std::string::npos)
        << read_text(out);
}

} // namespace
} // namespace rwc::test
