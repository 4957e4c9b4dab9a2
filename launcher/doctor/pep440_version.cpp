// PEP 440 versions and specifiers, PEP 503 names and PyTorch's "+cuXYZ" tags: the little of
// packaging's rules --doctor needs to compare installed versions with pins and tables.
#include "doctor/pep440_version.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace rwc {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

std::string lower_trim(std::string_view text)
{
    const auto b = text.find_first_not_of(" \t\r\n");
    const auto e = text.find_last_not_of(" \t\r\n");
    std::string out = b == std::string_view::npos ? std::string() : std::string(text.substr(b, e - b + 1));
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// Reads a run of digits at s[i] (at most 9, so it fits a long); -1 when there is none.
long read_number(const std::string& s, std::size_t& i)
{
    const std::size_t start = i;
    long value = 0;
    while (i < s.size() && is_digit(s[i])) {
        if (i - start < 9) {
            value = value * 10 + (s[i] - '0');
        }
        ++i;
    }
    return i == start ? -1 : value;
}

/// Skips one optional separator of PEP 440's normal forms ('.', '-', '_').
void skip_separator(const std::string& s, std::size_t& i)
{
    if (i < s.size() && (s[i] == '.' || s[i] == '-' || s[i] == '_')) {
        ++i;
    }
}

/// Matches one of words at s[i] (after an optional separator); returns its index or -1.
int match_word(const std::string& s, std::size_t& i, std::initializer_list<const char*> words)
{
    std::size_t j = i;
    skip_separator(s, j);
    int index = 0;
    for (const char* word : words) {
        const std::string_view w(word);
        if (s.compare(j, w.size(), w) == 0) {
            i = j + w.size();
            return index;
        }
        ++index;
    }
    return -1;
}

/// PEP 440's sort keys for the pre/post/dev parts.
constexpr long k_lowest = std::numeric_limits<long>::min();
constexpr long k_highest = std::numeric_limits<long>::max();

int compare_long(long a, long b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

/// True when a's release starts with prefix's release (zero-padded), for "==X.Y.*".
bool release_prefix(const PyVersion& a, const PyVersion& prefix)
{
    for (std::size_t i = 0; i < prefix.release.size(); ++i) {
        if ((i < a.release.size() ? a.release[i] : 0) != prefix.release[i]) {
            return false;
        }
    }
    return true;
}

bool clause_met(const PyVersion& v, const std::string& clause)
{
    std::size_t op_end = 0;
    while (op_end < clause.size() && std::string_view("=!<>~").find(clause[op_end]) != std::string_view::npos) {
        ++op_end;
    }
    const std::string op = clause.substr(0, op_end);
    std::string text = clause.substr(op_end);
    if (op == "===") {
        return false; // arbitrary equality compares strings; callers never pin with it
    }
    const bool wildcard = text.size() > 2 && text.compare(text.size() - 2, 2, ".*") == 0;
    if (wildcard) {
        text.resize(text.size() - 2);
    }
    const PyVersion want = parse_version(text);
    if (!want.valid() || !v.valid()) {
        return false;
    }
    const int c = compare_versions(v, want);
    if (op == "==" || op == "!=") {
        bool equal = wildcard ? release_prefix(v, want) : c == 0 && (want.local.empty() || want.local == v.local);
        return op == "==" ? equal : !equal;
    }
    if (op == "~=") {
        if (want.release.size() < 2 || c < 0) {
            return false;
        }
        PyVersion prefix = want;
        prefix.release.pop_back();
        return release_prefix(v, prefix);
    }
    if (op == ">=")
        return c >= 0;
    if (op == "<=")
        return c <= 0;
    if (op == ">")
        return c > 0;
    if (op == "<")
        return c < 0;
    return false;
}

} // namespace

PyVersion parse_version(std::string_view text)
{
    const std::string s = lower_trim(text);
    PyVersion v;
    std::size_t i = s.size() > 0 && s[0] == 'v' ? 1 : 0;
    if (const auto bang = s.find('!'); bang != std::string::npos) {
        i = bang + 1; // an epoch: rare, and ignored
    }
    const long first = read_number(s, i);
    if (first < 0) {
        return v;
    }
    v.release.push_back(first);
    while (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
        ++i;
        v.release.push_back(read_number(s, i));
    }
    if (const int kind = match_word(s, i, {"alpha", "beta", "preview", "pre", "rc", "a", "b", "c"}); kind >= 0) {
        static const int k_kinds[] = {0, 1, 2, 2, 2, 0, 1, 2};
        v.pre_kind = k_kinds[kind];
        skip_separator(s, i);
        v.pre = std::max(0L, read_number(s, i));
    }
    if (match_word(s, i, {"post", "rev", "r"}) >= 0) {
        skip_separator(s, i);
        v.post = std::max(0L, read_number(s, i));
    } else if (i + 1 < s.size() && s[i] == '-' && is_digit(s[i + 1])) {
        ++i;
        v.post = read_number(s, i); // "1.0-1" is 1.0.post1
    }
    if (match_word(s, i, {"dev"}) >= 0) {
        skip_separator(s, i);
        v.dev = std::max(0L, read_number(s, i));
    }
    if (i < s.size() && s[i] == '+') {
        v.local = s.substr(i + 1);
        i = s.size();
    }
    if (i != s.size()) {
        return PyVersion{}; // trailing garbage: not a version
    }
    return v;
}

int compare_versions(const PyVersion& a, const PyVersion& b)
{
    const std::size_t n = std::max(a.release.size(), b.release.size());
    for (std::size_t i = 0; i < n; ++i) {
        const long x = i < a.release.size() ? a.release[i] : 0;
        const long y = i < b.release.size() ? b.release[i] : 0;
        if (x != y) {
            return compare_long(x, y);
        }
    }
    // PEP 440: X.devN < X.aN < X < X.postN; a dev release sorts before the one it leads to.
    const auto pre_key = [](const PyVersion& v) {
        if (v.pre_kind == 3 && v.post < 0 && v.dev >= 0) {
            return std::pair<long, long>{k_lowest, 0};
        }
        return v.pre_kind == 3 ? std::pair<long, long>{k_highest, 0} : std::pair<long, long>{v.pre_kind, v.pre};
    };
    if (const auto pa = pre_key(a), pb = pre_key(b); pa != pb) {
        return pa < pb ? -1 : 1;
    }
    if (const int c = compare_long(a.post < 0 ? k_lowest : a.post, b.post < 0 ? k_lowest : b.post); c != 0) {
        return c;
    }
    return compare_long(a.dev < 0 ? k_highest : a.dev, b.dev < 0 ? k_highest : b.dev);
}

bool version_satisfies(const PyVersion& installed, std::string_view specifiers)
{
    std::string clause;
    for (std::size_t i = 0; i <= specifiers.size(); ++i) {
        if (i == specifiers.size() || specifiers[i] == ',') {
            if (!clause.empty() && !clause_met(installed, clause)) {
                return false;
            }
            clause.clear();
        } else if (!std::isspace(static_cast<unsigned char>(specifiers[i]))) {
            clause.push_back(specifiers[i]);
        }
    }
    return true;
}

std::string normalize_name(std::string_view name)
{
    std::string out;
    for (const char c : name) {
        if (c == '-' || c == '_' || c == '.') {
            if (!out.empty() && out.back() != '-') {
                out.push_back('-');
            }
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

int cuda_major_of_tag(std::string_view text)
{
    if (text.size() < 4 || text.size() > 6 || text.substr(0, 2) != "cu" ||
        !std::all_of(text.begin() + 2, text.end(), is_digit)) {
        return 0;
    }
    const std::string_view digits = text.substr(2);
    // cu124 -> 12, cu118 -> 11, cu100 -> 10; two digits: cu12/cu13 (a major), cu92 -> 9.
    if (digits.size() >= 3 || digits[0] == '1') {
        return (digits[0] - '0') * 10 + (digits[1] - '0');
    }
    return digits[0] - '0';
}

} // namespace rwc
