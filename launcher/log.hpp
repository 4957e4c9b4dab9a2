// Verbose diagnostics on stderr, enabled by -v/--verbose or RUN_WITH_CUDA_DEBUG=1.
#pragma once

#include <fmt/core.h>

#include <string_view>
#include <utility>

namespace rwc {

/// Writes "run-with-cuda: MESSAGE" lines to stderr when enabled; costs nothing otherwise.
class Log {
  public:
    explicit Log(bool enabled = false) : m_enabled(enabled) {}

    /// Formats with fmt and prints one line when enabled.
    template <typename... Args> void note(fmt::format_string<Args...> format, Args&&... args) const
    {
        if (m_enabled) {
            write(fmt::format(format, std::forward<Args>(args)...));
        }
    }

    /// Prints one warning line ("run-with-cuda: warning: ...") whether enabled or not.
    template <typename... Args> void warn(fmt::format_string<Args...> format, Args&&... args) const
    {
        write("warning: " + fmt::format(format, std::forward<Args>(args)...));
    }

  private:
    static void write(std::string_view line);

    bool m_enabled;
};

} // namespace rwc
