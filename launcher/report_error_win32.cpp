// report_error.hpp on Windows. A GUI-subsystem process (run-with-cuda-w.exe, started by a
// double-click or a shortcut) has no console: GetStdHandle(STD_ERROR_HANDLE) is null
// unless its parent redirected it (MSDN, "GetStdHandle"), so the error is also shown in a
// message box. The message is UTF-8 (the manifest's activeCodePage), shown with the wide
// API so that non-ASCII paths read right on any code page.
#include "report_error.hpp"
#include "utf16_win32.hpp"
#include "windows_api.hpp"

#include <cstdio>
#include <string>

namespace rwc {

namespace {

/// True when this process has a usable standard error handle (a console or a redirection).
bool has_stderr()
{
    const HANDLE h = GetStdHandle(STD_ERROR_HANDLE);
    return h != nullptr && h != INVALID_HANDLE_VALUE;
}

} // namespace

void report_error(std::string_view message, ErrorDisplay display) noexcept
{
    if (display == ErrorDisplay::console || has_stderr()) {
        std::fprintf(stderr, "run-with-cuda: error: %.*s\n", static_cast<int>(message.size()), message.data());
        std::fflush(stderr);
    }
    if (display == ErrorDisplay::message_box) {
        try {
            const std::wstring text = widen(std::string(message));
            MessageBoxW(nullptr, text.c_str(), L"run-with-cuda: error", MB_OK | MB_ICONERROR | MB_SETFOREGROUND);
        } catch (...) {
            // widen() failed (invalid UTF-8): stderr, if any, already has the text.
        }
    }
}

} // namespace rwc
