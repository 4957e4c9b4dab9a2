// process.hpp for POSIX: replace the launcher with the program (execve), so the exit status
// and signals the caller sees are exactly the program's (DESIGN.md, "Command line").
#include "process.hpp"

#include "error.hpp"

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

} // namespace

int start_program(const Launch& launch)
{
    if (!launch.working_directory.empty() && ::chdir(launch.working_directory.c_str()) != 0) {
        throw Failure(k_exit_failure,
                      fmt::format("chdir({}): {}", launch.working_directory.string(), std::strerror(errno)));
    }
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
