// UTF-8 validity (RFC 3629), shared by the config reader and --init's writer.
#pragma once

#include <cstddef>
#include <string_view>

namespace rwc {

/// The length (1 to 4) of the valid UTF-8 sequence at text[i], or 0 when it is invalid
/// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). i < text.size().
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

/// True when all of text is valid UTF-8.
bool is_valid_utf8(std::string_view text);

} // namespace rwc
