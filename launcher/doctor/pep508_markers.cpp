// PEP 508 environment markers: enough to tell which of torch's Requires-Dist lines apply
// on the target ('platform_system == "Linux" and platform_machine == "x86_64"').
#include "doctor/pep508_markers.hpp"

#include "doctor/pep440_version.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

namespace rwc {

namespace {

/// The marker's tokens: names, quoted strings, operators and parentheses.
struct Token {
    enum Kind { name, string, op, open, close, end } kind;
    std::string text;
};

std::vector<Token> tokenize(std::string_view s, bool& ok)
{
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '(' || c == ')') {
            out.push_back({c == '(' ? Token::open : Token::close, std::string(1, c)});
            ++i;
        } else if (c == '"' || c == '\'') {
            const auto close = s.find(c, i + 1);
            if (close == std::string_view::npos) {
                ok = false;
                return out;
            }
            out.push_back({Token::string, std::string(s.substr(i + 1, close - i - 1))});
            i = close + 1;
        } else if (std::string_view("=!<>~").find(c) != std::string_view::npos) {
            std::size_t j = i;
            while (j < s.size() && std::string_view("=!<>~").find(s[j]) != std::string_view::npos) {
                ++j;
            }
            out.push_back({Token::op, std::string(s.substr(i, j - i))});
            i = j;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
            std::size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '.')) {
                ++j;
            }
            out.push_back({Token::name, std::string(s.substr(i, j - i))});
            i = j;
        } else {
            ok = false;
            return out;
        }
    }
    out.push_back({Token::end, ""});
    return out;
}

/// A recursive-descent evaluator over the tokens; any syntax error sets m_ok to false.
class MarkerParser {
  public:
    MarkerParser(std::vector<Token> tokens, const std::map<std::string, std::string>& env)
        : m_tokens(std::move(tokens)), m_env(env)
    {
    }

    bool evaluate(bool& ok)
    {
        const bool value = parse_or();
        ok = m_ok && peek().kind == Token::end;
        return value;
    }

  private:
    const Token& peek() const { return m_tokens[std::min(m_pos, m_tokens.size() - 1)]; }
    Token next() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }
    bool keyword(const char* word) const { return peek().kind == Token::name && peek().text == word; }

    bool parse_or()
    {
        bool value = parse_and();
        while (m_ok && keyword("or")) {
            next();
            value = parse_and() || value;
        }
        return value;
    }

    bool parse_and()
    {
        bool value = parse_atom();
        while (m_ok && keyword("and")) {
            next();
            value = parse_atom() && value;
        }
        return value;
    }

    bool parse_atom()
    {
        if (peek().kind == Token::open) {
            // Parentheses nest by recursion: a bound keeps a hostile Requires-Dist line (20,000
            // '(') from overflowing the stack. Real markers nest two or three levels.
            if (++m_depth > k_max_depth) {
                m_ok = false;
                return false;
            }
            next();
            const bool value = parse_or();
            m_ok = m_ok && next().kind == Token::close;
            --m_depth;
            return value;
        }
        const auto lhs = value();
        std::string op;
        if (peek().kind == Token::op) {
            op = next().text;
        } else if (keyword("in")) {
            next();
            op = "in";
        } else if (keyword("not")) {
            next();
            m_ok = m_ok && keyword("in");
            next();
            op = "not in";
        } else {
            m_ok = false;
        }
        const auto rhs = value();
        return m_ok && lhs && rhs && compare(*lhs, op, *rhs);
    }

    /// A quoted string, or a variable's value (nullopt when the environment lacks it).
    std::optional<std::string> value()
    {
        const Token t = next();
        if (t.kind == Token::string) {
            return t.text;
        }
        if (t.kind != Token::name) {
            m_ok = false;
            return std::nullopt;
        }
        const auto it = m_env.find(t.text);
        return it == m_env.end() || it->second.empty() ? std::nullopt : std::optional<std::string>(it->second);
    }

    static bool compare(const std::string& lhs, const std::string& op, const std::string& rhs)
    {
        if (op == "in")
            return rhs.find(lhs) != std::string::npos;
        if (op == "not in")
            return rhs.find(lhs) == std::string::npos;
        const PyVersion version = parse_version(lhs);
        if (version.valid() && parse_version(rhs).valid() && op != "===") {
            return version_satisfies(version, op + rhs); // PEP 508: version comparison when both parse
        }
        if (op == "==" || op == "===")
            return lhs == rhs;
        if (op == "!=")
            return lhs != rhs;
        return false;
    }

    std::vector<Token> m_tokens;
    const std::map<std::string, std::string>& m_env;
    std::size_t m_pos = 0;
    bool m_ok = true;
    static constexpr unsigned k_max_depth = 32; ///< deeper parentheses make the marker invalid
    unsigned m_depth = 0;
};

} // namespace

std::map<std::string, std::string> marker_environment(TargetOs os, const std::string& python_version)
{
    const bool windows = os == TargetOs::windows;
#if defined(__aarch64__) || defined(_M_ARM64)
    const char* machine = windows ? "ARM64" : "aarch64";
#else
    const char* machine = windows ? "AMD64" : "x86_64";
#endif
    return {
        {"platform_system", windows ? "Windows" : "Linux"},
        {"sys_platform", windows ? "win32" : "linux"},
        {"os_name", windows ? "nt" : "posix"},
        {"platform_machine", machine},
        {"python_version", python_version},
        {"implementation_name", "cpython"},
        {"platform_python_implementation", "CPython"},
    };
}

bool marker_applies(std::string_view marker, const std::map<std::string, std::string>& env)
{
    bool ok = true;
    auto tokens = tokenize(marker, ok);
    if (!ok) {
        return false;
    }
    if (tokens.size() == 1) {
        return true; // empty marker
    }
    MarkerParser parser(std::move(tokens), env);
    const bool value = parser.evaluate(ok);
    return ok && value;
}

} // namespace rwc
