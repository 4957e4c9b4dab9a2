// Reading a whole small text file (configs, pyvenv.cfg, METADATA, RECORD): regular files
// only, never more than a size limit, never blocking on a FIFO (file_open.hpp).
#pragma once

#include "expected.hpp"
#include "file_open.hpp"

#include <boost/filesystem/path.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rwc {

/// The default size limit of read_text_file: 16 MiB (a RECORD of the largest wheels is a
/// few MiB; a config or pyvenv.cfg is a few KiB).
constexpr std::size_t k_max_text_file = std::size_t{16} << 20;

/// Why a read failed.
enum class ReadFailure { none, cannot_open, not_regular, too_large, read_error };

/// The facts of one read: why it failed, and the open file's owner (for the trust rule;
/// on Windows its security facts, read from the open handle: file_security.hpp).
struct ReadFacts {
    ReadFailure failure = ReadFailure::none;
    FileOwnership ownership;
};

/// The bytes of file p, or an Error when it cannot be opened or read (the OS's text,
/// strerror of errno), is not a regular file (a FIFO, a device: "not a regular file"), or
/// holds more than max_bytes ("larger than N bytes"); facts (when given) receives the failure
/// kind and the owner from fstat() of the open descriptor (Windows: read_file_security of
/// the open handle).
Expected<std::string> read_text_file(const boost::filesystem::path& p, std::size_t max_bytes = k_max_text_file,
                                     ReadFacts* facts = nullptr);

/// The first bytes of regular file p: reading stops once stop_marker (e.g. "\n\n", the end
/// of METADATA's headers) has been read or max_bytes are in; an Error as read_text_file's
/// when it cannot be read or is not a regular file.
Expected<std::string> read_text_file_head(const boost::filesystem::path& p, std::string_view stop_marker,
                                          std::size_t max_bytes);

/// Writes text to a NEW file p ("wx": fails when p exists, as O_EXCL does; where the C
/// library has no "x", an existence check first). An Error with the OS's text on failure,
/// exit status k_exit_usage when p exists, k_exit_failure otherwise.
Status write_new_text_file(const boost::filesystem::path& p, const std::string& text);

} // namespace rwc
