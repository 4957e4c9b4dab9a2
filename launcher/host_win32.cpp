// host.hpp for Windows: the process's facts through the wide (UTF-16) APIs, as UTF-8.
// Narrow boost::filesystem paths are UTF-8 in this build (cmake/boost-filesystem-utf8.cpp).
#include "command_line_win32.hpp"
#include "error.hpp"
#include "host.hpp"
#include "utf16_win32.hpp"
#include "windows_api.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace {

/// Frees what GetEnvironmentStringsW returned.
struct EnvironmentStrings {
    wchar_t* block = GetEnvironmentStringsW();
    EnvironmentStrings() = default;
    EnvironmentStrings(const EnvironmentStrings&) = delete;
    EnvironmentStrings& operator=(const EnvironmentStrings&) = delete;
    ~EnvironmentStrings()
    {
        if (block) {
            FreeEnvironmentStringsW(block);
        }
    }
};

} // namespace

Environment process_environment()
{
    std::vector<std::string> entries;
    const EnvironmentStrings strings;
    // The block is "NAME=value\0...NAME=value\0\0"; entries like "=C:=C:\x" are kept.
    for (const wchar_t* p = strings.block; p && *p; p += std::wcslen(p) + 1) {
        entries.push_back(narrow(p));
    }
    return Environment::from_strings(entries, TargetOs::windows);
}

boost::filesystem::path current_executable()
{
    // GetModuleFileNameW truncates silently when the buffer is too small: grow until the
    // result fits, so paths longer than MAX_PATH work.
    std::wstring buffer(MAX_PATH, L'\0');
    for (;;) {
        const DWORD n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
        if (n == 0) {
            throw Failure(k_exit_failure, fmt::format("GetModuleFileNameW: {}", windows_error_text(GetLastError())));
        }
        if (n < buffer.size()) {
            buffer.resize(n);
            return boost::filesystem::path(buffer);
        }
        if (buffer.size() >= 32768) { // the longest path Windows has
            throw Failure(k_exit_failure, "GetModuleFileNameW: the path is longer than 32767 characters");
        }
        buffer.resize(buffer.size() * 2);
    }
}

std::vector<std::string> command_line_arguments(int /*argc*/, char** /*argv*/)
{
    // The narrow argv of MinGW's C runtime is in the ANSI code page; read the UTF-16 line
    // and split it by the same rules the child's C runtime uses, so the tail that
    // process_win32.cpp passes through is recognised (command_line_win32.hpp).
    const auto args = split_command_line(GetCommandLineW());
    std::vector<std::string> out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        out.push_back(narrow(args[i].value));
    }
    return out;
}

bool is_executable_file(const boost::filesystem::path& p)
{
    // Windows decides by the extension (PATHEXT) which the caller already applied; here only
    // "a file, not a folder" is asked (host.hpp).
    const DWORD attributes = GetFileAttributesW(p.wstring().c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

} // namespace rwc
