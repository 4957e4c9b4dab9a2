// Program resolution: which file COMMAND names (docs/design.md, "Which Python environment").
#pragma once

#include "environment.hpp"
#include "expected.hpp"
#include "log.hpp"
#include "python_env.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// A resolved program and the argv[0] to give it.
struct ResolvedProgram {
    fs::path file;
    std::string argv0;
};

/// Resolves command (COMMAND, non-empty): a name with a path separator is used as given
/// (relative to the working directory); python, python3, pythonX.Y, pythonw mean the
/// environment's interpreter (argv[0] becomes its path, so sys.executable is the venv's);
/// any other bare name is searched on new_env's PATH (empty elements skipped, never the
/// current directory; PATHEXT on Windows). An Error with exit status 127 (naming the folders
/// searched) when nothing is found, 126 when the file found is not executable. With gui and a
/// Windows target, a python name means the environment's pythonw.exe, the interpreter
/// without a console (CPython's PC/WinMain.c; uv's trampoline picks it for gui-scripts),
/// when that file exists.
Expected<ResolvedProgram> resolve_program(const std::string& command, const std::optional<PythonEnv>& python,
                                          const Environment& new_env, const Log& log, bool gui = false);

/// The file to execute and its whole argv for command (COMMAND or the [app] command,
/// non-empty): resolve_program of its first word, except that a file whose #! line names the
/// launcher (is_launcher_script, with launcher the running executable) is never executed: it
/// is run as `python FILE ARGS...` with the environment's interpreter (FILE as given when it
/// has a path separator, else the file found on PATH), so that `#!/usr/bin/env run-with-cuda`
/// cannot start the launcher again (docs/design.md, "Program lookup"). Errors as
/// resolve_program; exit 127 for such a script when no environment was selected.
Expected<ResolvedProgram> resolve_command(std::vector<std::string>& command, const std::optional<PythonEnv>& python,
                                          const Environment& new_env, const fs::path& launcher, const Log& log,
                                          bool gui = false);

} // namespace rwc
