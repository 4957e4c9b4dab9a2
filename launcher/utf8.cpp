#include "utf8.hpp"

namespace rwc {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    std::size_t length = b0 < 0x80                    ? 1
                         : (b0 >= 0xc2 && b0 <= 0xdf) ? 2
                         : (b0 & 0xf0) == 0xe0        ? 3
                         : (b0 >= 0xf0 && b0 <= 0xf4) ? 4
                                                      : 0;
    if (length == 0 || i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80) {
            return 0;
        }
    }
    const unsigned char b1 = length > 1 ? byte(i + 1) : 0;
    if ((b0 == 0xe0 && b1 < 0xa0) || (b0 == 0xed && b1 >= 0xa0) || (b0 == 0xf0 && b1 < 0x90) ||
        (b0 == 0xf4 && b1 >= 0x90)) {
        return 0;
    }
    return length;
}

bool is_valid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

} // namespace rwc
