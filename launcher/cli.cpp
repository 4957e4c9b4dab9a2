#include "cli.hpp"

#include "error.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace rwc {

namespace {

constexpr std::array<std::pair<std::string_view, EnvFormat>, 6> k_env_formats{{
    {"sh", EnvFormat::sh},
    {"fish", EnvFormat::fish},
    {"powershell", EnvFormat::powershell},
    {"cmd", EnvFormat::cmd},
    {"dotenv", EnvFormat::dotenv},
    {"json", EnvFormat::json},
}};

/// Splits "--name=value" into its parts; value is nullopt without '='.
std::pair<std::string_view, std::optional<std::string>> split_long(std::string_view arg)
{
    const auto eq = arg.find('=');
    if (arg.size() > 2 && arg[0] == '-' && arg[1] == '-' && eq != std::string_view::npos) {
        return {arg.substr(0, eq), std::string(arg.substr(eq + 1))};
    }
    return {arg, std::nullopt};
}

/// The options that only --install-kernel / --remove-kernel take, and what they set.
constexpr std::array<std::string_view, 6> k_kernel_options{"--name", "--display-name", "--force",
                                                           "--user", "--sys-prefix",   "--prefix"};

bool is_kernel_option(std::string_view name)
{
    return std::find(k_kernel_options.begin(), k_kernel_options.end(), name) != k_kernel_options.end();
}

/// The kernel options that take a value, and so accept "--name=value" (and --remove-kernel).
bool takes_kernel_value(std::string_view name)
{
    return name == "--name" || name == "--display-name" || name == "--prefix" || name == "--remove-kernel";
}

/// The kernel options met on the command line, checked against the action once all are read.
class KernelOptionsSeen {
  public:
    /// Records option name, setting its field of kernel (take_value() reads its value).
    template <typename TakeValue> void note(std::string_view name, KernelOptions& kernel, TakeValue&& take_value)
    {
        if (name == "--user" || name == "--sys-prefix" || name == "--prefix") {
            if (!m_location.empty() && m_location != name) {
                throw Failure(k_exit_usage, fmt::format("{} and {} exclude each other (see --help)", m_location, name));
            }
            m_location = std::string(name);
            kernel.location = name == "--user"         ? KernelLocation::user
                              : name == "--sys-prefix" ? KernelLocation::sys_prefix
                                                       : KernelLocation::prefix;
            if (name == "--prefix") {
                kernel.prefix = take_value();
            }
            return;
        }
        if (m_install_only.empty()) {
            m_install_only = std::string(name);
        }
        if (name == "--name") {
            kernel.name = take_value();
        } else if (name == "--display-name") {
            kernel.display_name = take_value();
        } else {
            kernel.force = true;
        }
    }

    /// Throws Failure (exit 2) when a kernel option comes without its action, or the kernel
    /// actions are given a COMMAND (the environment is named with --python).
    void check(const Cli& cli) const
    {
        const bool install = cli.action == Action::install_kernel;
        const bool kernel_action = install || cli.action == Action::remove_kernel;
        if (!m_install_only.empty() && !install) {
            throw Failure(k_exit_usage,
                          fmt::format("{} is only valid with --install-kernel (see --help)", m_install_only));
        }
        if (!m_location.empty() && !kernel_action) {
            throw Failure(k_exit_usage, fmt::format("{} is only valid with --install-kernel or --remove-kernel (see "
                                                    "--help)",
                                                    m_location));
        }
        if (kernel_action && !cli.command.empty()) {
            throw Failure(k_exit_usage,
                          fmt::format("{} takes no COMMAND ('{}'); name the environment with --python",
                                      install ? "--install-kernel" : "--remove-kernel", cli.command.front()));
        }
    }

  private:
    std::string m_install_only; ///< the first of --name, --display-name, --force
    std::string m_location;     ///< the first of --user, --sys-prefix, --prefix
};

} // namespace

std::optional<EnvFormat> parse_env_format(const std::string& name)
{
    for (const auto& [text, format] : k_env_formats) {
        if (name == text) {
            return format;
        }
    }
    return std::nullopt;
}

