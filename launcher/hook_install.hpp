// --install-hook / --remove-hook: the start-up hook's two files (packaging/hook/, compiled
// in) put into, or taken out of, the selected environment's site-packages. On Windows the
// hook calls os.add_dll_directory for RUN_WITH_CUDA_DLL_DIRS, because CPython 3.8+ loads
// extension modules and ctypes DLLs without searching PATH (docs/windows-dll-loading.md).
#pragma once

#include "python_env.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// One file of the hook: its name in site-packages and its exact bytes.
struct HookFile {
    const char* name;
    std::string text;
};

/// The hook's files, from packaging/hook/ at build time: the module first, then the .pth
/// whose one line imports it (Lib/site.py runs it at start-up).
std::vector<HookFile> hook_files();

/// The site-packages folder the hook goes into: the first of python.site_packages inside
/// python.root (the environment's own, not the user site), else the first; for an
/// embeddable environment <root>\Lib\site-packages (the folder site.py processes with
/// "import site"); nullopt when there is none.
std::optional<boost::filesystem::path> hook_site_packages(const PythonEnv& python);

/// True when one of python.site_packages holds the hook's .pth file (site.py processes
/// each of them at start-up); for an embeddable environment, when Lib\site-packages holds
/// it and the ._pth file has "import site".
bool has_dll_hook(const PythonEnv& python);

/// What install_hook / remove_hook did, for the one-line report.
enum class HookChange { written, unchanged, removed, absent };

/// Writes the hook's files into site_packages (module first, then the .pth; each through a
/// temporary file renamed over the old one). Returns written, or unchanged when both
/// already hold these bytes. Throws Failure (exit 1, the OS's text) when a file cannot be
/// written.
HookChange install_hook(const boost::filesystem::path& site_packages);

/// Removes the hook's files (the .pth first) and the module's __pycache__ entries from
/// site_packages. Returns removed, or absent when none was there. Throws Failure (exit 1)
/// when one cannot be removed.
HookChange remove_hook(const boost::filesystem::path& site_packages);

/// --install-hook / --remove-hook for the selected environment: prints one line
/// "run-with-cuda: ..." and returns 0. Throws Failure (exit 2) when no environment or no
/// site-packages folder was found, or when the environment is a system interpreter found
/// only on PATH (a shared install is changed only when named with --python or the config);
/// warns on stderr after installing into an embeddable environment whose ._pth file lacks
/// "import site";
/// exit 1 when a file operation fails.
int run_hook_action(const std::optional<PythonEnv>& python, bool install);

} // namespace rwc
