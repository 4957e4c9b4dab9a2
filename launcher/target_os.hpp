// The operating system whose rules apply. Every pure step of the pipeline takes it as a
// value, so the Windows rules are unit-tested on Linux too (docs/design.md, "The pipeline").
#pragma once

#include <string_view>

namespace rwc {

/// The OS whose loader, path-list and directory rules are applied.
enum class TargetOs { linux, windows };

/// The OS this binary was built for.
#ifdef _WIN32
inline constexpr TargetOs k_host_os = TargetOs::windows;
#else
inline constexpr TargetOs k_host_os = TargetOs::linux;
#endif

/// The separator of a path-list variable: ':' on Linux, ';' on Windows.
constexpr char path_list_separator(TargetOs os)
{
    return os == TargetOs::windows ? ';' : ':';
}

/// The variable the dynamic loader searches: LD_LIBRARY_PATH (ld.so) or PATH (LoadLibrary),
/// docs/design.md, "Who reads which variable".
constexpr std::string_view loader_path_variable(TargetOs os)
{
    return os == TargetOs::windows ? "PATH" : "LD_LIBRARY_PATH";
}

/// True when s holds a path separator of os: '/' anywhere, and '\\' on Windows. A command
/// with one is a path, not a name to search on PATH (POSIX execvp; CreateProcess).
constexpr bool has_path_separator(std::string_view s, TargetOs os)
{
    return s.find('/') != std::string_view::npos || (os == TargetOs::windows && s.find('\\') != std::string_view::npos);
}

/// The suffix of an executable file: ".exe" on Windows, "" on Linux.
constexpr std::string_view executable_suffix(TargetOs os)
{
    return os == TargetOs::windows ? ".exe" : "";
}

} // namespace rwc
