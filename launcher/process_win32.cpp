// process.hpp for Windows, which has no exec: the C runtime's _execv starts a new process
// and returns to the shell at once with status 0. So, as uv's trampoline does
// (crates/uv-trampoline/src/bounce.rs): start the program suspended, put it in a
// kill-on-close job object, resume it, ignore Ctrl+C (the child gets the same event),
// wait, and return its full 32-bit exit code.
#include "command_line_win32.hpp"
#include "error.hpp"
#include "log.hpp"
#include "process.hpp"
#include "utf16_win32.hpp"
#include "windows_api.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <cwctype>
#include <utility>

namespace rwc {

namespace {

/// Owns one kernel HANDLE and closes it once; null and INVALID_HANDLE_VALUE mean none.
class UniqueHandle {
  public:
    UniqueHandle() = default;
    explicit UniqueHandle(HANDLE handle) : m_handle(handle) {}
    UniqueHandle(UniqueHandle&& other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}
    UniqueHandle(const UniqueHandle&) = delete;
    UniqueHandle& operator=(const UniqueHandle&) = delete;
    UniqueHandle& operator=(UniqueHandle&&) = delete;
    ~UniqueHandle()
    {
        if (valid()) {
            CloseHandle(m_handle);
        }
    }
    bool valid() const noexcept { return m_handle != nullptr && m_handle != INVALID_HANDLE_VALUE; }
    HANDLE get() const noexcept { return m_handle; }

  private:
    HANDLE m_handle = nullptr;
};

/// The running child, for the console control handler (which runs on its own thread).
std::atomic<HANDLE> g_child_process{nullptr};

/// Ctrl+C and Ctrl+Break reach every process on the console, so the child decides what
/// they mean and the launcher ignores them (uv's trampoline, bounce.rs). On close, logoff
/// or shutdown the OS ends the launcher when this returns (after at most 5 or 20 s,
/// SetConsoleCtrlHandler on MSDN); waiting for the child first lets it clean up instead of
/// being killed at once through the job object.
BOOL WINAPI on_console_event(DWORD event)
{
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT) {
        if (HANDLE child = g_child_process.load()) {
            WaitForSingleObject(child, INFINITE);
        }
    }
    return TRUE;
}

/// A Failure for a failed call: 127 when the program file is missing, 126 otherwise.
Failure call_failure(const char* call, const std::string& subject, DWORD code)
{
    const int status =
        code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND ? k_exit_not_found : k_exit_cannot_execute;
    return Failure(status, fmt::format("{}({}): {}", call, subject, windows_error_text(code)));
}

/// cmd.exe's parsing of a batch file's arguments cannot be escaped safely (CVE-2024-24576,
/// "BatBadBut"), and CreateProcessW would start one through cmd.exe: refuse them.
void refuse_batch_file(const boost::filesystem::path& program)
{
    std::wstring ext = program.extension().wstring();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](wchar_t c) { return static_cast<wchar_t>(std::towlower(c)); });
    if (ext == L".bat" || ext == L".cmd") {
        throw Failure(k_exit_cannot_execute,
                      fmt::format("{}: refusing to run a batch file: cmd.exe cannot be given arguments safely "
                                  "(CVE-2024-24576); run `cmd /c` explicitly if you trust them",
                                  narrow(program.wstring())));
    }
}

/// The CREATE_UNICODE_ENVIRONMENT block: "NAME=value\0" entries, sorted by name without
/// regard to case as MSDN's "Changing Environment Variables" asks (the "=C:" entries
/// first), ending with one more "\0".
std::wstring environment_block(const Environment& env)
{
    std::vector<std::wstring> entries;
    for (const auto& [name, value] : env.entries()) {
        entries.push_back(widen(name) + L'=' + widen(value));
    }
    const auto name_upper = [](const std::wstring& entry) {
        std::wstring name = entry.substr(0, entry.find(L'=', 1));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](wchar_t c) { return static_cast<wchar_t>(std::towupper(c)); });
        return name;
    };
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const std::wstring& a, const std::wstring& b) { return name_upper(a) < name_upper(b); });
    std::wstring block;
    for (const auto& entry : entries) {
        block.append(entry);
        block.push_back(L'\0');
    }
    block.push_back(L'\0');
    if (entries.empty()) {
        block.push_back(L'\0'); // an empty block is two NULs
    }
    return block;
}

