// Opening a file for reading without blocking on a FIFO or a device, and the facts of the
// open file (one fstat of its descriptor): file_open_posix.cpp and file_open_win32.cpp.
#pragma once

#include "expected.hpp"
#include "file_security.hpp"

#include <boost/filesystem/path.hpp>

#include <cstdio>
#include <optional>
#include <string>

namespace rwc {

/// Owner and permission bits of an open file: on POSIX from fstat() of its descriptor
/// (known); on Windows the security facts of its handle (security, read by text_file.hpp
/// when asked for). Neither: nothing is known (config/README.md, "Trust").
struct FileOwnership {
    bool known = false;
    unsigned long uid = 0; ///< st_uid
    unsigned mode = 0;     ///< st_mode & 07777
    std::optional<FileSecurity> security;
};

/// An open regular file.
struct OpenedFile {
    std::FILE* file = nullptr;   ///< never null; owned by the caller (fclose)
    unsigned long long size = 0; ///< st_size when opened
    FileOwnership ownership;
};

/// The Error message of open_regular_file for a FIFO, device, socket or folder.
inline constexpr const char* k_not_regular_file = "not a regular file";

/// Opens p for reading. POSIX: open(O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) so a FIFO
/// cannot block, then fstat() of that descriptor. Windows: _wfopen, then _fstat64 of its
/// descriptor. An Error with the OS's text (strerror of errno) when it cannot be opened,
/// k_not_regular_file (the file closed again) when it is anything but a regular file.
Expected<OpenedFile> open_regular_file(const boost::filesystem::path& p);

/// The uid the launcher runs as (geteuid()); 0 on Windows.
unsigned long current_user_id();

} // namespace rwc
