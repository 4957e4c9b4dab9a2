// The RECORD files of installed wheels (PEP 376 / PEP 627): which files a wheel puts into
// site-packages. The e2e fixtures are laid out from the CUDA 13 wheels' RECORDs.
#pragma once

#include <boost/filesystem/path.hpp>

#include <string>
#include <vector>

namespace rwc::e2e {

namespace fs = boost::filesystem;

/// The paths (first CSV field, '/'-separated, relative to site-packages) listed in one
/// RECORD file, in file order; a double-quoted field is unquoted. Throws if unreadable.
std::vector<std::string> record_paths(const fs::path& record_file);

/// The "*.dist-info" folders under manifest_dir that hold a RECORD, sorted by name.
std::vector<fs::path> dist_info_folders(const fs::path& manifest_dir);

/// True when a RECORD path is a shared library on the Linux loader path of a wheel:
/// "nvidia/<package>/lib/<name>.so" or "...so.<version>" (docs/layouts.md, cu13 column).
bool is_nvidia_shared_library(const std::string& record_path);

/// The last '/'-separated component of a RECORD path (for a library: its soname).
std::string record_file_name(const std::string& record_path);

} // namespace rwc::e2e
