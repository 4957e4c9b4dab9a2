// The pure rules of a Jupyter kernelspec for --install-kernel and --remove-kernel: the name
// rule, the default name and display name, the text of kernel.json, and the folder
// jupyter_core reads kernelspecs from (docs/integrations.md, "Jupyter kernels"). Values in,
// values out: the files are written by kernel_install.cpp.
#pragma once

#include "environment.hpp"
#include "expected.hpp"
#include "python_env.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rwc {

/// The longest kernelspec name accepted, in bytes (a folder name; most file systems allow 255).
constexpr std::size_t k_max_kernel_name = 128;

/// nullopt when name is a valid kernelspec name: 1 to k_max_kernel_name characters of
/// [A-Za-z0-9._-] (jupyter_client's kernelspec.py, _is_valid_kernel_name), and not made of
/// dots only ("." and ".." are not folders of their own); else the reason, one line naming
/// the first offending character.
std::optional<std::string> kernel_name_problem(std::string_view name);

/// The environment's short name for the defaults: the root folder's name, or the name of
/// the folder above when the root is a project's .venv, venv, .env or env folder
/// (/p/myproj/.venv -> "myproj"); "python" when the root has no name.
std::string environment_short_name(const PythonEnv& python);

/// The default kernelspec name: "cuda-" + environment_short_name, lower-cased (jupyter_client
/// lower-cases kernel names), with every character outside [a-z0-9._-] replaced by '-'.
std::string default_kernel_name(const PythonEnv& python);

/// The default display name: "Python X.Y (CUDA, <short name>)", "Python 3 (CUDA, ...)" when
/// the version is unknown.
std::string default_display_name(const PythonEnv& python);

/// The text of kernel.json (jupyter_client's kernelspec format, indented as ipykernel writes
/// it): argv = [launcher, interpreter, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
/// display_name, "language": "python", "metadata": {"debugger": true}; no
/// metadata.interpreter (docs/integrations.md, "Jupyter kernels"). Paths are written as
/// given (absolute). An Error (exit 2) when a path or the display name is not valid UTF-8:
/// JSON text cannot hold it.
Expected<std::string> kernel_json(const boost::filesystem::path& launcher, const boost::filesystem::path& interpreter,
                                  const std::string& display_name);

/// jupyter_core's jupyter_data_dir() (jupyter_core/paths.py) for env's OS, as a string with
/// that OS's separators: JUPYTER_DATA_DIR when set and not empty; on Windows,
/// %LOCALAPPDATA%\Jupyter when JUPYTER_PLATFORM_DIRS is true (platformdirs), else
/// %APPDATA%\jupyter, else JUPYTER_CONFIG_DIR or %USERPROFILE%\.jupyter, then \data; on
/// Linux $XDG_DATA_HOME/jupyter, else $HOME/.local/share/jupyter. An Error (exit 2) when
/// the variables these need are unset.
Expected<std::string> jupyter_data_dir(const Environment& env);

} // namespace rwc
