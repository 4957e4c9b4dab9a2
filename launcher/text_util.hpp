// Small string helpers shared by the parsers (pyvenv.cfg, METADATA, RECORD, requirement
// specifiers) and the name rules (python.exe, MyApp.exe). ASCII only: every name these
// compare is ASCII by the rules that define it (PEP 503 names, Windows' ".exe").
#pragma once

#include <string>
#include <string_view>

namespace rwc {

/// True when s begins with prefix (C++20's starts_with).
inline bool starts_with(std::string_view s, std::string_view prefix) noexcept
{
    return s.substr(0, prefix.size()) == prefix;
}

/// True when s ends with suffix, ASCII case-insensitively (".EXE" ends with ".exe").
bool ends_with_icase(std::string_view s, std::string_view suffix) noexcept;

/// True when a and b are equal but for the case of ASCII letters ("Name" and "name").
bool iequals(std::string_view a, std::string_view b) noexcept;

/// s with ASCII letters in lower case; other bytes unchanged.
std::string ascii_lower(std::string_view s);

/// s without leading and trailing spaces, tabs, '\r' and '\n'.
std::string_view trim(std::string_view s) noexcept;

/// name without a final ".exe" in any case ("MyApp.EXE" -> "MyApp"); a name that is only
/// ".exe" is kept whole.
std::string_view without_exe_suffix(std::string_view name) noexcept;

} // namespace rwc
