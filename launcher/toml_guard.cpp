#include "toml_guard.hpp"

#include "error.hpp"

#include <fmt/core.h>

#include <vector>

namespace rwc {

namespace {

/// The scanner's state; one pass, constant work per byte.
class ShapeScanner {
  public:
    ShapeScanner(std::string_view text, const std::string& file) : m_text(text), m_file(file) {}

    void run()
    {
        for (m_i = 0; m_i < m_text.size(); advance()) {
            const char c = m_text[m_i];
            if (m_comment) {
                m_comment = c != '\n';
                if (c == '\n') {
                    newline();
                }
            } else if (m_string != Str::none) {
                in_string(c);
            } else {
                outside(c);
            }
        }
    }

  private:
    enum class Str { none, basic, literal, ml_basic, ml_literal };

    bool starts(std::string_view s) const { return m_text.substr(m_i, s.size()) == s; }

    /// Moves past text[m_i], counting lines and characters (not UTF-8 continuation bytes).
    void advance()
    {
        const auto byte = static_cast<unsigned char>(m_text[m_i]);
        if (byte == '\n') {
            ++m_line;
            m_column = 1;
        } else if ((byte & 0xc0) != 0x80) {
            ++m_column;
        }
        ++m_i;
    }

    /// Skips n - 1 more bytes of a token (the loop's advance() moves past the last one).
    void skip(std::size_t n)
    {
        for (std::size_t k = 1; k < n && m_i + 1 < m_text.size(); ++k) {
            advance();
        }
    }

    [[noreturn]] void fail(const std::string& message) const
    {
        throw_config_error({m_file, m_line, m_column}, message);
    }

    void in_string(char c)
    {
        if ((m_string == Str::basic || m_string == Str::ml_basic) && c == '\\') {
            // TOML escapes are ASCII, and a line-ending backslash is followed by blanks and a
            // newline. A non-ASCII character there is invalid TOML, and toml++'s (3.3, 3.4.0) whitespace
            // check of it has undefined behaviour (is_non_ascii_horizontal_whitespace).
            std::size_t next = m_i + 1;
            while (m_string == Str::ml_basic && next < m_text.size() && (m_text[next] == ' ' || m_text[next] == '\t')) {
                ++next;
            }
            if (next < m_text.size() && static_cast<unsigned char>(m_text[next]) >= 0x80) {
                fail("a non-ASCII character after a backslash (no TOML escape starts so)");
            }
            skip(2); // an escape: the next byte cannot end the string
        } else if ((m_string == Str::basic && (c == '"' || c == '\n')) ||
                   (m_string == Str::literal && (c == '\'' || c == '\n'))) {
            close_string(c == '\n'); // a one-line string ends at its quote, or (an error) at the line's end
        } else if (m_string == Str::ml_basic && starts("\"\"\"")) {
            skip(starts("\"\"\"\"\"") ? 5 : starts("\"\"\"\"") ? 4 : 3); // up to two quotes end the content
            close_string(false);
        } else if (m_string == Str::ml_literal && starts("'''")) {
            skip(starts("'''''") ? 5 : starts("''''") ? 4 : 3);
            close_string(false);
        }
    }

    /// Leaves a string; at a newline (an unterminated one-line string) the line starts anew.
    void close_string(bool at_newline)
    {
        m_string = Str::none;
        m_prev = at_newline ? '\n' : '"';
        if (at_newline) {
            newline();
        }
    }

    unsigned base() const { return m_bases.empty() ? m_header_depth : m_bases.back(); }

    void check(unsigned depth) const
    {
        if (depth > k_max_toml_depth) {
            fail(fmt::format("nesting deeper than {} levels (tables, dotted keys, inline tables and arrays together)",
                             k_max_toml_depth));
        }
    }

    void newline()
    {
        m_prev = '\n';
        if (m_open.empty() && !m_in_header) {
            m_expecting_key = true;
            m_key_dots = 0;
        }
        m_line_start = true;
    }

    void push(char c)
    {
        const unsigned depth = (m_expecting_key ? base() + m_key_dots : m_value_base) + 1;
        check(depth);
        m_open.push_back(c);
        m_bases.push_back(depth);
        m_value_base = depth;
        m_expecting_key = c == '{';
        m_key_dots = 0;
    }

