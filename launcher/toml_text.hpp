// Writing TOML text: the strings of the configs that --init, --install-shim and
// --make-launcher write (TOML 1.0, "String").
#pragma once

#include <optional>
#include <string>

namespace rwc {

/// A TOML basic string: s in double quotes, '"' and '\' escaped, control characters as
/// \uXXXX (TOML 1.0, "String"); nullopt when s is not UTF-8 (TOML cannot hold such bytes).
std::optional<std::string> toml_string(const std::string& s);

} // namespace rwc
