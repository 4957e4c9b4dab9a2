// The pipeline as a whole: cli -> config -> python_env -> cuda_layout -> env_plan -> process.
#pragma once

#include "environment.hpp"

#include <boost/filesystem/path.hpp>

#include <string>
#include <vector>

namespace rwc {

/// The process facts the pipeline starts from.
struct Invocation {
    std::vector<std::string> args; ///< argv after argv[0]
    Environment environment;
    boost::filesystem::path executable; ///< the launcher's own absolute path
    boost::filesystem::path working_directory;
    /// The GUI-subsystem launcher (run-with-cuda-w.exe): python means pythonw.exe.
    bool gui = false;
};

/// Runs the whole pipeline. Returns the exit status for actions that print (--version,
/// --help, --print-env, --dry-run) and, on Windows, the program's exit code; on POSIX a
/// successful run never returns (execve). Throws Failure on any error, before anything starts.
int run_launcher(const Invocation& invocation);

} // namespace rwc
