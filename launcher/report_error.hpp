// Showing an error to the user: the one platform function main.cpp's catch blocks call
// (docs/design.md, "Command line": one line, "run-with-cuda: error: ...";
// the GUI variant shows it in a message box). report_error_posix.cpp and
// report_error_win32.cpp implement it, chosen by CMake.
#pragma once

#include <string_view>

namespace rwc {

/// Where an error goes: the standard error stream only, or also a message box.
enum class ErrorDisplay {
    console,    ///< stderr only (run-with-cuda, run-with-cuda.exe)
    message_box ///< run-with-cuda-w.exe: a MessageBoxW, and stderr when it is open
};

/// Writes "run-with-cuda: error: MESSAGE" and a newline to stderr; with
/// ErrorDisplay::message_box on Windows, also shows MESSAGE in a modal MessageBoxW with
/// MB_ICONERROR (MSDN, "MessageBoxW"), since a GUI-subsystem process usually has no
/// console to print to. Never throws.
void report_error(std::string_view message, ErrorDisplay display) noexcept;

} // namespace rwc
