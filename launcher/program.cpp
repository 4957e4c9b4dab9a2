// Program resolution: docs/design.md, "Which Python environment" (last paragraph) and
// "Command line" (126 / 127).
#include "program.hpp"

#include "error.hpp"
#include "file_status.hpp"
#include "host.hpp"
#include "path_list.hpp"
#include "script_file.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace {

/// The names to try for a bare command: itself, and on Windows with each PATHEXT
/// extension when it has none of them (CreateProcess/cmd.exe search rules).
std::vector<std::string> candidate_names(const std::string& command, const Environment& env)
{
    if (env.os() != TargetOs::windows) {
        return {command};
    }
    const auto exts = split_path_list(env.get("PATHEXT").value_or(".COM;.EXE;.BAT;.CMD"), TargetOs::windows);
    for (const auto& ext : exts) {
        if (command.size() > ext.size() &&
            same_path_element(command.substr(command.size() - ext.size()), ext, TargetOs::windows)) {
            return {command};
        }
    }
    std::vector<std::string> out;
    out.reserve(exts.size());
    for (const auto& ext : exts) {
        out.push_back(command + ext);
    }
    return out;
}

} // namespace

Expected<ResolvedProgram> resolve_program(const std::string& command, const std::optional<PythonEnv>& python,
                                          const Environment& new_env, const Log& log, bool gui)
{
    const TargetOs os = new_env.os();
    if (command.empty()) {
        return Error{"the command is an empty string: command not found", k_exit_not_found};
    }
    if (has_path_separator(command, os)) {
        if (!path_exists(command)) {
            return Error{fmt::format("{}: no such file", command), k_exit_not_found};
        }
        if (!is_executable_file(command)) {
            return Error{fmt::format("{}: not an executable file", command), k_exit_cannot_execute};
        }
        return ResolvedProgram{fs::path(command), command};
    }
    if (python && is_python_name(command, os)) {
        // python, python3, pythonX.Y and pythonw mean the environment's interpreter: the file
        // of that name beside it (never symlink-resolved), else the interpreter itself.
        fs::path file = python->interpreter;
        std::string name =
            os == TargetOs::windows && fs::path(command).extension().empty() ? command + ".exe" : command;
        if (gui && os == TargetOs::windows) {
            name = "pythonw.exe"; // no console window (CPython's PC/WinMain.c)
        }
        if (const fs::path sibling = python->interpreter.parent_path() / name; path_exists(sibling)) {
            file = sibling;
        }
        log.note("program: {} means the environment's interpreter: {}", command, file.string());
        return ResolvedProgram{file, file.string()};
    }
    const auto folders = split_path_list(new_env.get("PATH").value_or(""), os);
    std::string searched;
    fs::path not_executable;
    for (const auto& folder : folders) {
        if (!fs::path(folder).is_absolute()) {
            continue; // a relative PATH element would mean a folder below the working directory
        }
        searched += searched.empty() ? folder : ", " + folder;
        for (const auto& name : candidate_names(command, new_env)) {
            const fs::path p = fs::path(folder) / name;
            if (is_executable_file(p)) {
                log.note("program: {} found on PATH: {}", command, p.string());
                return ResolvedProgram{p, command};
            }
            if (not_executable.empty() && path_exists(p)) {
                not_executable = p;
            }
        }
    }
    if (!not_executable.empty()) {
        return Error{fmt::format("{}: {} is not executable", command, not_executable.string()), k_exit_cannot_execute};
    }
    return Error{
        fmt::format("{}: command not found (searched PATH: {})", command, searched.empty() ? "empty" : searched),
        k_exit_not_found};
}

Expected<ResolvedProgram> resolve_command(std::vector<std::string>& command, const std::optional<PythonEnv>& python,
                                          const Environment& new_env, const fs::path& launcher, const Log& log,
                                          bool gui)
{
    auto program = resolve_program(command.front(), python, new_env, log, gui);
    const TargetOs os = new_env.os();
    if (!program || (python && !has_path_separator(command.front(), os) && is_python_name(command.front(), os)) ||
        !is_launcher_script(program->file, launcher, new_env)) {
        return program;
    }
    if (!python) {
        return Error{
            fmt::format("{}: its #! line names run-with-cuda, so the environment's interpreter runs it, and no "
                        "Python environment was found",
                        command.front()),
            k_exit_not_found};
    }
    auto interpreter = resolve_program("python", python, new_env, log, gui);
    if (!interpreter) {
        return interpreter;
    }
    log.note("program: {} is a script for run-with-cuda (its #! line); run by {}", program->file.string(),
             interpreter->file.string());
    const std::string script = has_path_separator(command.front(), os) ? command.front() : program->file.string();
    command.front() = script;
    command.insert(command.begin(), interpreter->argv0);
    return interpreter;
}

} // namespace rwc
