// Selecting the Python environment and finding its site-packages from the files on disk
// (docs/design.md, "Which Python environment"; docs/design.md, "Where site-packages is").
#pragma once

#include "config.hpp"
#include "environment.hpp"
#include "log.hpp"
#include "pth_file.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// The kind of environment an interpreter belongs to: embeddable is Python's embeddable
/// distribution, a folder with python.exe, a ._pth file and no pyvenv.cfg (Windows only;
/// docs/design.md, "Which Python environment").
enum class EnvKind { venv, conda, system, embeddable };

/// A selected Python environment. Paths are absolute and never symlink-resolved (a venv's
/// bin/python links to the base interpreter; following it would lose the venv).
struct PythonEnv {
    fs::path interpreter; ///< e.g. /p/.venv/bin/python, C:\p\.venv\Scripts\python.exe
    fs::path root;        ///< the environment root (the folder with pyvenv.cfg for a venv)
    EnvKind kind = EnvKind::system;
    std::string version;        ///< "X.Y", or empty when unknown
    bool free_threaded = false; ///< a free-threaded build: python3.13t, lib/python3.13t (PEP 703)
    std::string source;         ///< how it was selected, for --verbose ("--python", "VIRTUAL_ENV", ...)
    /// Folders searched for nvidia/ in order: [python] site-packages, the environment's own,
    /// the user site, the base install's (include-system-site-packages). Existing folders only.
    std::vector<fs::path> site_packages;
    /// Folders that activation puts on PATH: a venv's bin/Scripts; conda's bin (Linux) or
    /// root, Library/bin, Scripts (Windows). Empty for a system interpreter.
    std::vector<fs::path> path_folders;
    /// For an embeddable environment: its ._pth file as read; pth_problem says why it could
    /// not be read (then pth holds only the file's path).
    std::optional<PthFile> pth;
    std::string pth_problem;
};

/// The kind's short name: "venv", "conda", "system", "embeddable" (--verbose, the JSON report).
const char* env_kind_name(EnvKind kind) noexcept;

/// Inputs to environment selection.
struct PythonQuery {
    std::optional<std::string> python_option; ///< --python PATH
    std::vector<std::string> command;         ///< COMMAND and its arguments
    fs::path launcher;                        ///< the launcher's own absolute path
    fs::path working_directory;               ///< absolute
    /// false for --print-env, --dry-run, --init and --doctor: inspection starts no program,
    /// so an interpreter whose files cannot tell its site-packages is not asked.
    bool may_start_interpreter = true;
};

/// Selects the environment, with the rules of env.os(), in docs/design.md's order: --python; COMMAND when it is a path
/// to an interpreter; [python] interpreter; VIRTUAL_ENV; CONDA_PREFIX; a .venv beside the config, in the working
/// directory or above; the environment holding the launcher; python3/python on PATH. Returns nullopt when none is found
/// (the command still runs, --verbose says why). Throws Failure (exit 127) when --python or [python] interpreter names
/// a missing file.
std::optional<PythonEnv> select_python_env(const PythonQuery& query, const Config& config, const Environment& env,
                                           const Log& log);

/// Describes the environment at an interpreter path or root folder p (absolute), with the
/// folder rules of env.os(): its root, kind, version and site-packages. nullopt when p is neither an interpreter nor an
/// environment root. Asks the interpreter (one subprocess, 5 s timeout) only when the
/// files cannot tell the site-packages folder and may_start_interpreter is true; when it is
/// false, warns on stderr that the site-packages are unknown and carries on without them.
std::optional<PythonEnv> describe_python_env(const fs::path& p, const Environment& env, const Log& log,
                                             bool may_start_interpreter = true);

/// True when name is an interpreter name that means "the environment's interpreter":
/// python, python3, pythonX.Y, pythonw (with ".exe" on Windows, case-insensitive there).
bool is_python_name(const std::string& name, TargetOs os);

/// The value of key in pyvenv.cfg text ("key = value" lines, CPython's site.py rules:
/// keys are case-insensitive, whitespace trimmed); nullopt when absent.
std::optional<std::string> pyvenv_value(const std::string& text, const std::string& key);

} // namespace rwc
