// Reading a whole small text file (configs, pyvenv.cfg, METADATA).
#pragma once

#include <boost/filesystem/path.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rwc {

/// The bytes of file p, or nullopt when it cannot be opened or read; error (when given)
/// receives the OS's text (strerror of errno). Wide paths on Windows (_wfopen).
std::optional<std::string> read_text_file(const boost::filesystem::path& p, std::string* error = nullptr);

/// The first bytes of file p: reading stops once stop_marker (e.g. "\n\n", the end of
/// METADATA's headers) has been read or max_bytes are in; nullopt when it cannot be read.
std::optional<std::string> read_text_file_head(const boost::filesystem::path& p, std::string_view stop_marker,
                                               std::size_t max_bytes);

/// Writes text to a NEW file p ("wx": fails when p exists, as O_EXCL does; where the C
/// library has no "x", an existence check first). Returns false and sets error to the
/// OS's text on failure.
bool write_new_text_file(const boost::filesystem::path& p, const std::string& text, std::string& error);

} // namespace rwc
