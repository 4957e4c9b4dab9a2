// The pipeline (docs/design.md, "The pipeline"): cli -> config -> python_env -> cuda_layout
// -> env_plan -> program -> process. run_pipeline() computes the stages an action needs,
// once, into one Pipeline value; each action is a small function of it.
#include "app.hpp"

#include "cli.hpp"
#include "completions.hpp"
#include "config.hpp"
#include "cuda_layout.hpp"
#include "doctor/run_doctor.hpp"
#include "env_plan.hpp"
#include "error.hpp"
#include "frozen_bundle.hpp"
#include "hook_install.hpp"
#include "init.hpp"
#include "kernel_install.hpp"
#include "make_launcher.hpp"
#include "print_env.hpp"
#include "process.hpp"
#include "program.hpp"
#include "python_env.hpp"
#include "shim.hpp"
#include "version.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>

namespace rwc {

namespace {

/// The command line, and the config of a renamed copy (MyApp beside MyApp.toml), read once.
struct Start {
    Cli cli;
    /// The renamed copy's config file and its contents; nullopt for run-with-cuda itself.
    std::optional<Config> renamed_config;
    /// The renamed copy's config has an [app] table: the copy is the app's entry point and
    /// every argument goes to the app, none is an option of the launcher.
    bool app_entry_point = false;
    /// The copy is an interpreter shim (shim.hpp): renamed_config is its config, and every
    /// argument goes to the interpreter (cli.command is the shim's own name, then the arguments).
    bool shim = false;
};

/// The pipeline's results for one invocation: every action reads them, none recomputes them.
struct Pipeline {
    Cli cli;
    std::optional<fs::path> config_file; ///< the config used; nullopt for built-in defaults
    Config config;
    /// The program's argv as given (COMMAND, or the [app] command with a relative program path
    /// resolved against the config's folder); empty for the actions that run nothing.
    std::vector<std::string> command;
    bool runs_app = false;      ///< command is the [app] command
    fs::path working_directory; ///< the program's ([app] working-directory); empty: the launcher's
    /// The PyInstaller bundle the program belongs to: its contents folder is scanned, and no
    /// environment is searched for (docs/packaged-apps.md, "PyInstaller bundles").
    std::optional<FrozenBundle> bundle;
    std::optional<PythonEnv> python;
    /// The folders scanned for nvidia/, in order ([python] site-packages first); set whether
    /// or not [cuda] enabled is (--doctor lists them either way).
    std::vector<fs::path> site_packages;
    CudaLayout layout;           ///< empty when [cuda] enabled = false or not scanned
    std::optional<EnvPlan> plan; ///< nullopt for the actions that change no environment
    bool shim = false;           ///< an interpreter shim runs (Start::shim)
};

bool debug_requested(const Environment& env)
{
    const auto value = env.get("RUN_WITH_CUDA_DEBUG");
    return value && !value->empty() && *value != "0";
}

Start read_start(const Invocation& invocation)
{
    Start start;
    if (copy_role(invocation.executable, invocation.environment.os()) == CopyRole::interpreter_shim) {
        start.renamed_config = load_shim_config(invocation.executable, invocation.environment,
                                                Log(debug_requested(invocation.environment)));
        start.shim = true;
        start.cli.command.push_back(launcher_name(invocation.executable));
        start.cli.command.insert(start.cli.command.end(), invocation.args.begin(), invocation.args.end());
        return start;
    }
    if (const auto file = renamed_copy_config(invocation.executable)) {
        start.renamed_config = load_config(*file, config_trust(true, invocation.environment));
        start.app_entry_point = start.renamed_config->app.has_value();
    }
    if (!start.app_entry_point) {
        start.cli = parse_cli(invocation.args);
    }
    return start;
}

/// The actions that run a program: COMMAND, or the [app] command when there is none.
bool runs_program(Action action)
{
    return action == Action::run || action == Action::dry_run;
}

/// The actions whose result is the new environment (everything but --init and the hooks).
bool needs_env_plan(Action action)
{
    return runs_program(action) || action == Action::print_env || action == Action::doctor;
}

/// The [app] command, with a relative program path resolved against the config's folder
/// (so a double-click works from any working directory; config/README.md, "[app]").
std::vector<std::string> app_command(const AppConfig& app, const Config& config, TargetOs os)
{
    std::vector<std::string> command;
    for (const auto& part : app.command) {
        command.push_back(part.value);
    }
    if (has_path_separator(command.front(), os) && fs::path(command.front()).is_relative()) {
        command.front() = (config.dir / command.front()).string();
    }
    return command;
}

/// Stage 1: the config (docs/design.md, "Finding the config"). A file already read as the
/// renamed copy's config is not read again.
void find_and_load_config(Pipeline& p, const Start& start, const Invocation& invocation, const Log& log)
{
    const Environment& env = invocation.environment;
    if (start.app_entry_point || start.shim) {
        p.config_file = start.renamed_config->file;
        p.config = *start.renamed_config;
    } else {
        const ConfigQuery query{p.cli.config_file, p.cli.no_config, invocation.executable,
                                invocation.working_directory};
        p.config_file = find_config(query, env, log);
        if (!p.config_file) {
            p.config = default_config(invocation.working_directory);
        } else if (start.renamed_config && start.renamed_config->file == *p.config_file) {
            p.config = *start.renamed_config;
        } else {
            p.config = load_config(*p.config_file, config_trust(!config_is_named(query, env), env));
        }
    }
    if (p.config_file) {
        log.note("config: {}", p.config_file->string());
    }
}

/// Stage 2: what runs: COMMAND, else the [app] command (extra arguments of an app entry
/// point appended). Throws Failure (exit 2) when a program is needed and there is none.
void choose_command(Pipeline& p, const Start& start, const Invocation& invocation, const Log& log)
{
    p.command = p.cli.command;
    if (!p.command.empty() || !runs_program(p.cli.action)) {
        return;
    }
    if (!p.config.app) {
        throw Failure(k_exit_usage, "no COMMAND given and no [app] command in a config (see --help)");
    }
    p.command = app_command(*p.config.app, p.config, invocation.environment.os());
    if (start.app_entry_point) {
        p.command.insert(p.command.end(), invocation.args.begin(), invocation.args.end());
    }
    p.runs_app = true;
    p.working_directory = p.config.app->working_directory.value_or(fs::path());
    log.note("program: the [app] command of {}", p.config.file.string());
}

/// Stage 3a: the PyInstaller bundle of the program to run, if it is one (frozen_bundle.hpp).
/// The actions that run nothing (--print-env, --doctor) look at the [app] program, so that they
/// show what a launch of the app would get.
void find_bundle(Pipeline& p, const Invocation& invocation, const Log& log)
{
    const TargetOs os = invocation.environment.os();
    std::string program;
    bool from_app = p.runs_app;
    if (!p.command.empty()) {
        program = p.command.front();
    } else if (p.config.app) {
        program = app_command(*p.config.app, p.config, os).front();
        from_app = true;
    }
    p.bundle = find_frozen_bundle(program, from_app ? "the [app] program" : "COMMAND", invocation.working_directory,
                                  p.config.extra_site_packages, os, log);
}

/// Stage 3: the Python environment. Inspection starts no program: only a launch (and the
/// hook actions, which change the environment) may ask an interpreter for its site-packages
/// (docs/design.md, "Trust rules"). A bundle carries its own interpreter: no environment is
/// searched for it, unless --python or [python] interpreter names one.
void select_python(Pipeline& p, const Invocation& invocation, const Log& log)
{
    if (p.bundle && !p.cli.python && !p.config.interpreter) {
        log.note("python: a PyInstaller bundle runs its own interpreter; no Python environment is searched");
        return;
    }
    const Action action = p.cli.action;
    if (action == Action::remove_kernel && p.cli.kernel.location != KernelLocation::sys_prefix) {
        return; // only --sys-prefix finds a kernelspec through its environment
    }
    // A kernelspec, a shim and a made launcher are written from the files on disk too:
    // installing one starts nothing.
    const bool inspection = action == Action::print_env || action == Action::dry_run || action == Action::init ||
                            action == Action::doctor || action == Action::install_kernel ||
                            action == Action::remove_kernel || action == Action::install_shim ||
                            action == Action::make_launcher;
    // A shim never asks its interpreter either: were that interpreter a shim, each would ask
    // the other (docs/integrations.md, "IDEs").
    const PythonQuery query{p.cli.python, p.command, invocation.executable, invocation.working_directory,
                            !inspection && !p.shim};
    p.python = select_python_env(query, p.config, invocation.environment, log);
    if (p.python) {
        log.note("python: {} ({}, {} environment at {}, Python {})", p.python->interpreter.string(), p.python->source,
                 env_kind_name(p.python->kind), p.python->root.string(),
                 p.python->version.empty() ? "unknown" : p.python->version);
    }
}

/// Stage 4: the NVIDIA package folders of the site-packages, [python] site-packages first
/// (as PYTHONPATH comes first in sys.path), then a bundle's contents folder.
void scan_layout(Pipeline& p, TargetOs os, const Log& log)
{
    p.site_packages = p.config.extra_site_packages;
    if (p.bundle &&
        std::find(p.site_packages.begin(), p.site_packages.end(), p.bundle->contents) == p.site_packages.end()) {
        p.site_packages.push_back(p.bundle->contents);
    }
    if (p.python) {
        p.site_packages.insert(p.site_packages.end(), p.python->site_packages.begin(), p.python->site_packages.end());
    }
    if (!p.config.cuda_enabled) {
        return;
    }
    for (const auto& sp : p.site_packages) {
        log.note("python: site-packages {}", sp.string());
    }
    p.layout = scan_cuda_layout(p.site_packages, p.config.include, p.config.exclude, os, log);
    for (const auto& finding : p.layout.findings) {
        log.warn("{}", finding);
    }
}

/// Runs the stages the action needs, in pipeline order. Throws Failure from any stage.
Pipeline run_pipeline(const Invocation& invocation, Start start, const Log& log)
{
    Pipeline p;
    p.cli = std::move(start.cli);
    p.shim = start.shim;
    find_and_load_config(p, start, invocation, log);
    choose_command(p, start, invocation, log);
    find_bundle(p, invocation, log);
    select_python(p, invocation, log);
    if (p.cli.action == Action::install_hook || p.cli.action == Action::remove_hook ||
        p.cli.action == Action::install_kernel || p.cli.action == Action::remove_kernel ||
        p.cli.action == Action::install_shim || p.cli.action == Action::make_launcher) {
        return p; // these write files and change no environment (a kernelspec names the interpreter)
    }
    scan_layout(p, invocation.environment.os(), log);
    if (needs_env_plan(p.cli.action)) {
        p.plan = make_env_plan(invocation.environment, p.config, p.python, p.layout, log);
    }
    return p;
}

/// --init: writes a starter config for the working directory's project.
int init_action(const Pipeline& p, const Invocation& invocation)
{
    const fs::path& cwd = invocation.working_directory;
    const fs::path file =
        write_starter_config(cwd, starter_config(cwd, p.python, p.layout, invocation.environment.os()));
    fmt::print("run-with-cuda: wrote {}\n", file.string());
    return 0;
}

/// --doctor: the report from the pipeline's results.
int doctor_action(const Pipeline& p, const Invocation& invocation)
{
    return run_doctor({invocation.environment, p.config, p.config_file, p.python, p.site_packages, p.layout, *p.plan},
                      p.cli.json);
}

/// --print-env: the changes in the requested shell's syntax.
int print_env_action(const Pipeline& p)
{
    fmt::print("{}", render_changes(p.plan->changes, p.cli.env_format));
    return 0;
}

/// The launch: the program found for the command on the new PATH (an absolute path: a
/// relative one is resolved against the launcher's working directory, where it was looked
/// up), its argv with argv[0] as resolve_program says, environment (the plan's) and the
/// working directory. Throws Failure (126, 127) when the program cannot be found or executed.
Launch make_launch(const Pipeline& p, Environment environment, const Invocation& invocation, const Log& log)
{
    // pythonw.exe for the GUI launcher, and for an [app] with gui = true run by the console one.
    const bool gui = invocation.gui || (p.runs_app && p.config.app->gui);
    std::vector<std::string> argv = p.command;
    const ResolvedProgram program =
        resolve_command(argv, p.python, environment, invocation.executable, log, gui).value_or_throw();
    Launch launch{fs::absolute(program.file, invocation.working_directory), std::move(argv), std::move(environment),
                  p.working_directory};
    launch.argv.front() = program.argv0;
    if (p.shim && is_launcher_copy(launch.program, invocation.executable)) {
        throw Failure(k_exit_usage, fmt::format("{}: [python] interpreter names this shim itself or another copy of "
                                                "run-with-cuda ({}); name the environment's real interpreter",
                                                p.config.file.string(), launch.program.string()));
    }
    return launch;
}

/// --dry-run: the program, its argv and the changed variables, in sh syntax.
int dry_run_action(const Pipeline& p, const Invocation& invocation, const Log& log)
{
    const Launch launch = make_launch(p, p.plan->environment, invocation, log);
    std::string out = fmt::format("# program: {}\n", launch.program.string());
    if (!launch.working_directory.empty()) {
        out += fmt::format("# working directory: {}\n", launch.working_directory.string());
    }
    out += "# argv:";
    for (const auto& arg : launch.argv) {
        out += " " + sh_quote(arg);
    }
    out += "\n" + render_changes(p.plan->changes, EnvFormat::sh);
    fmt::print("{}", out);
    return 0;
}

/// The launch itself: on POSIX never returns; on Windows returns the program's exit code.
/// The plan's environment is moved into the launch, not copied: nothing reads it again
/// (docs/design.md, "Trust rules", linear cost).
int run_action(Pipeline&& p, const Invocation& invocation, const Log& log)
{
    Environment environment = std::move(p.plan->environment);
    const Launch launch = make_launch(p, std::move(environment), invocation, log);
    std::fflush(stdout);
    return start_program(launch);
}

} // namespace

int run_launcher(const Invocation& invocation)
{
    Start start = read_start(invocation);
    switch (start.cli.action) {
    case Action::version: fmt::print("run-with-cuda {}\n", k_version); return 0;
    case Action::help: fmt::print("{}", usage_text()); return 0;
    case Action::completions: return print_completions(start.cli.completions_shell);
    default: break;
    }
    const Log log(start.cli.verbose || debug_requested(invocation.environment));
    Pipeline p = run_pipeline(invocation, std::move(start), log);
    switch (p.cli.action) {
    case Action::install_hook: return run_hook_action(p.python, true);
    case Action::remove_hook: return run_hook_action(p.python, false);
    case Action::install_kernel:
    case Action::remove_kernel:
        return run_kernel_action(p.cli.kernel, p.python, p.cli.action == Action::install_kernel, invocation.executable,
                                 invocation.environment, invocation.working_directory);
    case Action::install_shim:
        return install_shim(p.cli.entry_point, p.python, invocation.executable, invocation.working_directory,
                            invocation.environment.os());
    case Action::make_launcher:
        return make_launcher(p.cli.entry_point, p.cli.gui, p.command, p.python, invocation.executable,
                             invocation.working_directory, invocation.environment.os());
    case Action::init: return init_action(p, invocation);
    case Action::doctor: return doctor_action(p, invocation);
    case Action::print_env: return print_env_action(p);
    case Action::dry_run: return dry_run_action(p, invocation, log);
    default: return run_action(std::move(p), invocation, log);
    }
}

} // namespace rwc
