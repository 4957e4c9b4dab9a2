#include "toml_text.hpp"

#include "utf8.hpp"

#include <fmt/core.h>

namespace rwc {

std::optional<std::string> toml_string(const std::string& s)
{
    if (!is_valid_utf8(s)) {
        return std::nullopt;
    }
    std::string out = "\"";
    for (const char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (byte < 0x20 || byte == 0x7f) {
            out += fmt::format("\\u{:04x}", byte);
        } else {
            out.push_back(c);
        }
    }
    return out + "\"";
}

} // namespace rwc
