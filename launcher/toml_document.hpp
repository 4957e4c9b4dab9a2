// Parsing a TOML document with the launcher's error rules (shared by config discovery,
// which must check a pyproject.toml for [tool.run-with-cuda], and config validation).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace rwc {

/// Parses text (the bytes of file) as TOML 1.0. Throws Failure (exit 2) with
/// "FILE:LINE:COL: message" on one line for bytes that are not UTF-8 (the position of the
/// first bad byte, column in characters) and for every toml++ parse error (a syntax error,
/// a duplicate key, ...).
toml::table parse_toml_document(std::string_view text, const std::string& file);

} // namespace rwc
