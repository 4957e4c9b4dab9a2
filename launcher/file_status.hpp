// Non-throwing file-type questions about a path, following symlinks (stat()). Any error
// (missing, no permission, a loop) answers false: the callers treat "cannot tell" as "not there".
#pragma once

#include <boost/filesystem/path.hpp>

namespace rwc {

/// True when p is a regular file (not a folder, FIFO or device).
bool is_file(const boost::filesystem::path& p) noexcept;

/// True when p is a folder.
bool is_folder(const boost::filesystem::path& p) noexcept;

/// True when something exists at p (any type).
bool path_exists(const boost::filesystem::path& p) noexcept;

} // namespace rwc
