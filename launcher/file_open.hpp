// Opening a file for reading without blocking on a FIFO or a device, and the facts of the
// open file (one fstat of its descriptor): file_open_posix.cpp and file_open_win32.cpp.
#pragma once

#include <boost/filesystem/path.hpp>

#include <cstdio>
#include <string>

namespace rwc {

/// Owner and permission bits of an open file, from fstat() of its descriptor. known is
/// false where the platform has no such owner (Windows: see config/README.md, "Trust").
struct FileOwnership {
    bool known = false;
    unsigned long uid = 0; ///< st_uid
    unsigned mode = 0;     ///< st_mode & 07777
};

/// An open regular file, or why there is none.
struct OpenedFile {
    std::FILE* file = nullptr;   ///< owned by the caller (fclose); null on failure
    bool not_regular = false;    ///< the path names a FIFO, device, socket or folder
    unsigned long long size = 0; ///< st_size when opened
    FileOwnership ownership;
    std::string error; ///< the OS's text, or "not a regular file"
};

/// Opens p for reading. POSIX: open(O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) so a FIFO
/// cannot block, then fstat() of that descriptor: anything but a regular file is closed
/// again and reported as not_regular. Windows: _wfopen, then _fstat64 of its descriptor.
OpenedFile open_regular_file(const boost::filesystem::path& p);

/// The uid the launcher runs as (geteuid()); 0 on Windows.
unsigned long current_user_id();

} // namespace rwc
