// Scripts whose #! line names the launcher (docs/design.md, "Program lookup"): run by the
// environment's interpreter, never executed, so that `#!/usr/bin/env run-with-cuda` cannot
// make the launcher start itself again.
#pragma once

#include "environment.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rwc {

/// The most of a file read to find its #! line: 256 bytes, the kernel's own limit
/// (BINPRM_BUF_SIZE, Linux 5.1 and later; the rest of a longer line is cut off there too).
constexpr std::size_t k_max_shebang_bytes = 256;

/// The program a #! line starts, from head (a file's first bytes): the interpreter's path,
/// or, when that is an `env` (any folder), the first word after env's options (-S, -i,
/// -u NAME, -C DIR, --name=value, NAME=value assignments; `-Sword` counts word). nullopt
/// when head does not start with "#!" or names no program. Words are split on spaces and tabs.
std::optional<std::string> shebang_program(std::string_view head);

/// True when file (as resolved for COMMAND) is a regular file whose #! line's program is
/// the launcher: a file named run-with-cuda, or the same file as executable (a link or
/// other name of it; a bare name is looked up on env's PATH, as env(1) does). Reads at most
/// k_max_shebang_bytes; a file that cannot be read (or is not a regular file) answers false.
bool is_launcher_script(const boost::filesystem::path& file, const boost::filesystem::path& executable,
                        const Environment& env);

} // namespace rwc
