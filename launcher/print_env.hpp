// --print-env and --dry-run output: the changed variables in a shell's syntax.
#pragma once

#include "cli.hpp"
#include "env_plan.hpp"

#include <string>
#include <vector>

namespace rwc {

/// Renders changes in format: sh (export NAME='v' / unset NAME), fish (set -gx / set -e),
/// powershell ($env:NAME = 'v' / Remove-Item Env:NAME), cmd (set "NAME=v" / set NAME=),
/// dotenv (NAME='v'; a removal as a comment), json (one object, null for a removal).
/// Every format but json ends each line with '\n'; json is one object and a newline.
std::string render_changes(const std::vector<EnvChange>& changes, EnvFormat format);

/// Quotes s for a POSIX shell: 'text' with ' written as '\''.
std::string sh_quote(const std::string& s);

} // namespace rwc
