// process.hpp for POSIX: replace the launcher with the program (execve), so the exit status
// and signals the caller sees are exactly the program's (docs/design.md, "Command line").
#include "error.hpp"
#include "process.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace rwc {

namespace {

std::vector<char*> c_strings(std::vector<std::string>& strings)
{
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (auto& s : strings) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

/// Linux's limit on one argv or environment string, NUL included: MAX_ARG_STRLEN, 32
/// pages of 4 KiB (include/uapi/linux/binfmts.h); execve() fails with E2BIG above it.
constexpr std::size_t k_max_arg_strlen = std::size_t{32} * 4096;

/// Throws Failure (exit 126) naming the string execve() would refuse with E2BIG: one longer
/// than MAX_ARG_STRLEN, or all of them (with their pointers) above sysconf(_SC_ARG_MAX).
void check_exec_size(const std::vector<std::string>& args, const Environment& environment)
{
    std::size_t total = 0;
    std::size_t largest = 0;
    std::string largest_name;
    for (const auto& arg : args) {
        if (arg.size() + 1 > k_max_arg_strlen) {
            throw Failure(k_exit_cannot_execute,
                          fmt::format("an argument of {} bytes is longer than the {} bytes execve() accepts "
                                      "(MAX_ARG_STRLEN)",
                                      arg.size() + 1, k_max_arg_strlen));
        }
        total += arg.size() + 1 + sizeof(char*);
    }
    for (const auto& [name, value] : environment.entries()) {
        const std::size_t size = name.size() + 1 + value.size() + 1;
        if (size > k_max_arg_strlen) {
            throw Failure(k_exit_cannot_execute,
                          fmt::format("the environment variable {} is {} bytes, more than the {} bytes execve() "
                                      "accepts for one string (MAX_ARG_STRLEN); shorten it",
                                      name, size, k_max_arg_strlen));
        }
        if (size > largest) {
            largest = size;
            largest_name = name;
        }
        total += size + sizeof(char*);
    }
    const long arg_max = ::sysconf(_SC_ARG_MAX);
    if (arg_max > 0 && total > static_cast<std::size_t>(arg_max)) {
        throw Failure(k_exit_cannot_execute,
                      fmt::format("the arguments and environment are {} bytes, more than the {} bytes execve() "
                                  "accepts (ARG_MAX); the largest variable is {} ({} bytes)",
                                  total, arg_max, largest_name, largest));
    }
}

} // namespace

int start_program(const Launch& launch)
{
    if (!launch.working_directory.empty() && ::chdir(launch.working_directory.c_str()) != 0) {
        throw Failure(k_exit_failure,
                      fmt::format("chdir({}): {}", launch.working_directory.string(), std::strerror(errno)));
    }
    check_exec_size(launch.argv, launch.environment);
    std::vector<std::string> args = launch.argv;
    std::vector<std::string> env = launch.environment.to_strings();
    auto argv = c_strings(args);
    auto envp = c_strings(env);
    ::execve(launch.program.c_str(), argv.data(), envp.data());
    int error = errno;
    if (error == ENOEXEC) {
        // A script without "#!": run it with /bin/sh, as execvp() does (POSIX exec, RATIONALE).
        std::vector<std::string> sh_args{"/bin/sh", launch.program.string()};
        sh_args.insert(sh_args.end(), launch.argv.begin() + 1, launch.argv.end());
        auto sh_argv = c_strings(sh_args);
        ::execve("/bin/sh", sh_argv.data(), envp.data());
        error = errno;
    }
    throw Failure(error == ENOENT ? k_exit_not_found : k_exit_cannot_execute,
                  fmt::format("execve({}): {}", launch.program.string(), std::strerror(error)));
}

} // namespace rwc
