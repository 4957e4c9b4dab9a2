#include "path_list.hpp"

#include <algorithm>
#include <unordered_set>

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

/// Elements in order without repeats: a hash set of keys keeps this linear (a PATH of
/// thousands of elements, a layout of 1,400 package folders).
class UniqueList {
  public:
    explicit UniqueList(TargetOs os) : m_os(os) {}
    bool contains(std::string_view e) const { return m_keys.count(path_element_key(e, m_os)) != 0; }
    void add(std::string e)
    {
        if (m_keys.insert(path_element_key(e, m_os)).second) {
            m_elements.push_back(std::move(e));
        }
    }
    std::vector<std::string>& elements() { return m_elements; }

  private:
    TargetOs m_os;
    std::unordered_set<std::string> m_keys;
    std::vector<std::string> m_elements;
};

} // namespace

std::string path_element_key(std::string_view element, TargetOs os)
{
    if (os != TargetOs::windows) {
        return std::string(element);
    }
    std::string out(strip_trailing_separator(element));
    std::transform(out.begin(), out.end(), out.begin(), windows_fold);
    return out;
}

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
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return windows_fold(x) == windows_fold(y); });
}

std::string prepend_path_list(std::string_view list, const std::vector<std::string>& added, TargetOs os)
{
    UniqueList front(os);
    for (const auto& e : added) {
        if (!e.empty()) {
            front.add(e);
        }
    }
    for (auto& e : split_path_list(list, os)) {
        front.add(std::move(e));
    }
    return join_path_list(front.elements(), os);
}

std::string append_path_list(std::string_view list, const std::vector<std::string>& added, TargetOs os)
{
    // Existing repeats stay as they are; only added elements are checked against the list.
    auto elements = split_path_list(list, os);
    std::unordered_set<std::string> keys;
    for (const auto& e : elements) {
        keys.insert(path_element_key(e, os));
    }
    for (const auto& e : added) {
        if (!e.empty() && keys.insert(path_element_key(e, os)).second) {
            elements.push_back(e);
        }
    }
    return join_path_list(elements, os);
}

} // namespace rwc
