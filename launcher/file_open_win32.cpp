// file_open.hpp for Windows: _wfopen (any Unicode name), then _fstat64 of its descriptor.
// The owner is read later, only for a config, on the same handle (file_security_win32.cpp).
#include "file_open.hpp"

#include <cerrno>
#include <cstring>
#include <io.h>
#include <sys/stat.h>
#include <sys/types.h>

namespace rwc {

Expected<OpenedFile> open_regular_file(const boost::filesystem::path& p)
{
    errno = 0;
    std::FILE* file = ::_wfopen(p.c_str(), L"rb");
    if (!file) {
        return Error{errno ? std::strerror(errno) : "cannot open"};
    }
    struct _stat64 st {};
    if (::_fstat64(::_fileno(file), &st) != 0) {
        Error error{std::strerror(errno)};
        std::fclose(file);
        return error;
    }
    if ((st.st_mode & _S_IFMT) != _S_IFREG) {
        std::fclose(file);
        return Error{k_not_regular_file};
    }
    OpenedFile out;
    out.size = static_cast<unsigned long long>(st.st_size);
    out.file = file;
    return out;
}

unsigned long current_user_id()
{
    return 0;
}

} // namespace rwc
