// Reading a whole small text file (configs, pyvenv.cfg, METADATA).
#pragma once

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>

namespace rwc {

/// The bytes of file p, or nullopt when it cannot be opened or read; error (when given)
/// receives the OS's text (strerror of errno).
std::optional<std::string> read_text_file(const boost::filesystem::path& p, std::string* error = nullptr);

} // namespace rwc
