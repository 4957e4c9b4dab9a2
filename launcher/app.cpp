// The pipeline: cli -> config -> python_env -> cuda_layout -> env_plan -> process.
#include "app.hpp"

#include "cli.hpp"
#include "completions.hpp"
#include "config.hpp"
#include "cuda_layout.hpp"
#include "doctor.hpp"
#include "env_plan.hpp"
#include "error.hpp"
#include "hook_install.hpp"
#include "init.hpp"
#include "print_env.hpp"
#include "process.hpp"
#include "program.hpp"
#include "python_env.hpp"
#include "version.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace {

bool debug_requested(const Environment& env)
{
    const auto value = env.get("RUN_WITH_CUDA_DEBUG");
    return value && !value->empty() && *value != "0";
}

/// The [app] command, with a relative program path resolved against the config's folder
/// (so a double-click works from any working directory), and extra arguments appended.
std::vector<std::string> app_command(const AppConfig& app, const Config& config)
{
    std::vector<std::string> command;
    for (const auto& part : app.command) {
        command.push_back(part.value);
    }
    const std::string& program = command.front();
    if ((program.find('/') != std::string::npos || program.find('\\') != std::string::npos) &&
        fs::path(program).is_relative()) {
        command.front() = (config.dir / program).string();
    }
    return command;
}

/// --dry-run: the program, its argv and the changed variables, in sh syntax.
std::string render_dry_run(const Launch& launch, const std::vector<EnvChange>& changes)
{
    std::string out = fmt::format("# program: {}\n", launch.program.string());
    if (!launch.working_directory.empty()) {
        out += fmt::format("# working directory: {}\n", launch.working_directory.string());
    }
    out += "# argv:";
    for (const auto& arg : launch.argv) {
        out += " " + sh_quote(arg);
    }
    out += "\n" + render_changes(changes, EnvFormat::sh);
    return out;
}

} // namespace

int run_launcher(const Invocation& invocation)
{
    // A renamed copy with an [app] table (MyApp beside MyApp.toml) is the app's entry point:
    // every argument goes to the app, none is an option of the launcher.
    std::optional<Config> app_config;
    if (const auto file = renamed_copy_config(invocation.executable)) {
        if (Config config = load_config(*file, config_trust(true, invocation.environment)); config.app) {
            app_config = std::move(config);
        }
    }
    const Cli cli = app_config ? Cli{} : parse_cli(invocation.args);
    if (cli.action == Action::version) {
        fmt::print("run-with-cuda {}\n", k_version);
        return 0;
    }
    if (cli.action == Action::help) {
        fmt::print("{}", usage_text());
        return 0;
    }
    if (cli.action == Action::completions) {
        return print_completions(cli.completions_shell);
    }
    const Environment& env = invocation.environment;
    const Log log(cli.verbose || debug_requested(env));
    const auto& cwd = invocation.working_directory;

    const ConfigQuery config_query{cli.config_file, cli.no_config, invocation.executable, cwd};
    const auto config_file =
        app_config ? std::optional<fs::path>(app_config->file) : find_config(config_query, env, log);
    const Config config = app_config ? *app_config
                          : config_file
                              ? load_config(*config_file, config_trust(!config_is_named(config_query, env), env))
                              : default_config(cwd);
    if (config_file) {
        log.note("config: {}", config_file->string());
    }

    std::vector<std::string> command = cli.command;
    fs::path working_directory;
    bool runs_app = false; // the [app] command, not a COMMAND given on the command line
    const bool hook_action = cli.action == Action::install_hook || cli.action == Action::remove_hook;
    if (command.empty() && cli.action != Action::print_env && cli.action != Action::init &&
        cli.action != Action::doctor && !hook_action) {
        if (!config.app) {
            throw Failure(k_exit_usage, "no COMMAND given and no [app] command in a config (see --help)");
        }
        command = app_command(*config.app, config);
        runs_app = true;
        if (app_config) {
            command.insert(command.end(), invocation.args.begin(), invocation.args.end());
        }
        working_directory = config.app->working_directory.value_or(fs::path());
        log.note("program: the [app] command of {}", config.file.string());
    }

    // Inspection starts no program: only a launch (and the hook actions, which change the
    // environment) may ask an interpreter for its site-packages.
    const bool inspection = cli.action == Action::print_env || cli.action == Action::dry_run ||
                            cli.action == Action::init || cli.action == Action::doctor;
    const auto python =
        select_python_env({cli.python, command, invocation.executable, cwd, env.os(), !inspection}, config, env, log);
    if (python) {
        log.note("python: {} ({}, {} environment at {}, Python {})", python->interpreter.string(), python->source,
                 python->kind == EnvKind::venv    ? "venv"
                 : python->kind == EnvKind::conda ? "conda"
                                                  : "system",
                 python->root.string(), python->version.empty() ? "unknown" : python->version);
    }
    if (hook_action) {
        return run_hook_action(python, cli.action == Action::install_hook);
    }
    CudaLayout layout;
    if (config.cuda_enabled) {
        std::vector<fs::path> site_packages = config.extra_site_packages; // first, as PYTHONPATH is in sys.path
        if (python) {
            site_packages.insert(site_packages.end(), python->site_packages.begin(), python->site_packages.end());
        }
        for (const auto& sp : site_packages) {
            log.note("python: site-packages {}", sp.string());
        }
        layout = scan_cuda_layout(site_packages, config.include, config.exclude, env.os(), log);
        for (const auto& finding : layout.findings) {
            log.warn("{}", finding);
        }
    }
    if (cli.action == Action::init) {
        const fs::path file = write_starter_config(cwd, starter_config(cwd, python, layout, env.os()));
        fmt::print("run-with-cuda: wrote {}\n", file.string());
        return 0;
    }
    EnvPlan plan = make_env_plan(env, config, python, layout, log);
    if (cli.action == Action::doctor) {
        return run_doctor({env, config, config_file, python, layout, plan}, cli.json);
    }
    if (cli.action == Action::print_env) {
        fmt::print("{}", render_changes(plan.changes, cli.env_format));
        return 0;
    }

    // pythonw.exe for the GUI launcher, and for an [app] with gui = true run by the console one.
    const bool gui = invocation.gui || (runs_app && config.app->gui);
    const ResolvedProgram program = resolve_program(command.front(), python, plan.environment, log, gui);
    // Moved, not copied: the plan's environment is not read again (docs/design.md, "Linear cost").
    Launch launch{program.file, command, std::move(plan.environment), working_directory};
    launch.argv.front() = program.argv0;
    if (!working_directory.empty() && launch.program.is_relative()) {
        launch.program = fs::absolute(launch.program, cwd);
    }
    if (cli.action == Action::dry_run) {
        fmt::print("{}", render_dry_run(launch, plan.changes));
        return 0;
    }
    std::fflush(stdout);
    return start_program(launch);
}

} // namespace rwc
