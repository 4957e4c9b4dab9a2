// UTF-8 <-> UTF-16 for the Windows build: the launcher keeps UTF-8 strings everywhere and
// converts at the edge, where it calls a wide (W) API (wide APIs everywhere: docs/design.md, "Windows process model").
// Windows only; the portable command-line rules are in command_line_win32.hpp.
#pragma once

#include <string>
#include <string_view>

namespace rwc {

/// Converts UTF-8 text to UTF-16 (MultiByteToWideChar, CP_UTF8). Invalid UTF-8 sequences
/// become U+FFFD, as the OS does; never throws for bad input.
std::wstring widen(std::string_view utf8);

/// Converts UTF-16 text to UTF-8 (WideCharToMultiByte, CP_UTF8). Unpaired surrogates, which
/// Windows allows in names and command lines, become U+FFFD; never throws for bad input.
std::string narrow(std::wstring_view utf16);

/// The OS's text for a Win32 error code (FormatMessageW, system table, no inserts), as one
/// UTF-8 line without a trailing period or newline; "error N" when the OS has none.
std::string windows_error_text(unsigned long code);

} // namespace rwc
