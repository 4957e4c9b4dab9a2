// The command line: `run-with-cuda [OPTIONS] [--] [COMMAND [ARGS...]]` (docs/design.md,
// "Command line"). Pure: argv in, a Cli value out.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// What the launcher was asked to do.
enum class Action {
    run,
    print_env,
    dry_run,
    init,
    doctor,
    install_hook,
    remove_hook,
    install_kernel,
    remove_kernel,
    install_shim,  ///< --install-shim DIR (shim.hpp)
    make_launcher, ///< --make-launcher NAME (make_launcher.hpp)
    completions,
    version,
    help
};

/// The output formats of --print-env.
enum class EnvFormat { sh, fish, powershell, cmd, dotenv, json };

/// Where --install-kernel / --remove-kernel put the kernelspec: --user (jupyter_core's data
/// folder), --sys-prefix (the environment's share/jupyter), --prefix DIR (DIR/share/jupyter).
enum class KernelLocation { user, sys_prefix, prefix };

/// The options of --install-kernel and --remove-kernel (kernel_install.hpp).
struct KernelOptions {
    std::optional<std::string> name;         ///< --name NAME, or --remove-kernel NAME; as given
    std::optional<std::string> display_name; ///< --display-name TEXT
    KernelLocation location = KernelLocation::user;
    std::string prefix; ///< --prefix DIR, as given
    bool force = false; ///< --force: replace an existing kernelspec of that name
};

/// A parsed command line. Paths are kept as given (relative to the working directory).
struct Cli {
    Action action = Action::run;
    EnvFormat env_format = EnvFormat::sh;
    std::optional<std::string> config_file; ///< -c/--config FILE
    bool no_config = false;                 ///< --no-config
    std::optional<std::string> python;      ///< -p/--python PATH (interpreter or env root)
    bool verbose = false;                   ///< -v/--verbose
    bool json = false;                      ///< --json, only valid with --doctor
    std::string completions_shell;          ///< --completions SHELL (completions.hpp)
    KernelOptions kernel;                   ///< --install-kernel / --remove-kernel
    /// --install-shim DIR / --make-launcher NAME: the folder or the launcher's name, as given.
    std::string entry_point;
    bool gui = false; ///< --gui, only with --make-launcher: the entry point starts no console
    /// COMMAND and its arguments, byte for byte; empty when none was given.
    std::vector<std::string> command;
};

/// Parses argv[1..] (argv[0] excluded). The first argument that is not an option, or the
/// one after "--", starts the command. Throws Failure (exit 2) for an unknown option or a
/// missing option value, naming the option.
Cli parse_cli(const std::vector<std::string>& args);

/// The --help text: usage, options and exit statuses; ends with a newline.
std::string usage_text();

/// Parses a --print-env FORMAT name ("sh", "fish", ...); nullopt if it is not one.
std::optional<EnvFormat> parse_env_format(const std::string& name);

} // namespace rwc
