// Running a helper program for its output, with a timeout: the interpreter query
// (python_query.hpp) and --doctor's probes (ldconfig -p, ptxas/nvcc --version). Boost.Process
// (docs/design.md, "Dependencies and build").
#pragma once

#include "expected.hpp"

#include <boost/filesystem/path.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace rwc {

/// Runs program (an absolute path, no shell, no PATH search) with args, stdin and stderr
/// closed, and returns its whole stdout. An Error when it cannot start (the OS's text), exits
/// with a non-zero status ("exited with status 1"), or outlives timeout ("timed out after
/// 2000 ms"; it is then killed).
Expected<std::string> run_for_output(const boost::filesystem::path& program, const std::vector<std::string>& args,
                                     std::chrono::milliseconds timeout);

} // namespace rwc
