// The per-project config file: finding it (docs/design.md, "Finding the config") and reading
// it into a validated Config (docs/design.md, "Config file"; reference in config/README.md).
#pragma once

#include "config_trust.hpp"
#include "environment.hpp"
#include "error.hpp"
#include "log.hpp"

#include <boost/filesystem/path.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwc {

namespace fs = boost::filesystem;

/// A string value of the config and where it was written (for later errors).
struct ConfigString {
    std::string value;
    SourcePos pos;
};

/// [cuda] toolkit: how CUDA_PATH/CUDA_HOME are chosen.
enum class ToolkitMode { automatic, keep, path };

/// [cuda] module-loading: the CUDA_MODULE_LOADING value set when the variable is unset.
enum class ModuleLoading { lazy, eager, keep };

/// One [env] prepend/append entry: a variable and its folders (relative to the config dir).
struct EnvListEntry {
    std::string name;
    std::vector<ConfigString> folders;
};

/// The [app] table: what a double-click runs.
struct AppConfig {
    std::vector<ConfigString> command; ///< never empty
    bool gui = false;
    std::optional<fs::path> working_directory; ///< absolute (resolved against the config dir)
};

/// A validated config. Defaults (no file) auto-detect everything.
struct Config {
    fs::path file;                       ///< the file read; empty for built-in defaults
    std::string trust;                   ///< why the file was used (TrustDecision::text); empty without one
    fs::path dir;                        ///< the folder relative paths are resolved against
    std::optional<fs::path> interpreter; ///< [python] interpreter, absolute
    SourcePos interpreter_pos;
    std::vector<fs::path> extra_site_packages; ///< [python] site-packages, absolute
    bool cuda_enabled = true;
    std::vector<std::string> include; ///< package folder names under nvidia/; empty = all
    std::vector<std::string> exclude;
    ToolkitMode toolkit = ToolkitMode::automatic;
    fs::path toolkit_path; ///< when toolkit == path: absolute
    ModuleLoading module_loading = ModuleLoading::lazy;
    bool xla_data_dir = true; ///< [cuda] xla-data-dir: rule 3b's XLA_FLAGS (config/README.md)
    std::map<std::string, ConfigString> env_set;
    std::vector<EnvListEntry> env_prepend;
    std::vector<EnvListEntry> env_append;
    std::vector<std::string> env_unset;
    std::optional<AppConfig> app;
};

/// How the config is to be found: the command-line choices and the process facts.
struct ConfigQuery {
    std::optional<std::string> explicit_file; ///< --config FILE
    bool no_config = false;                   ///< --no-config
    fs::path executable;                      ///< the launcher's own absolute path
    fs::path working_directory;               ///< absolute
};

/// The launcher's own name without ".exe" (case-insensitive): "MyApp" for /x/MyApp.exe.
std::string launcher_name(const fs::path& executable);

/// What a copy of the launcher is, from its own file name (docs/design.md, "A renamed copy").
enum class CopyRole {
    launcher,         ///< run-with-cuda, run-with-cuda-w (".exe" in any case): options are parsed
    interpreter_shim, ///< python, python3, pythonX.Y[t], pythonw: every argument goes to the interpreter
    renamed,          ///< any other name: an app's entry point when <name>.toml has [app]
};

/// The role of the executable at its real path (launcher_name rules; interpreter names as
/// is_python_name says for os).
CopyRole copy_role(const fs::path& executable, TargetOs os);

/// The config of a renamed copy (docs/design.md, "Finding the config"): when the executable's
/// name is not run-with-cuda or run-with-cuda-w, <name>.toml beside it (absolute) if it
/// exists; nullopt otherwise. With an [app] table, such a copy is an app launcher.
std::optional<fs::path> renamed_copy_config(const fs::path& executable);

/// Step 2 of find_config: <own name>.toml beside the executable, then run-with-cuda.toml
/// there (regular files only; anything else is skipped with a --verbose note); nullopt when
/// neither is there.
std::optional<fs::path> config_beside_executable(const fs::path& executable, const Log& log);

/// Finds the config file in docs/design.md's order: --config, RUN_WITH_CUDA_CONFIG, beside the
/// executable (<own name>.toml, run-with-cuda.toml), then from the working directory upward
/// (run-with-cuda.toml, or pyproject.toml with [tool.run-with-cuda]). Returns the file
/// (absolute) or nullopt for defaults. Throws Failure (exit 2) when a named file is missing.
std::optional<fs::path> find_config(const ConfigQuery& query, const Environment& env, const Log& log);

/// True when the user named the config (--config, or a non-empty RUN_WITH_CUDA_CONFIG):
/// such a file is always trusted; any other file find_config returns was found by search.
bool config_is_named(const ConfigQuery& query, const Environment& env);

/// Reads and validates a config file (a run-with-cuda.toml, or a pyproject.toml whose
/// [tool.run-with-cuda] table is used). Throws Failure (exit 2) with "FILE:LINE:COL: message"
/// for a TOML syntax error, invalid UTF-8, a duplicate key, an unknown table or key, a
/// wrong type or an invalid value; exit 2 with the OS's text when the file cannot be read,
/// "not a regular file" for a FIFO or device, "larger than N bytes" above
/// k_max_config_bytes. With trust.check (a file found, not named), exit 2 with
/// untrusted_config_reason() when its owner or mode fails the trust rule (config_trust.hpp);
/// the decision's text is kept in Config::trust for --doctor.
Config load_config(const fs::path& file, const ConfigTrust& trust = {});

/// The largest config file read: 1 MiB.
constexpr std::size_t k_max_config_bytes = std::size_t{1} << 20;

/// True when name may be set by a config on os (config/README.md, "[env]"): POSIX
/// [A-Za-z_][A-Za-z0-9_]*; Windows non-empty, no '=' and no control characters.
bool valid_variable_name(std::string_view name, TargetOs os);

/// Validates TOML text already in memory; file is used for messages and as the base of
/// relative paths. pyproject selects the [tool.run-with-cuda] table. Errors as load_config.
Config parse_config(std::string_view text, const fs::path& file, bool pyproject);

/// The defaults used when no config file is found: relative paths resolve against dir.
Config default_config(const fs::path& dir);

} // namespace rwc
