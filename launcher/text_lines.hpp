// Walking a text line by line (pyvenv.cfg, METADATA, `ldconfig -p` output).
#pragma once

#include <optional>
#include <string_view>

namespace rwc {

/// The lines of a text, in order, without their '\n' (a '\r' before it is kept); a last
/// line without '\n' counts, an empty text has no line. The text must outlive the Lines.
class Lines {
  public:
    explicit Lines(std::string_view text) : m_text(text) {}

    /// The next line, or nullopt after the last one.
    std::optional<std::string_view> next()
    {
        if (m_start >= m_text.size()) {
            return std::nullopt;
        }
        auto end = m_text.find('\n', m_start);
        if (end == std::string_view::npos) {
            end = m_text.size();
        }
        const std::string_view line = m_text.substr(m_start, end - m_start);
        m_start = end + 1;
        return line;
    }

  private:
    std::string_view m_text;
    std::size_t m_start = 0;
};

} // namespace rwc