/// A job object whose last handle, when closed (the launcher exits or is killed), ends
/// every process in it: the child and the workers it started. Processes that ask
/// for CREATE_BREAKAWAY_FROM_JOB may still leave it.
UniqueHandle kill_on_close_job()
{
    UniqueHandle job(CreateJobObjectW(nullptr, nullptr));
    if (!job.valid()) {
        return job;
    }
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_BREAKAWAY_OK;
    if (!SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
        return UniqueHandle();
    }
    return job;
}

} // namespace

int start_program(const Launch& launch)
{
    const Log log;
    const boost::filesystem::path& program = launch.program;
    refuse_batch_file(program);
    const std::wstring program_w = program.wstring();

    std::vector<std::wstring> args;
    for (std::size_t i = 1; i < launch.argv.size(); ++i) {
        args.push_back(widen(launch.argv[i]));
    }
    // argv[0] is the program itself, quoted; CreateProcessW may write into the line.
    std::wstring command_line = child_command_line(program_w, GetCommandLineW(), args);
    std::wstring environment = environment_block(launch.environment);
    const std::wstring directory = launch.working_directory.wstring();

    // The caller's STARTUPINFO (console window and standard handles) passes on; handles it
    // names must be inheritable for the child to see them (bounce.rs, spawn_child).
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    GetStartupInfoW(&startup);
    if (startup.dwFlags & STARTF_USESTDHANDLES) {
        for (HANDLE h : {startup.hStdInput, startup.hStdOutput, startup.hStdError}) {
            SetHandleInformation(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        }
    }

    PROCESS_INFORMATION info{};
    const DWORD flags = CREATE_UNICODE_ENVIRONMENT | CREATE_SUSPENDED;
    if (!CreateProcessW(program_w.c_str(), command_line.data(), nullptr, nullptr, TRUE, flags, environment.data(),
                        directory.empty() ? nullptr : directory.c_str(), &startup, &info)) {
        throw call_failure("CreateProcessW", narrow(program_w), GetLastError());
    }
    const UniqueHandle process(info.hProcess);
    const UniqueHandle thread(info.hThread);

    // Into the job before it runs a single instruction, so nothing it starts escapes.
    // Assigning can fail (an older Windows with the launcher in a job that forbids
    // breakaway): the child then only outlives a killed launcher, so warn and go on, as
    // uv and distlib's launcher do.
    const UniqueHandle job = kill_on_close_job();
    if (!job.valid() || !AssignProcessToJobObject(job.get(), process.get())) {
        log.warn("the program is not in a kill-on-close job object ({}); it may outlive the launcher",
                 windows_error_text(GetLastError()));
    }
    g_child_process.store(process.get());
    SetConsoleCtrlHandler(on_console_event, TRUE);
    if (ResumeThread(thread.get()) == static_cast<DWORD>(-1)) {
        const DWORD error = GetLastError();
        TerminateProcess(process.get(), 1);
        g_child_process.store(nullptr);
        throw call_failure("ResumeThread", narrow(program_w), error);
    }

    WaitForSingleObject(process.get(), INFINITE);
    g_child_process.store(nullptr);
    DWORD exit_code = 0;
    if (!GetExitCodeProcess(process.get(), &exit_code)) {
        throw Failure(k_exit_failure, fmt::format("GetExitCodeProcess: {}", windows_error_text(GetLastError())));
    }
    // All 32 bits: main() returns it and ExitProcess keeps it (an NTSTATUS like 0xC0000005
    // becomes a negative int and back).
    return static_cast<int>(exit_code);
}

} // namespace rwc
