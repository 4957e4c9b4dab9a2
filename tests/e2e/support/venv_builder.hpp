// Building the e2e fixture: a real CPython venv whose site-packages/nvidia tree is laid out
// from the CUDA 13 wheels' RECORD files, with stand-in (or real) shared libraries.
#pragma once

#include <boost/filesystem/path.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwc::e2e {

namespace fs = boost::filesystem;

/// Finds a base CPython 3 interpreter to create venvs with: RWC_E2E_PYTHON if set, then
/// /root/.pyenv/versions/<X.Y.Z>/bin/python3 preferring 3.12, 3.11, then any other 3.8+
/// (newest first), then python3 on PATH (followed through pyenv shims). Returns nullopt
/// and appends every place looked at to searched when none exists.
std::optional<fs::path> find_base_interpreter(std::string& searched);

/// A venv made by find_base_interpreter()'s python with "-m venv --without-pip".
struct Venv {
    fs::path root;          ///< the folder holding pyvenv.cfg
    fs::path interpreter;   ///< root/bin/python (a symlink: never resolve it)
    std::string version;    ///< "X.Y" of the interpreter
    fs::path site_packages; ///< root/lib/pythonX.Y/site-packages
    /// soname -> the file laid out for it under site_packages/nvidia/<package>/lib.
    std::map<std::string, fs::path> libraries;
    fs::path ptxas;        ///< site_packages/nvidia/cu13/bin/ptxas, when laid out
    fs::path toolkit_root; ///< site_packages/nvidia/cu13, when laid out
};

/// Creates an empty venv at root (which must not exist yet) with base_python. Throws
/// std::runtime_error with python's output when venv creation fails.
Venv create_venv(const fs::path& base_python, const fs::path& root);

/// Where the nvidia tree's files come from.
struct LayoutSources {
    fs::path manifest_dir; ///< holds <wheel>.dist-info/RECORD (copied in as dist-info too)
    fs::path standin_dir;  ///< holds one stand-in per soname, and bin/ptxas
    /// soname -> a real library to hard-link (copy if linking fails) instead of a stand-in.
    std::map<std::string, fs::path> real_libraries;
};

/// Lays out every file of every RECORD under venv.site_packages: a dist-info file is
/// copied from the manifest when it has one, each nvidia/*/lib/*.so* is its soname's
/// stand-in (or real library), nvidia/cu13/bin/ptxas is the stand-in ptxas, any other
/// file is empty. Fills venv.libraries, ptxas and toolkit_root. Throws when a stand-in
/// is missing.
void lay_out_nvidia_tree(Venv& venv, const LayoutSources& sources);

/// Copies source's bytes and permission bits to target (replaced if it exists), without
/// the fdatasync() of Boost's copy_file; throws on error.
void copy_file_fast(const fs::path& source, const fs::path& target);

/// Hard-links target to source, or copies it when linking fails (another device, or
/// protected_hardlinks); returns true when a hard link was made.
bool link_or_copy(const fs::path& source, const fs::path& target);

} // namespace rwc::e2e
