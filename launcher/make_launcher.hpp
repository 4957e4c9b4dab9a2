// --make-launcher NAME [--gui] -- COMMAND [ARGS...]: an app's entry point made in the working
// directory (docs/packaged-apps.md, "Making the entry point: --make-launcher"): NAME
// (NAME.exe), a copy of the launcher, and NAME.toml with [python] interpreter and [app]
// command, every path inside the folder written relative to it, so that the folder can be
// moved or zipped.
#pragma once

#include "expected.hpp"
#include "python_env.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// Checks NAME for --make-launcher on every OS (the folder may be zipped and moved to
/// another): not empty, ".", ".."; no '/' or '\'; no control character or one of <>:"|?*
/// (Windows file names); not a reserved Windows device name (CON, PRN, AUX, NUL, COM1-9,
/// LPT1-9, in any case, with or without an extension: "Naming Files, Paths, and Namespaces");
/// not run-with-cuda or run-with-cuda-w, nor an interpreter name (that is a shim:
/// --install-shim). An Error (exit 2) saying which rule NAME breaks.
Status check_launcher_name(std::string_view name);

/// What the made config says.
struct LauncherConfig {
    std::optional<std::string> interpreter; ///< [python] interpreter as written (relative to the folder inside it)
    std::vector<std::string> command;       ///< [app] command, the program made relative inside the folder
    bool gui = false;                       ///< [app] gui
};

/// The [python] interpreter and [app] command for folder (absolute): the environment's root
/// (venv, conda) or interpreter (system), and an absolute program path of command, relative
/// to folder when they lie inside it ("./x" for a file directly in it, so that it keeps a
/// path separator); other words as given. Pure.
LauncherConfig launcher_config(const boost::filesystem::path& folder, const PythonEnv& python,
                               const std::vector<std::string>& command, bool gui, TargetOs os);

/// The text of NAME.toml for config; an Error (exit 2) when a value is not UTF-8.
Expected<std::string> launcher_config_text(const LauncherConfig& config);

/// --make-launcher: writes NAME (NAME.exe) and NAME.toml into folder, from the binary
/// running (launcher_copy.hpp), never overwriting; prints what it wrote and warns about a
/// path outside the folder. Returns 0. Throws Failure: exit 2 for a bad NAME, no
/// environment, a file that exists (nothing written), a value that is not UTF-8, a missing
/// GUI variant; exit 1 when a file cannot be written.
int make_launcher(const std::string& name, bool gui, const std::vector<std::string>& command,
                  const std::optional<PythonEnv>& python, const boost::filesystem::path& running,
                  const boost::filesystem::path& folder, TargetOs os);

} // namespace rwc
