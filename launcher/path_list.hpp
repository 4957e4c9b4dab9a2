// Path-list variables (PATH, LD_LIBRARY_PATH): docs/design.md's rules. No empty element is
// ever produced (an empty element means the current directory to ld.so and to PATH
// search), an element already present moves instead of appearing twice, existing
// elements keep their order, and applying the same change twice changes nothing more.
#pragma once

#include "target_os.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// Splits a path list on the OS's separator, dropping empty elements.
std::vector<std::string> split_path_list(std::string_view list, TargetOs os);

/// Joins elements with the OS's separator; no leading or trailing separator.
std::string join_path_list(const std::vector<std::string>& elements, TargetOs os);

/// True when two elements name the same folder: byte-equal on Linux; on Windows,
/// case-insensitive and ignoring '/' vs '\' and a trailing separator.
bool same_path_element(std::string_view a, std::string_view b, TargetOs os);

/// The comparison key of a path-list element, for hash sets and maps: same_path_element(a, b)
/// exactly when the keys are equal (Linux: the element itself; Windows: lower-cased ASCII, '\'
/// for '/', no trailing separator).
std::string path_element_key(std::string_view element, TargetOs os);

/// Returns list with added in front, in added's order; elements of list equal to one of
/// added are removed from their old place; empty elements of list are dropped.
std::string prepend_path_list(std::string_view list, const std::vector<std::string>& added, TargetOs os);

/// Returns list with added at the end; an element already present stays where it is.
std::string append_path_list(std::string_view list, const std::vector<std::string>& added, TargetOs os);

} // namespace rwc
