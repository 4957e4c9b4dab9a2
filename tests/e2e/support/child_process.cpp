// fork + execve with pipes; see child_process.hpp.
#include "child_process.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rwc::e2e {

namespace {

/// Throws std::runtime_error naming call and errno's text.
[[noreturn]] void throw_errno(const char* call)
{
    throw std::runtime_error(std::string(call) + ": " + std::strerror(errno));
}

/// Writes text to fd, ignoring errors (used in the forked child only).
void write_all(int fd, const std::string& text)
{
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n <= 0) {
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

/// Pointers to the strings' bytes with a terminating nullptr, for execve().
std::vector<char*> c_strings(const std::vector<std::string>& strings)
{
    std::vector<char*> result;
    result.reserve(strings.size() + 1);
    for (const std::string& s : strings) {
        result.push_back(const_cast<char*>(s.c_str()));
    }
    result.push_back(nullptr);
    return result;
}

} // namespace

bool ProcessResult::exited_with(int code) const
{
    return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == code;
}

bool ProcessResult::killed_by(int signal) const
{
    return WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == signal;
}

std::string ProcessResult::describe() const
{
    std::string how;
    if (WIFEXITED(wait_status)) {
        how = "exit " + std::to_string(WEXITSTATUS(wait_status));
    } else if (WIFSIGNALED(wait_status)) {
        how = "signal " + std::to_string(WTERMSIG(wait_status));
    } else {
        how = "wait status " + std::to_string(wait_status);
    }
    return how + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
}

RunningProcess::RunningProcess(const ProcessSpec& spec)
{
    if (spec.argv.empty()) {
        throw std::invalid_argument("ProcessSpec.argv is empty");
    }
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw_errno("pipe2");
    }
    std::vector<char*> argv = c_strings(spec.argv);
    std::vector<char*> envp = c_strings(spec.env);
    const std::string cwd = spec.cwd.string();
    const std::string exec_failure = "rwc-e2e: cannot execve " + spec.argv[0] + ": ";

    m_pid = ::fork();
    if (m_pid < 0) {
        throw_errno("fork");
    }
    if (m_pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        int null_fd = ::open("/dev/null", O_RDONLY);
        ::dup2(null_fd, 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
            write_all(2, "rwc-e2e: cannot chdir to " + cwd + "\n");
            ::_exit(250);
        }
        ::execve(argv[0], argv.data(), envp.data());
        write_all(2, exec_failure + std::strerror(errno) + "\n");
        ::_exit(250);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    m_out_fd = out_pipe[0];
    m_err_fd = err_pipe[0];
}

RunningProcess::~RunningProcess()
{
    if (!m_reaped && m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    if (m_out_fd >= 0) {
        ::close(m_out_fd);
    }
    if (m_err_fd >= 0) {
        ::close(m_err_fd);
    }
}

void RunningProcess::pump(int timeout_ms)
{
    pollfd fds[2] = {{m_out_fd, POLLIN, 0}, {m_err_fd, POLLIN, 0}};
    int ready = ::poll(fds, 2, timeout_ms);
    if (ready < 0 && errno != EINTR) {
        throw_errno("poll");
    }
    int* fd_of[2] = {&m_out_fd, &m_err_fd};
    std::string* sink_of[2] = {&m_out, &m_err};
    for (int i = 0; i < 2; ++i) {
        if (*fd_of[i] < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
            continue;
        }
        char buffer[65536];
        ssize_t n = ::read(*fd_of[i], buffer, sizeof buffer);
        if (n > 0) {
            sink_of[i]->append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            ::close(*fd_of[i]);
            *fd_of[i] = -1;
        }
    }
}

std::string RunningProcess::read_stdout_line(int timeout_ms)
{
    const int step_ms = 20;
    for (int waited = 0; waited <= timeout_ms; waited += step_ms) {
        std::size_t newline = m_out.find('\n', m_out_consumed);
        if (newline != std::string::npos) {
            std::string line = m_out.substr(m_out_consumed, newline - m_out_consumed);
            m_out_consumed = newline + 1;
            return line;
        }
        if (m_out_fd < 0) {
            return "";
        }
        pump(step_ms);
    }
    return "";
}

void RunningProcess::send_signal(int signal)
{
    if (::kill(m_pid, signal) != 0) {
        throw_errno("kill");
    }
}

ProcessResult RunningProcess::wait()
{
    while (m_out_fd >= 0 || m_err_fd >= 0) {
        pump(-1);
    }
    ProcessResult result;
    struct rusage usage {};
    while (::wait4(m_pid, &result.wait_status, 0, &usage) < 0) {
        if (errno != EINTR) {
            throw_errno("wait4");
        }
    }
    result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    m_reaped = true;
    result.out = m_out;
    result.err = m_err;
    return result;
}

ProcessResult run_process(const ProcessSpec& spec)
{
    RunningProcess process(spec);
    return process.wait();
}

} // namespace rwc::e2e
