// The one error type of the launcher: lower layers throw it, main() catches it once,
// prints "run-with-cuda: error: MESSAGE" and exits with its status (docs/design.md, "Command line").
#pragma once

#include <stdexcept>
#include <string>

namespace rwc {

/// Exit statuses of the launcher itself; any other status is the program's own.
enum ExitStatus : int {
    k_exit_failure = 1,          ///< a system call failed (the message names it)
    k_exit_usage = 2,            ///< bad command line or config file
    k_exit_cannot_execute = 126, ///< the program exists but cannot be executed
    k_exit_not_found = 127,      ///< the program or interpreter does not exist
};

/// An error that stops the launcher before anything is started. what() is one line
/// without the "run-with-cuda: error: " prefix; exit_status() is one of ExitStatus.
class Failure : public std::runtime_error {
  public:
    Failure(int exit_status, const std::string& message) : std::runtime_error(message), m_exit_status(exit_status) {}
    int exit_status() const noexcept { return m_exit_status; }

  private:
    int m_exit_status;
};

/// A place in a config file, 1-based line and column (as toml++ reports them).
struct SourcePos {
    std::string file;
    unsigned line = 0;
    unsigned column = 0;
};

/// Formats "FILE:LINE:COL: message" for a config error.
std::string located_message(const SourcePos& pos, const std::string& message);

/// A config error at pos: exit status 2, message "FILE:LINE:COL: message".
[[noreturn]] void throw_config_error(const SourcePos& pos, const std::string& message);

} // namespace rwc