Cli parse_cli(const std::vector<std::string>& args)
{
    Cli cli;
    KernelOptionsSeen kernel_seen;
    std::size_t i = 0;
    // Takes the value of an option: "--opt=value" or the next argument.
    const auto take_value = [&](std::string_view option, std::optional<std::string>& inline_value) {
        if (inline_value) {
            return *inline_value;
        }
        if (i + 1 >= args.size()) {
            throw Failure(k_exit_usage, fmt::format("option {} needs a value (see --help)", option));
        }
        return args[++i];
    };
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            ++i;
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            break; // COMMAND: it and everything after it pass through untouched
        }
        // Not a structured binding: a lambda below captures both, which C++17 forbids for bindings.
        auto split = split_long(arg);
        const std::string_view name = split.first;
        std::optional<std::string>& inline_value = split.second;
        if (inline_value && name != "--config" && name != "--python" && name != "--print-env" &&
            name != "--completions" && name != "--install-shim" && name != "--make-launcher" &&
            !takes_kernel_value(name)) {
            throw Failure(k_exit_usage, fmt::format("option {} takes no value (see --help)", name));
        }
        if (name == "-c" || name == "--config") {
            cli.config_file = take_value(name, inline_value);
        } else if (name == "-p" || name == "--python") {
            cli.python = take_value(name, inline_value);
        } else if (name == "--no-config") {
            cli.no_config = true;
        } else if (name == "-v" || name == "--verbose") {
            cli.verbose = true;
        } else if (name == "--dry-run") {
            cli.action = Action::dry_run;
        } else if (name == "--print-env") {
            cli.action = Action::print_env;
            if (inline_value) {
                const auto format = parse_env_format(*inline_value);
                if (!format) {
                    throw Failure(k_exit_usage, fmt::format("--print-env: unknown format '{}' (sh, fish, powershell, "
                                                            "cmd, dotenv, json)",
                                                            *inline_value));
                }
                cli.env_format = *format;
            } else if (i + 1 < args.size()) {
                // FORMAT only when the next argument is one of the names (docs/design.md).
                if (const auto format = parse_env_format(args[i + 1])) {
                    cli.env_format = *format;
                    ++i;
                }
            }
        } else if (name == "--init") {
            cli.action = Action::init;
        } else if (name == "--doctor") {
            cli.action = Action::doctor;
        } else if (name == "--install-hook") {
            cli.action = Action::install_hook;
        } else if (name == "--remove-hook") {
            cli.action = Action::remove_hook;
        } else if (name == "--install-kernel") {
            cli.action = Action::install_kernel;
        } else if (name == "--remove-kernel") {
            cli.action = Action::remove_kernel;
            cli.kernel.name = take_value(name, inline_value);
        } else if (is_kernel_option(name)) {
            kernel_seen.note(name, cli.kernel, [&] { return take_value(name, inline_value); });
        } else if (name == "--install-shim" || name == "--make-launcher") {
            cli.action = name == "--install-shim" ? Action::install_shim : Action::make_launcher;
            cli.entry_point = take_value(name, inline_value);
        } else if (name == "--gui") {
            cli.gui = true;
        } else if (name == "--completions") {
            cli.action = Action::completions;
            cli.completions_shell = take_value(name, inline_value);
        } else if (name == "--json") {
            cli.json = true;
        } else if (name == "--version") {
            cli.action = Action::version;
        } else if (name == "-h" || name == "--help") {
            cli.action = Action::help;
        } else {
            throw Failure(k_exit_usage, fmt::format("unknown option '{}' (see --help)", arg));
        }
    }
    if (cli.json && cli.action != Action::doctor) {
        throw Failure(k_exit_usage, "--json is only valid with --doctor (see --help)");
    }
    if (cli.gui && cli.action != Action::make_launcher) {
        throw Failure(k_exit_usage, "--gui is only valid with --make-launcher (see --help)");
    }
    cli.command.assign(args.begin() + static_cast<std::ptrdiff_t>(std::min(i, args.size())), args.end());
    kernel_seen.check(cli);
    if (cli.action == Action::make_launcher && cli.command.empty()) {
        throw Failure(k_exit_usage, "--make-launcher NAME needs the app's command: --make-launcher NAME -- COMMAND "
                                    "[ARGS...] (see --help)");
    }
    return cli;
}

std::string usage_text()
{
    return R"(usage: run-with-cuda [OPTIONS] [--] [COMMAND [ARGS...]]

Starts COMMAND with the pip-installed NVIDIA CUDA libraries of a Python environment
visible: library folders on the loader path, ptxas/nvcc on PATH, CUDA_PATH/CUDA_HOME
and CUDA_MODULE_LOADING set. Without COMMAND, runs the config's [app] command.

options:
  -c, --config FILE       use this config file (else RUN_WITH_CUDA_CONFIG, beside the
                          executable, then run-with-cuda.toml / pyproject.toml upward)
      --no-config         use no config file
  -p, --python PATH       the interpreter, or the environment root, to use
      --print-env [FMT]   print the variables that would change and exit; FMT is one of
                          sh (default), fish, powershell, cmd, dotenv, json
      --dry-run           print the program, its argv and the changes; start nothing
      --init              write a commented starter run-with-cuda.toml in the working
                          directory (never overwrites one)
      --doctor [--json]   diagnose the environment (CUDA wheels, frameworks, toolkit,
                          driver) and exit; 1 when a finding is an error
      --install-hook      put the start-up hook (a .pth file and its module) into the
                          selected environment's site-packages: on Windows it adds the
                          CUDA DLL folders with os.add_dll_directory for Python 3.8+
      --remove-hook       take those two files out again
      --install-kernel    write a Jupyter kernelspec that starts the selected environment's
                          ipykernel through this launcher; --name NAME (default
                          cuda-<env>), --display-name TEXT, --force replaces one of that name
      --remove-kernel NAME
                          take that kernelspec out again
      --user | --sys-prefix | --prefix DIR
                          where the kernelspec is: Jupyter's user data folder (default),
                          the environment's share/jupyter, or DIR/share/jupyter
      --install-shim DIR  write an interpreter shim for IDEs: DIR/bin/python (Windows:
                          DIR\Scripts\python.exe) runs the selected environment's
                          interpreter with its CUDA libraries visible, every argument
                          passed to it unchanged; never overwrites
      --make-launcher NAME [--gui] -- COMMAND [ARGS...]
                          write NAME (NAME.exe), a copy of this launcher, and NAME.toml
                          that runs COMMAND in the selected environment, paths relative to
                          the working directory; --gui: no console window (Windows)
  -v, --verbose           explain each decision on stderr (also RUN_WITH_CUDA_DEBUG=1)
      --completions SHELL print a completion script for bash, zsh, fish or powershell
      --version           print the version and exit
  -h, --help              print this help and exit

exit status: the program's own; 2 usage or config error; 126 program not executable;
127 program or interpreter not found; 1 a system call failed.
)";
}

} // namespace rwc
