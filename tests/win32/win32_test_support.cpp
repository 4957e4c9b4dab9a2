// See win32_test_support.hpp.
#include "win32_test_support.hpp"

#include "utf16_win32.hpp"
#include "windows_api.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace rwc::test {

ChildReport read_report(const fs::path& file)
{
    // std::ifstream takes the wide c_str() on Windows; boost::filesystem::ifstream narrows
    // the path through the ANSI code page with libstdc++ and fails on non-ASCII names.
    std::ifstream in(file.c_str(), std::ios::binary);
    if (!in) {
        throw std::runtime_error("no child report: " + narrow(file.wstring()));
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ChildReport report;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t eol = bytes.find('\n', pos);
        if (eol == std::string::npos) {
            throw std::runtime_error("malformed child report");
        }
        std::istringstream head(bytes.substr(pos, eol - pos));
        pos = eol + 1;
        std::string kind, name;
        head >> kind;
        if (kind == "unset" || kind == "nodll") {
            continue;
        }
        if (kind == "env" || kind == "dll") {
            head >> name;
        }
        std::size_t length = 0;
        head >> length;
        const std::string text = bytes.substr(pos, length);
        pos += length + 1;
        if (kind == "cmdline") {
            report.command_line = text;
        } else if (kind == "argv") {
            report.argv.push_back(text);
        } else if (kind == "cwd") {
            report.cwd = text;
        } else if (kind == "env") {
            report.env[name] = text;
        } else if (kind == "dll") {
            report.dll[name] = text;
        }
    }
    return report;
}

fs::path test_dir()
{
    std::wstring buffer(32768, L'\0');
    buffer.resize(GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size())));
    return fs::path(buffer).parent_path();
}

fs::path child_exe()
{
    return test_dir() / L"rwc_win32_child.exe";
}

bool start_process(const fs::path& program, const std::wstring& tail, const fs::path& cwd, const Variables& vars,
                   PROCESS_INFORMATION& info)
{
    for (const auto& [name, value] : vars) {
        SetEnvironmentVariableW(name.c_str(), value.c_str());
    }
    std::wstring line = L"\"" + program.wstring() + L"\"" + (tail.empty() ? L"" : L" " + tail);
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    const std::wstring folder = cwd.wstring();
    const BOOL started = CreateProcessW(program.wstring().c_str(), line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                                        cwd.empty() ? nullptr : folder.c_str(), &startup, &info);
    for (const auto& var : vars) {
        SetEnvironmentVariableW(var.first.c_str(), nullptr);
    }
    if (!started) {
        ADD_FAILURE() << "CreateProcessW: " << windows_error_text(GetLastError());
    }
    return started != FALSE;
}

DWORD wait_and_close(const PROCESS_INFORMATION& info, DWORD timeout_ms)
{
    DWORD code = ~0u;
    if (WaitForSingleObject(info.hProcess, timeout_ms) == WAIT_OBJECT_0) {
        GetExitCodeProcess(info.hProcess, &code);
    }
    CloseHandle(info.hThread);
    CloseHandle(info.hProcess);
    return code;
}

DWORD run_in(const fs::path& program, const std::wstring& tail, const fs::path& cwd, const Variables& vars)
{
    PROCESS_INFORMATION info{};
    return start_process(program, tail, cwd, vars, info) ? wait_and_close(info, 60000) : ~0u;
}

fs::path launcher_exe()
{
    return fs::absolute(fs::path(widen(RWC_WIN32_LAUNCHER)), test_dir()).lexically_normal();
}

std::string read_file_or_empty(const fs::path& file)
{
    std::ifstream in(file.c_str(), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Captured run_capturing(const fs::path& program, const std::wstring& tail, const fs::path& cwd, const Variables& vars)
{
    const fs::path out_file = cwd / L"stdout.txt";
    const fs::path err_file = cwd / L"stderr.txt";
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    const auto create = [&](const fs::path& file) {
        return CreateFileW(file.wstring().c_str(), GENERIC_WRITE, FILE_SHARE_READ, &inherit, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
    };
    const HANDLE out = create(out_file);
    const HANDLE err = create(err_file);
    Captured result;
    if (out != INVALID_HANDLE_VALUE && err != INVALID_HANDLE_VALUE) {
        for (const auto& [name, value] : vars) {
            SetEnvironmentVariableW(name.c_str(), value.c_str());
        }
        std::wstring line = L"\"" + program.wstring() + L"\" " + tail;
        STARTUPINFOW startup{};
        startup.cb = sizeof startup;
        startup.dwFlags = STARTF_USESTDHANDLES;
        startup.hStdOutput = out;
        startup.hStdError = err;
        PROCESS_INFORMATION info{};
        const std::wstring folder = cwd.wstring();
        if (CreateProcessW(program.wstring().c_str(), line.data(), nullptr, nullptr, TRUE, 0, nullptr, folder.c_str(),
                           &startup, &info)) {
            result.code = wait_and_close(info, 60000);
        } else {
            ADD_FAILURE() << "CreateProcessW: " << windows_error_text(GetLastError());
        }
        for (const auto& var : vars) {
            SetEnvironmentVariableW(var.first.c_str(), nullptr);
        }
    }
    CloseHandle(out);
    CloseHandle(err);
    result.out = read_file_or_empty(out_file);
    result.err = read_file_or_empty(err_file);
    return result;
}

} // namespace rwc::test
