// Shell completion scripts, printed by `run-with-cuda --completions SHELL` (as uv and ruff
// print theirs) and installed by the .deb into the shells' standard completion folders.
#pragma once

#include <optional>
#include <string_view>

namespace rwc {

/// The completion script for shell: "bash" (bash-completion's `complete -F`), "zsh" (a
/// `#compdef` function, also usable with `source`), "fish" (`complete -c` lines) or
/// "powershell" (`Register-ArgumentCompleter -Native`). nullopt for any other name.
/// Each script completes every option of usage_text(), the values of --print-env and
/// --completions, files for --config/--python, and after COMMAND the command's own words.
std::optional<std::string_view> completion_script(std::string_view shell);

/// The shell names completion_script() knows, for messages: "bash, zsh, fish, powershell".
std::string_view completion_shells();

/// --completions SHELL: prints the script on stdout and returns 0. Throws Failure (exit 2)
/// naming the known shells when shell is not one of them.
int print_completions(std::string_view shell);

} // namespace rwc
