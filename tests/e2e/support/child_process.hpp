// Running a program the way a shell would (fork + execve with a given environment) and
// capturing its stdout, stderr and raw wait status, for the end-to-end tests.
#pragma once

#include <boost/filesystem/path.hpp>

#include <string>
#include <sys/types.h>
#include <vector>

namespace rwc::e2e {

/// What to start: argv[0] is the program's path (used for execve as given), env is the
/// complete environment as "NAME=value" strings, cwd empty = the test's own.
struct ProcessSpec {
    std::vector<std::string> argv;
    std::vector<std::string> env;
    boost::filesystem::path cwd;
};

/// How a finished child ended and what it wrote.
struct ProcessResult {
    int wait_status = 0;    ///< the raw status from waitpid()
    std::string out;        ///< everything written to stdout
    std::string err;        ///< everything written to stderr
    double cpu_seconds = 0; ///< user + system CPU time of the child and the children it reaped (wait4)

    /// True when the child called exit() with code.
    bool exited_with(int code) const;
    /// True when the child was killed by signal.
    bool killed_by(int signal) const;
    /// "exit 3" / "signal 15" and both streams, for assertion messages.
    std::string describe() const;
};

/// A started child whose stdout and stderr are pipes; the destructor kills and reaps it
/// if wait() was not called.
class RunningProcess {
  public:
    /// Forks and execs spec; stdin is /dev/null. An execve failure in the child shows as
    /// exit status 250 with the reason on stderr.
    explicit RunningProcess(const ProcessSpec& spec);
    ~RunningProcess();
    RunningProcess(const RunningProcess&) = delete;
    RunningProcess& operator=(const RunningProcess&) = delete;

    pid_t pid() const noexcept { return m_pid; }

    /// Reads stdout up to and including the next '\n' (waiting at most timeout_ms);
    /// returns the line without '\n', or "" on end of file or timeout.
    std::string read_stdout_line(int timeout_ms);

    /// Sends signal to the child.
    void send_signal(int signal);

    /// Reads both pipes to end of file, reaps the child, and returns the whole result
    /// (stdout includes what read_stdout_line() already consumed).
    ProcessResult wait();

  private:
    void pump(int timeout_ms);

    pid_t m_pid = -1;
    int m_out_fd = -1;
    int m_err_fd = -1;
    std::string m_out;
    std::string m_err;
    std::size_t m_out_consumed = 0;
    bool m_reaped = false;
};

/// Runs spec to completion and returns its result.
ProcessResult run_process(const ProcessSpec& spec);

} // namespace rwc::e2e
