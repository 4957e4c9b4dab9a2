// The interpreter shim for IDEs (docs/design.md, "A renamed copy"; docs/integrations.md,
// "IDEs"): a copy of the launcher named python, python3, pythonX.Y (python.exe, pythonw.exe)
// whose config beside it names [python] interpreter. Every argument goes to that
// interpreter unchanged; none is an option of the launcher.
#pragma once

#include "config.hpp"
#include "environment.hpp"
#include "launcher_copy.hpp"
#include "log.hpp"
#include "python_env.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// The config of the shim at executable (absolute, real path): <name>.toml beside it, else
/// run-with-cuda.toml there (config_beside_executable), read with the trust rule of a found
/// config. Never RUN_WITH_CUDA_CONFIG or a config above the working directory: the shim's
/// folder alone says what it runs. Throws Failure (exit 2) when there is none, when it has
/// no [python] interpreter, when it has an [app] table, and as load_config does.
Config load_shim_config(const boost::filesystem::path& executable, const Environment& env, const Log& log);

/// The files --install-shim writes into dir (absolute) for python, with the launcher binary
/// running (launcher_copy.hpp): on Linux bin/python (a copy), bin/python3 and bin/pythonX.Y
/// (links to python; X.Y from python.version, left out when unknown), bin/run-with-cuda.toml;
/// on Windows Scripts\python.exe, Scripts\pythonw.exe (the GUI variant) and
/// Scripts\run-with-cuda.toml. An Error (exit 2) when the GUI variant is missing or the
/// interpreter's path is not UTF-8.
Expected<std::vector<NewFile>> shim_files(const boost::filesystem::path& dir, const PythonEnv& python,
                                          const boost::filesystem::path& running, TargetOs os);

/// --install-shim DIR: writes shim_files (DIR relative to working_directory; its bin or
/// Scripts folder created), never overwriting, and prints what it wrote. Returns 0. Throws
/// Failure: exit 2 with no environment selected, when a file exists (nothing written) or as
/// shim_files; exit 1 when a folder or file cannot be written.
int install_shim(const std::string& dir, const std::optional<PythonEnv>& python, const boost::filesystem::path& running,
                 const boost::filesystem::path& working_directory, TargetOs os);

} // namespace rwc