    void pop()
    {
        if (m_open.empty()) {
            return;
        }
        m_open.pop_back();
        m_bases.pop_back();
        m_expecting_key = false;
        if (!m_open.empty() && m_open.back() == '[') {
            m_value_base = m_bases.back();
        }
    }

    void outside(char c)
    {
        if (static_cast<unsigned char>(c) >= 0x80) {
            fail("a non-ASCII character outside a string or comment (TOML 1.0: bare keys are ASCII letters, "
                 "digits, '-' and '_'; quote the key)");
        }
        const bool at_line_start = m_line_start;
        const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (!blank) {
            m_line_start = false;
        }
        // A string starts only where TOML allows one: a key (line start, after '.', '[', '{' or
        // ',') or a value (after '=', '[' or ','). Elsewhere ("x = 1'...") toml++ would not read
        // a string, and its whitespace check of the non-ASCII text after it has undefined
        // behaviour in toml++ 3.3 and 3.4.0 (is_non_ascii_horizontal_whitespace): refuse it here.
        // A '.' separates keys only where a key is read: after a value ("x = 1.\"...") it is
        // part of a number, and toml++ reaches the same undefined behaviour (fuzz corpus
        // config/ub-quote-after-number-dot.toml).
        const bool key_dot = m_prev == '.' && (m_expecting_key || m_in_header);
        if ((c == '"' || c == '\'') && m_prev != '\n' && m_prev != '=' && m_prev != '[' && m_prev != ',' &&
            m_prev != '{' && !key_dot) {
            fail("a quote where no string can start");
        }
        if (!blank) {
            m_prev = c == '#' ? m_prev : c;
        }
        switch (c) {
        case '#': m_comment = true; break;
        case '"':
            m_string = starts("\"\"\"") ? Str::ml_basic : Str::basic;
            skip(m_string == Str::ml_basic ? 3 : 1);
            break;
        case '\'':
            m_string = starts("'''") ? Str::ml_literal : Str::literal;
            skip(m_string == Str::ml_literal ? 3 : 1);
            break;
        case '\n': newline(); break;
        case '[':
            if (m_open.empty() && at_line_start && !m_in_header) {
                m_in_header = true;
                m_header_dots = 0;
                if (starts("[[")) {
                    skip(2);
                }
            } else {
                push(c);
            }
            break;
        case ']':
            if (m_in_header) {
                m_in_header = false;
                m_header_depth = m_header_dots + 1;
                m_expecting_key = false;
            } else {
                pop();
            }
            break;
        case '{': push(c); break;
        case '}': pop(); break;
        case ',':
            if (!m_open.empty() && m_open.back() == '{') {
                m_expecting_key = true;
                m_key_dots = 0;
            } else if (!m_open.empty()) {
                m_value_base = m_bases.back();
            }
            break;
        case '=':
            if (!m_expecting_key) {
                fail("an '=' where no key ends"); // toml++ would not read what follows as TOML
            }
            m_value_base = base() + m_key_dots + 1;
            check(m_value_base);
            m_expecting_key = false;
            break;
        case '.':
            if (m_in_header) {
                check(++m_header_dots + 1);
            } else if (m_expecting_key) {
                check(base() + ++m_key_dots + 1);
            }
            break;
        default: break;
        }
    }

    std::string_view m_text;
    const std::string& m_file;
    std::size_t m_i = 0;
    unsigned m_line = 1;
    unsigned m_column = 1;
    bool m_comment = false;
    Str m_string = Str::none;
    std::vector<char> m_open;      ///< '[' (array) or '{' (inline table) still open
    std::vector<unsigned> m_bases; ///< the depth of each open one
    unsigned m_header_depth = 0;   ///< segments of the last [table] header
    unsigned m_header_dots = 0;
    bool m_in_header = false;
    bool m_line_start = true;
    bool m_expecting_key = true;
    unsigned m_key_dots = 0;
    unsigned m_value_base = 0; ///< the depth a value at this point would sit under
    char m_prev = '\n';        ///< the last significant byte outside strings on this line ('"': a string)
};

} // namespace

void check_toml_shape(std::string_view text, const std::string& file)
{
    ShapeScanner(text, file).run();
}

} // namespace rwc
