// Asking an interpreter where its site-packages are: the fallback when the files on disk
// cannot tell (docs/design.md, "Which Python environment").
#pragma once

#include "expected.hpp"

#include <boost/filesystem/path.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// What an interpreter says of itself.
struct InterpreterFacts {
    std::string prefix;                     ///< sys.prefix
    std::string version;                    ///< "X.Y"
    std::vector<std::string> site_packages; ///< site.getsitepackages(), existing or not
};

/// Parses the query script's output: lines ended by '\n' (the last one may lack it; one '\r'
/// before it is dropped, as a Windows text-mode stdout writes it) holding sys.prefix and the
/// version "X.Y" (digits, '.', digits), then one site-packages folder per line in
/// site.getsitepackages() order, empty lines skipped. Bytes are kept as printed (no decoding:
/// POSIX paths are bytes), with no length limit (the query's timeout bounds the output). An
/// Error when the version line is missing or not "X.Y": the output was cut short, or
/// something else (a sitecustomize module) printed before the answer.
Expected<InterpreterFacts> parse_interpreter_facts(std::string_view output);

/// Runs `interpreter -I -c <script>` once (program_output.hpp) and parses its answer; an
/// Error ("cannot run PATH: ...") when it cannot start, exits non-zero, takes longer than
/// timeout, or answers something else.
Expected<InterpreterFacts> query_interpreter(const boost::filesystem::path& interpreter,
                                             std::chrono::milliseconds timeout);

} // namespace rwc
