// Starting the program: the last step of the pipeline. One header; process_posix.cpp
// (execve) and process_win32.cpp (CreateProcessW in a job object) implement it.
#pragma once

#include "environment.hpp"

#include <boost/filesystem/path.hpp>

#include <string>
#include <vector>

namespace rwc {

/// A fully resolved launch: the program file, its argv (argv[0] first) and environment.
struct Launch {
    boost::filesystem::path program;           ///< the absolute path of the file to execute
    std::vector<std::string> argv;             ///< argv[0] and the arguments, byte for byte
    Environment environment;                   ///< the complete new environment
    boost::filesystem::path working_directory; ///< empty: keep the current one
};

/// Replaces the launcher with the program (POSIX execve; a script without "#!" runs under
/// /bin/sh, as execvp does), or on Windows runs it in a kill-on-close job object and
/// returns its exit code. Returns only on Windows; throws Failure (126 or 127, naming the
/// failing call and the OS's text) when the program cannot be started. POSIX: before
/// execve(), an environment variable or argument over Linux's MAX_ARG_STRLEN (128 KiB), or
/// a total over ARG_MAX, is exit 126 naming the variable and its size.
int start_program(const Launch& launch);

} // namespace rwc
