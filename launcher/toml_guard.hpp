// A linear pre-scan of TOML text before toml++ 3.3 parses it, for two inputs toml++ does
// not survive: nesting so deep that its recursion (update_region_ends) overflows the
// stack, and non-ASCII bytes outside strings (undefined behaviour in 3.3's bare-key path;
// TOML 1.0 allows them only in strings and comments, so rejecting them is the spec's rule).
#pragma once

#include <string>
#include <string_view>

namespace rwc {

/// The deepest nesting a config may have: table-header segments, dotted-key segments,
/// inline tables and arrays, counted together along one path.
constexpr unsigned k_max_toml_depth = 64;

/// Scans text (already valid UTF-8) outside strings and comments; throws Failure (exit 2,
/// "FILE:LINE:COL: message", column in characters) at the first place nesting exceeds
/// k_max_toml_depth or a non-ASCII character appears. Anything else is left to toml++.
void check_toml_shape(std::string_view text, const std::string& file);

} // namespace rwc
