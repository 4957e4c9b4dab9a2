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

/// Parses the query script's answer: sys.prefix, "X.Y", then one site-packages folder a
/// line ('\n' or "\r\n" line ends; empty lines skipped). An Error when the version line is
/// missing or is not "DIGITS.DIGITS".
Expected<InterpreterFacts> parse_interpreter_answer(std::string_view output);

/// Runs `interpreter -I -c <script>` once (program_output.hpp) and parses its answer; an
/// Error ("cannot run PATH: ...") when it cannot start, exits non-zero, takes longer than
/// timeout, or answers something else.
Expected<InterpreterFacts> query_interpreter(const boost::filesystem::path& interpreter,
                                             std::chrono::milliseconds timeout);

} // namespace rwc
