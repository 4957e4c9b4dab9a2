#include "text_util.hpp"

namespace rwc {

namespace {

char lower_char(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

bool ends_with_icase(std::string_view s, std::string_view suffix) noexcept
{
    if (s.size() < suffix.size()) {
        return false;
    }
    const std::string_view tail = s.substr(s.size() - suffix.size());
    for (std::size_t i = 0; i < tail.size(); ++i) {
        if (lower_char(tail[i]) != lower_char(suffix[i])) {
            return false;
        }
    }
    return true;
}

bool iequals(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && ends_with_icase(a, b);
}

std::string ascii_lower(std::string_view s)
{
    std::string out(s);
    for (auto& c : out) {
        c = lower_char(c);
    }
    return out;
}

std::string_view trim(std::string_view s) noexcept
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string_view without_exe_suffix(std::string_view name) noexcept
{
    return name.size() > 4 && ends_with_icase(name, ".exe") ? name.substr(0, name.size() - 4) : name;
}

} // namespace rwc
