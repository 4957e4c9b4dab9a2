// --install-kernel / --remove-kernel: a Jupyter kernelspec folder (kernel.json and
// ipykernel's logos) whose argv starts the environment's ipykernel through this launcher,
// written where jupyter_core looks for kernelspecs, or taken out again
// (docs/integrations.md, "Jupyter kernels"; the pure rules are in kernel_spec.hpp).
#pragma once

#include "cli.hpp"
#include "environment.hpp"
#include "expected.hpp"
#include "python_env.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// The largest logo file copied into a kernelspec, in bytes (ipykernel's are a few KiB).
constexpr std::size_t k_max_logo_file = std::size_t{1} << 20;

/// ipykernel's logo files, as its wheel installs them into
/// <environment root>/share/jupyter/kernels/python3/.
inline constexpr const char* k_kernel_logos[] = {"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"};

/// One file of a kernelspec folder: its name and exact bytes.
struct KernelFile {
    std::string name;
    std::string bytes;
};

/// True when one of site_packages holds an ipykernel-*.dist-info folder (the name compared
/// without regard to case, as wheel names are normalised), found by listing the folders:
/// no interpreter is started.
bool has_ipykernel(const std::vector<boost::filesystem::path>& site_packages);

/// The logos of ipykernel's own kernelspec in the environment at root, those that are
/// regular files of at most k_max_logo_file bytes (others are skipped: the logos are
/// optional).
std::vector<KernelFile> ipykernel_logos(const boost::filesystem::path& root);

/// The kernels folder of location: <jupyter_data_dir>/kernels (--user), <root>/share/jupyter/kernels
/// (--sys-prefix, root = the environment's root, jupyter_core's {sys.prefix}/share/jupyter),
/// <prefix>/share/jupyter/kernels (--prefix, made absolute against working_directory). An Error
/// (exit 2) when jupyter_data_dir cannot tell the user folder, or --sys-prefix has no environment.
Expected<boost::filesystem::path> kernels_folder(const KernelOptions& options, const PythonEnv* python,
                                                 const Environment& env,
                                                 const boost::filesystem::path& working_directory);

/// Writes kernels/<name> holding files, through kernels/.rwc-tmp-<name> renamed into place,
/// so that it is complete or absent; with replace, an existing folder of that name is moved
/// aside first and removed after. An Error (exit 2) when the folder exists and replace is
/// false; exit 1 with the OS's text when a file operation fails (the temporary folder is
/// removed, a folder moved aside is put back).
Status write_kernelspec(const boost::filesystem::path& kernels, const std::string& name,
                        const std::vector<KernelFile>& files, bool replace);

/// Removes kernels/<name> (moved to kernels/.rwc-old-<name> first, then deleted). An Error
/// (exit 2) when it does not exist; exit 1 with the OS's text when it cannot be removed.
Status remove_kernelspec(const boost::filesystem::path& kernels, const std::string& name);

/// --install-kernel (install true) or --remove-kernel for the selected environment: checks
/// everything first (the name, the location, ipykernel, an existing kernelspec), then writes
/// or removes one folder and prints one line "run-with-cuda: ...". Returns 0. Throws Failure:
/// exit 2 for a usage error (a bad name, no environment, no ipykernel, an existing kernelspec
/// without --force, a missing one to remove), exit 1 when a file operation fails. launcher
/// is the launcher's own absolute path (argv[0] of the kernel). Starts no program.
int run_kernel_action(const KernelOptions& options, const std::optional<PythonEnv>& python, bool install,
                      const boost::filesystem::path& launcher, const Environment& env,
                      const boost::filesystem::path& working_directory);

} // namespace rwc
