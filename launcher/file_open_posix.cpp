// file_open.hpp for POSIX.
#include "file_open.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rwc {

Expected<OpenedFile> open_regular_file(const boost::filesystem::path& p)
{
    const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return Error{std::strerror(errno)};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        Error error{std::strerror(errno)};
        ::close(fd);
        return error;
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error{k_not_regular_file};
    }
    OpenedFile out;
    // Back to blocking reads (O_NONBLOCK only kept open() from waiting for a FIFO's writer).
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    out.size = static_cast<unsigned long long>(st.st_size);
    out.ownership = {true, static_cast<unsigned long>(st.st_uid), static_cast<unsigned>(st.st_mode & 07777),
                     std::nullopt};
    out.file = ::fdopen(fd, "rb");
    if (!out.file) {
        Error error{std::strerror(errno)};
        ::close(fd);
        return error;
    }
    return out;
}

unsigned long current_user_id()
{
    return static_cast<unsigned long>(::geteuid());
}

} // namespace rwc
