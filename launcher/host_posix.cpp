// host.hpp for POSIX (Linux).
#include "error.hpp"
#include "host.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

extern char** environ; // NOLINT: POSIX

namespace rwc {

Environment process_environment()
{
    std::vector<std::string> entries;
    std::size_t count = 0;
    for (char** e = environ; e && *e; ++e) {
        ++count;
    }
    entries.reserve(count);
    for (char** e = environ; e && *e; ++e) {
        entries.emplace_back(*e);
    }
    return Environment::from_strings(entries, TargetOs::linux);
}

boost::filesystem::path current_executable()
{
    std::string buffer(4096, '\0');
    const ssize_t n = readlink("/proc/self/exe", buffer.data(), buffer.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= buffer.size()) {
        throw Failure(k_exit_failure, fmt::format("readlink(/proc/self/exe): {}", std::strerror(errno)));
    }
    buffer.resize(static_cast<std::size_t>(n));
    return buffer;
}

std::vector<std::string> command_line_arguments(int argc, char** argv)
{
    return std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc);
}

bool is_executable_file(const boost::filesystem::path& p)
{
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

} // namespace rwc
