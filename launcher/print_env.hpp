// --print-env and --dry-run output: the changed variables in a shell's syntax.
#pragma once

#include "cli.hpp"
#include "env_plan.hpp"

#include <string>
#include <vector>

namespace rwc {

/// Renders changes in format: sh (export NAME='v' / unset NAME), fish (set -gx / set -e),
/// powershell ($env:NAME = 'v' / Remove-Item Env:NAME; another name through
/// [Environment]::SetEnvironmentVariable('NAME', 'v' or $null)), cmd
/// (set "NAME=v" / set "NAME="), dotenv (NAME=v, in single quotes only where a space at an
/// end, " #" or a leading quote needs them; a removal as a comment), json (one
/// object, null for a removal). Every value is quoted for its shell. Throws Failure (exit 2,
/// naming the variable) for what a format cannot carry safely: a name that is not
/// [A-Za-z_][A-Za-z0-9_]* in sh, fish and dotenv; in cmd, '"', '%', '!', '^' or a control
/// character or non-ASCII text (read in the console's code page) in a name or value, or an
/// empty value (set "NAME=" removes NAME); in dotenv, a name VS Code's reader drops, a
/// newline, "${" or "\$" (expanded by python-dotenv or VS Code), or a quote or backslash in a
/// value that needs quotes. Every format but json ends each line with '\n'.
std::string render_changes(const std::vector<EnvChange>& changes, EnvFormat format);

/// Quotes s for a POSIX shell: 'text' with ' written as '\''.
std::string sh_quote(const std::string& s);

} // namespace rwc
