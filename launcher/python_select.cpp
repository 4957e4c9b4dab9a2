// Which Python environment: docs/design.md's order, first hit wins.
#include "path_list.hpp"
#include "python_env.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace {

fs::path absolute_to(const fs::path& p, const fs::path& base)
{
    // make_preferred: Boost 1.74's lexically_normal writes a Windows root as "C:/".
    return (p.is_absolute() ? p : base / p).lexically_normal().make_preferred();
}

/// An explicitly named interpreter or root that must exist: exit 127 otherwise.
PythonEnv required(const fs::path& p, const std::string& what, const Environment& env, const Log& log, bool may_start)
{
    auto py = describe_python_env(p, env, log, may_start);
    if (!py) {
        throw Failure(k_exit_not_found, fmt::format("{}: no interpreter or environment at {}", what, p.string()));
    }
    py->source = what;
    return *py;
}

/// The environment at p when there is one, with a --verbose note either way.
std::optional<PythonEnv> optional_env(const fs::path& p, const std::string& what, const Environment& env,
                                      const Log& log, bool may_start)
{
    auto py = describe_python_env(p, env, log, may_start);
    if (py) {
        py->source = what;
    } else {
        log.note("python: {} names {}, which holds no interpreter; skipped", what, p.string());
    }
    return py;
}

/// A .venv folder in dir or any folder above it; empty path when none.
fs::path find_dot_venv(fs::path dir)
{
    boost::system::error_code ec;
    for (; !dir.empty(); dir = dir.parent_path()) {
        if (fs::is_directory(dir / ".venv", ec)) {
            return dir / ".venv";
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return {};
}

/// python3 or python on PATH (python.exe on Windows); empty path when none.
fs::path python_on_path(const Environment& env, TargetOs os)
{
    boost::system::error_code ec;
    const auto names = os == TargetOs::windows ? std::vector<std::string>{"python.exe", "python3.exe"}
                                               : std::vector<std::string>{"python3", "python"};
    for (const auto& folder : split_path_list(env.get("PATH").value_or(""), os)) {
        for (const auto& name : names) {
            fs::path p = fs::path(folder) / name;
            if (fs::path(folder).is_absolute() && fs::is_regular_file(p, ec)) {
                return p;
            }
        }
    }
    return {};
}

} // namespace

std::optional<PythonEnv> select_python_env(const PythonQuery& query, const Config& config, const Environment& env,
                                           const Log& log)
{
    const TargetOs os = env.os();
    const auto& cwd = query.working_directory;
    if (query.python_option) {
        return required(absolute_to(*query.python_option, cwd), "--python", env, log, query.may_start_interpreter);
    }
    if (!query.command.empty() && has_path_separator(query.command.front(), os) &&
        is_python_name(fs::path(query.command.front()).filename().string(), os)) {
        return required(absolute_to(query.command.front(), cwd), "COMMAND", env, log, query.may_start_interpreter);
    }
    if (config.interpreter) {
        auto py = describe_python_env(*config.interpreter, env, log, query.may_start_interpreter);
        if (!py) {
            throw Failure(k_exit_not_found,
                          located_message(config.interpreter_pos,
                                          fmt::format("[python] interpreter: no interpreter or environment at {}",
                                                      config.interpreter->string())));
        }
        py->source = "[python] interpreter";
        return py;
    }
    for (const char* variable : {"VIRTUAL_ENV", "CONDA_PREFIX"}) {
        if (const auto value = env.get(variable); value && !value->empty()) {
            if (auto py = optional_env(absolute_to(*value, cwd), variable, env, log, query.may_start_interpreter)) {
                return py;
            }
        }
    }
    boost::system::error_code ec;
    if (!config.file.empty() && fs::is_directory(config.dir / ".venv", ec)) {
        if (auto py =
                optional_env(config.dir / ".venv", ".venv beside the config", env, log, query.may_start_interpreter)) {
            return py;
        }
    }
    if (const fs::path venv = find_dot_venv(cwd); !venv.empty()) {
        if (auto py = optional_env(venv, ".venv", env, log, query.may_start_interpreter)) {
            return py;
        }
    }
    // The environment holding the launcher itself (installed into bin/ or Scripts/).
    const fs::path launcher_dir = query.launcher.parent_path();
    const std::string dir_name = launcher_dir.filename().string();
    if (dir_name == "bin" || dir_name == "Scripts") {
        const fs::path root = launcher_dir.parent_path();
        if (fs::is_regular_file(root / "pyvenv.cfg", ec) || fs::is_directory(root / "conda-meta", ec)) {
            if (auto py = optional_env(root, "the launcher's environment", env, log, query.may_start_interpreter)) {
                return py;
            }
        }
    }
    if (const fs::path p = python_on_path(env, os); !p.empty()) {
        return optional_env(p, "PATH", env, log, query.may_start_interpreter);
    }
    log.note("python: no environment found; nothing CUDA-related will be added");
    return std::nullopt;
}

} // namespace rwc
