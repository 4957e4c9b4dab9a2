// Windows command lines: how a program's C runtime splits one into argv, and how the
// launcher builds its child's (pass the caller's command-line tail through
// unchanged, as uv's trampoline does). Pure and portable, so the rules are unit-tested on
// Linux too; process_win32.cpp and host_win32.cpp use them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// One argument of a Windows command line, and where its text starts in that line.
struct CommandLineArg {
    std::wstring value;     ///< the argument after the quoting rules are applied
    std::size_t offset = 0; ///< the index of its first character in the command line
};

/// Splits a command line (UTF-16) into argv as the Microsoft C runtime does (UCRT
/// argv_parsing.cpp; MSDN "Parsing C command-line arguments"): argv[0] ends at the first
/// space or tab outside quotes, and its quotes only toggle (no escapes); in the others,
/// 2n backslashes + '"' give n backslashes and toggle quoting, 2n+1 backslashes + '"' give
/// n backslashes and a literal '"', '""' inside quotes gives a literal '"', other
/// backslashes are literal. An empty line gives no arguments at all.
std::vector<CommandLineArg> split_command_line(std::wstring_view line);

/// Quotes arg so that split_command_line, CommandLineToArgvW and every MSVCRT version give
/// it back unchanged: as is when non-empty without space, tab, newline, vertical tab or
/// '"'; otherwise in quotes, with '"' escaped and the backslashes before a '"' or the
/// closing quote doubled.
std::wstring quote_argument(std::wstring_view arg);

/// The command line for the child program: program (a path, which cannot contain '"') in
/// quotes, then args. When the caller's command line (GetCommandLineW) ends with exactly
/// these arguments as split_command_line reads them, that tail is copied unchanged, byte
/// for byte (uv's trampoline does the same after argv[0]); otherwise, as for an [app]
/// command from a config, each of args is quoted with quote_argument.
std::wstring child_command_line(std::wstring_view program, std::wstring_view caller_line,
                                const std::vector<std::wstring>& args);

} // namespace rwc
