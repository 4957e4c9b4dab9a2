#include "init.hpp"

#include "error.hpp"
#include "hook_install.hpp"
#include "text_file.hpp"
#include "toml_text.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <cerrno>
#include <cstring>

namespace rwc {

namespace {

/// Text from disk (a folder name, a path) for a comment: every control character and every
/// byte outside printable ASCII as \xNN, so that no name can end the comment line or put
/// bytes that are not UTF-8 into the file.
std::string comment_text(const std::string& s)
{
    std::string out;
    for (const char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f) {
            out += fmt::format("\\x{:02x}", byte);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

/// p relative to base when p lies inside base, else p itself (generic '/' separators).
std::string display_path(const fs::path& p, const fs::path& base)
{
    const fs::path relative = p.lexically_relative(base);
    if (!relative.empty() && *relative.begin() != "..") {
        return relative.generic_string();
    }
    return p.generic_string();
}

/// The comment about the start-up hook (Windows only): Python 3.8+ does not search PATH
/// for the DLLs of extension modules and ctypes (docs/windows-dll-loading.md).
std::string hook_comment(const std::optional<PythonEnv>& python)
{
    std::string out = "# Windows: Python 3.8+ loads extension modules and ctypes DLLs without searching PATH.\n"
                      "# The start-up hook (a .pth file; pip install run-with-cuda brings it) adds the CUDA\n"
                      "# DLL folders with os.add_dll_directory; see docs/windows-dll-loading.md.\n";
    if (python && has_dll_hook(*python)) {
        return out + "# This environment has the hook.\n";
    }
    return out + "# This environment lacks it: run-with-cuda --install-hook (--remove-hook takes it out).\n";
}

} // namespace

std::string starter_config(const fs::path& project_dir, const std::optional<PythonEnv>& python,
                           const CudaLayout& layout, TargetOs os)
{
    std::string out = "# run-with-cuda.toml, written by `run-with-cuda --init`. Every key is optional; the\n"
                      "# reference is config/README.md of run-with-cuda. Relative paths are relative to this file.\n\n"
                      "[python]\n";
    const std::optional<std::string> interpreter =
        python ? toml_string(display_path(python->interpreter, project_dir)) : std::nullopt;
    if (python && !interpreter) {
        out += fmt::format("# Found {}, whose path is not UTF-8 (a TOML file cannot hold it); name it here:\n"
                           "# interpreter = \".venv/bin/python\"\n",
                           comment_text(display_path(python->interpreter, project_dir)));
    } else if (python) {
        out += fmt::format("# Found: {}, Python {}.\ninterpreter = {}\n",
                           python->kind == EnvKind::venv         ? "a venv"
                           : python->kind == EnvKind::conda      ? "a conda environment"
                           : python->kind == EnvKind::embeddable ? "an embeddable Python"
                                                                 : "a system interpreter",
                           python->version.empty() ? "(version unknown)" : comment_text(python->version), *interpreter);
    } else {
        out += "# No Python environment was found; name one:\n# interpreter = \".venv/bin/python\"\n";
    }
    out += "# site-packages = []\n\n";
    if (os == TargetOs::windows) {
        out += hook_comment(python) + "\n";
    }
    out += "[cuda]\n";
    if (layout.packages.empty()) {
        out += "# No NVIDIA package (site-packages/nvidia/*) was found.\n";
    } else {
        out += "# NVIDIA packages found:\n";
        for (const auto& package : layout.packages) {
            out += fmt::format("#   {:<14} {}\n", comment_text(package.name),
                               comment_text(display_path(package.folder, project_dir)));
        }
        if (!layout.toolkit_root.empty()) {
            out += fmt::format("# Toolkit root (CUDA_PATH, CUDA_HOME): {}\n",
                               comment_text(display_path(layout.toolkit_root, project_dir)));
        }
    }
    out += "# enabled = true\n# include = []\n# exclude = []\n# toolkit = \"auto\"\n# module-loading = \"lazy\"\n\n"
           "# [env]\n# set = { HF_HOME = \"${config_dir}/models\" }\n# prepend = { PATH = [\"tools/bin\"] }\n\n"
           "# What runs when no command is given (a double-click):\n# [app]\n"
           "# command = [\"python\", \"app.py\"]\n# gui = false\n# working-directory = \".\"\n";
    return out;
}

fs::path write_starter_config(const fs::path& project_dir, const std::string& text)
{
    fs::path file = project_dir / "run-with-cuda.toml";
    boost::system::error_code ec;
    if (fs::exists(file, ec)) {
        throw Failure(k_exit_usage, fmt::format("{} exists; --init never overwrites a config", file.string()));
    }
    // "wx" refuses a file created since the check above, too (exit status 2 then).
    write_new_text_file(file, text).value_or_throw(fmt::format("cannot write {}: ", file.string()));
    return file;
}

} // namespace rwc
