// Facts about the running process that only the OS can tell. One header; host_posix.cpp
// and host_win32.cpp implement it, chosen by CMake.
#pragma once

#include "environment.hpp"

#include <boost/filesystem/path.hpp>

#include <string>
#include <vector>

namespace rwc {

/// The current process environment (environ / GetEnvironmentStringsW as UTF-8).
Environment process_environment();

/// The absolute path of the running executable (/proc/self/exe on Linux,
/// GetModuleFileNameW on Windows). Throws Failure (exit 1) naming the call on error.
boost::filesystem::path current_executable();

/// The command-line arguments after argv[0], as UTF-8 (on Windows, from
/// CommandLineToArgvW(GetCommandLineW()); on POSIX, argv itself).
std::vector<std::string> command_line_arguments(int argc, char** argv);

/// True when p is a regular file that the caller may execute (access(X_OK) on POSIX;
/// existence on Windows, where execution is decided by the file's extension).
bool is_executable_file(const boost::filesystem::path& p);

} // namespace rwc
