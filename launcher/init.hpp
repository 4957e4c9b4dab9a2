// --init: a commented starter run-with-cuda.toml for the project in the working directory.
#pragma once

#include "cuda_layout.hpp"
#include "python_env.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>

namespace rwc {

/// The text of a starter config for a project in project_dir: [python] interpreter set to
/// the environment found (relative to project_dir when inside it), the NVIDIA packages
/// found listed in comments, every other key commented out at its default. For a Windows
/// target, comments name the start-up hook (docs/windows-dll-loading.md) and, when
/// python lacks it, the --install-hook command. Pure but for the hook's existence check.
std::string starter_config(const boost::filesystem::path& project_dir, const std::optional<PythonEnv>& python,
                           const CudaLayout& layout, TargetOs os = k_host_os);

/// Writes text to project_dir/run-with-cuda.toml and returns that path. Never overwrites:
/// throws Failure (exit 2) when the file exists, exit 1 naming the OS's text when it
/// cannot be written.
boost::filesystem::path write_starter_config(const boost::filesystem::path& project_dir, const std::string& text);

} // namespace rwc
