#include "path_list.hpp"

#include <algorithm>

namespace rwc {

namespace {

/// Lower-cases ASCII and maps '/' to '\' for Windows path comparison.
char windows_fold(char c)
{
    if (c == '/') {
        return '\\';
    }
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view strip_trailing_separator(std::string_view s)
{
    while (s.size() > 1 && (s.back() == '\\' || s.back() == '/') && s[s.size() - 2] != ':') {
        s.remove_suffix(1);
    }
    return s;
}

bool contains(const std::vector<std::string>& list, std::string_view element, TargetOs os)
{
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& e) { return same_path_element(e, element, os); });
}

} // namespace

std::vector<std::string> split_path_list(std::string_view list, TargetOs os)
{
    std::vector<std::string> out;
    const char sep = path_list_separator(os);
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(sep, start);
        if (end == std::string_view::npos) {
            end = list.size();
        }
        if (end > start) {
            out.emplace_back(list.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

std::string join_path_list(const std::vector<std::string>& elements, TargetOs os)
{
    std::string out;
    for (const auto& e : elements) {
        if (e.empty()) {
            continue;
        }
        if (!out.empty()) {
            out.push_back(path_list_separator(os));
        }
        out += e;
    }
    return out;
}

bool same_path_element(std::string_view a, std::string_view b, TargetOs os)
{
    if (os != TargetOs::windows) {
        return a == b;
    }
    a = strip_trailing_separator(a);
    b = strip_trailing_separator(b);
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return windows_fold(x) == windows_fold(y);
           });
}

std::string prepend_path_list(std::string_view list, const std::vector<std::string>& added, TargetOs os)
{
    std::vector<std::string> front;
    for (const auto& e : added) {
        if (!e.empty() && !contains(front, e, os)) {
            front.push_back(e);
        }
    }
    for (auto& e : split_path_list(list, os)) {
        if (!contains(front, e, os)) {
            front.push_back(std::move(e));
        }
    }
    return join_path_list(front, os);
}

std::string append_path_list(std::string_view list, const std::vector<std::string>& added, TargetOs os)
{
    auto elements = split_path_list(list, os);
    for (const auto& e : added) {
        if (!e.empty() && !contains(elements, e, os)) {
            elements.push_back(e);
        }
    }
    return join_path_list(elements, os);
}

} // namespace rwc
