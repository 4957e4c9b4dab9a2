// Asking an interpreter where its site-packages are: the fallback when the files on disk
// cannot tell (docs/design.md, "Which Python environment"). Uses Boost.Process with a timeout.
#pragma once

#include "log.hpp"

#include <boost/filesystem/path.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// What an interpreter says of itself.
struct InterpreterFacts {
    std::string prefix;                     ///< sys.prefix
    std::string base_prefix;                ///< sys.base_prefix
    std::string version;                    ///< "X.Y"
    std::vector<std::string> site_packages; ///< site.getsitepackages(), existing or not
};

/// Runs `interpreter -I -c <script>` once and parses its answer; nullopt (with a --verbose
/// note) when it cannot start, exits non-zero, or takes longer than timeout.
std::optional<InterpreterFacts> query_interpreter(const boost::filesystem::path& interpreter,
                                                  std::chrono::milliseconds timeout, const Log& log);

} // namespace rwc
