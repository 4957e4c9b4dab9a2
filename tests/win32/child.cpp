// rwc_win32_child.exe: the test child of the Windows suite. It reports what it received to
// the file named by RWC_CHILD_REPORT (UTF-8), then exits with RWC_CHILD_EXIT:
//   cmdline <n>\n<GetCommandLineW()>\n
//   argv <n>\n<one CommandLineToArgvW element>\n      (one per element, argv[0] first)
//   env <NAME> <n>\n<value>\n  or  unset <NAME>\n   (for each name in RWC_CHILD_ENV, ';')
//   cwd <n>\n<GetCurrentDirectoryW()>\n
//   dll <NAME> <n>\n<path it loaded from>\n  or  nodll <NAME> <GetLastError()>\n  (RWC_CHILD_DLL, ';')
// <n> is the byte length of the UTF-8 text that follows, so any text round-trips.
// RWC_CHILD_EXIT is decimal or 0x-hex, all 32 bits. RWC_CHILD_PID_FILE receives the
// process id (decimal) first, then RWC_CHILD_SLEEP_MS is slept before anything else.
#include "windows_api.hpp"

#include <algorithm>
#include <cstdio>
#include <cwchar>
#include <shellapi.h>
#include <string>
#include <vector>

namespace {

std::string utf8(const std::wstring& s)
{
    if (s.empty()) {
        return {};
    }
    const int n = WideCharToMultiByte(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n, nullptr, nullptr);
    return out;
}

/// The value of a variable, or false when unset.
bool variable(const wchar_t* name, std::wstring& value)
{
    const DWORD n = GetEnvironmentVariableW(name, nullptr, 0); // with the NUL: 1 when empty
    if (n == 0) {
        return false;
    }
    value.assign(n, L'\0');
    value.resize(GetEnvironmentVariableW(name, value.data(), n));
    return true;
}

std::vector<std::wstring> split(const std::wstring& list)
{
    std::vector<std::wstring> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(L';', start), list.size());
        if (end > start) {
            out.push_back(list.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

void record(std::string& out, const std::string& head, const std::wstring& text)
{
    const std::string bytes = utf8(text);
    out += head + " " + std::to_string(bytes.size()) + "\n" + bytes + "\n";
}

} // namespace

int main()
{
    std::wstring value;
    if (variable(L"RWC_CHILD_PID_FILE", value)) {
        if (FILE* f = _wfopen(value.c_str(), L"wb")) {
            std::fprintf(f, "%lu", GetCurrentProcessId());
            std::fclose(f);
        }
    }
    if (variable(L"RWC_CHILD_SLEEP_MS", value)) {
        Sleep(static_cast<DWORD>(std::wcstoul(value.c_str(), nullptr, 10)));
    }
    std::string report;
    record(report, "cmdline", GetCommandLineW());
    int argc = 0;
    wchar_t** argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    for (int i = 0; argv && i < argc; ++i) {
        record(report, "argv", argv[i]);
    }
    std::wstring cwd(32768, L'\0');
    cwd.resize(GetCurrentDirectoryW(static_cast<DWORD>(cwd.size()), cwd.data()));
    record(report, "cwd", cwd);
    if (variable(L"RWC_CHILD_ENV", value)) {
        for (const auto& name : split(value)) {
            std::wstring v;
            if (variable(name.c_str(), v)) {
                record(report, "env " + utf8(name), v);
            } else {
                report += "unset " + utf8(name) + "\n";
            }
        }
    }
    if (variable(L"RWC_CHILD_DLL", value)) {
        for (const auto& name : split(value)) {
            if (HMODULE dll = LoadLibraryW(name.c_str())) {
                std::wstring path(32768, L'\0');
                path.resize(GetModuleFileNameW(dll, path.data(), static_cast<DWORD>(path.size())));
                record(report, "dll " + utf8(name), path);
            } else {
                const DWORD error = GetLastError();
                report += "nodll " + utf8(name) + " " + std::to_string(error) + "\n";
            }
        }
    }
    if (variable(L"RWC_CHILD_REPORT", value)) {
        if (FILE* f = _wfopen(value.c_str(), L"wb")) {
            std::fwrite(report.data(), 1, report.size(), f);
            std::fclose(f);
        }
    }
    if (variable(L"RWC_CHILD_EXIT", value)) {
        return static_cast<int>(std::wcstoul(value.c_str(), nullptr, 0));
    }
    return 0;
}
