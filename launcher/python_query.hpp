// Asking an interpreter where its site-packages are: the fallback when the files on disk
// cannot tell (docs/design.md, "Which Python environment"). Uses Boost.Process with a timeout.
#pragma once

#include "log.hpp"

#include <boost/filesystem/path.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// What an interpreter says of itself.
struct InterpreterFacts {
    std::string prefix;                     ///< sys.prefix
    std::string base_prefix;                ///< sys.base_prefix
    std::string version;                    ///< "X.Y"
    std::vector<std::string> site_packages; ///< site.getsitepackages(), existing or not
};

/// Parses the query script's output: lines ended by '\n' (the last one may lack it; one '\r'
/// before it is dropped, as a Windows text-mode stdout writes it) holding sys.prefix,
/// sys.base_prefix and the version "X.Y" (digits, '.', digits), then one site-packages folder
/// per line in site.getsitepackages() order, empty lines skipped. Bytes are kept as printed
/// (no decoding: POSIX paths are bytes), with no length limit (the query's timeout bounds
/// the output). nullopt when the version line is missing or not "X.Y": the output was cut
/// short, or something else (a sitecustomize module) printed before the answer.
std::optional<InterpreterFacts> parse_interpreter_facts(std::string_view output);

/// Runs `interpreter -I -c <script>` once and parses its answer (parse_interpreter_facts); nullopt (with a --verbose
/// note) when it cannot start, exits non-zero, or takes longer than timeout.
std::optional<InterpreterFacts> query_interpreter(const boost::filesystem::path& interpreter,
                                                  std::chrono::milliseconds timeout, const Log& log);

} // namespace rwc
