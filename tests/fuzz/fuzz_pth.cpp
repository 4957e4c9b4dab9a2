// Fuzzes the ._pth reader of the embeddable distribution (launcher/pth_file.cpp): any bytes
// are split into lines, and every kept path line is joined to a folder with both OSes' rules.
// Checks what the reader promises: kept lines are trimmed, comment-free UTF-8 without control
// characters, within the length limit and not UNC paths; line numbers are increasing and
// within the text.
#include "pth_file.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

void check_numbers(const std::vector<std::size_t>& numbers, std::size_t lines)
{
    if (!std::is_sorted(numbers.begin(), numbers.end()) ||
        std::adjacent_find(numbers.begin(), numbers.end()) != numbers.end() ||
        (!numbers.empty() && (numbers.front() == 0 || numbers.back() > lines))) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const rwc::PthLines lines = rwc::parse_pth(text);
    const std::size_t line_count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    check_numbers(lines.unsupported_imports, line_count);
    check_numbers(lines.unusable, line_count);
    for (const auto& entry : lines.entries) {
        const bool bad_char = std::any_of(entry.begin(), entry.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == '\x7f' || c == '#';
        });
        if (entry.empty() || entry.size() > rwc::k_max_pth_entry || bad_char || entry.front() == ' ' ||
            entry.back() == ' ' || !rwc::is_valid_utf8(entry) || entry == "import site" ||
            (entry.size() >= 2 && (entry[0] == '/' || entry[0] == '\\') && (entry[1] == '/' || entry[1] == '\\'))) {
            std::abort();
        }
        for (const auto os : {rwc::TargetOs::linux, rwc::TargetOs::windows}) {
            (void)rwc::resolve_pth_entry("/embeddable/python", entry, os);
        }
    }
    return 0;
}
