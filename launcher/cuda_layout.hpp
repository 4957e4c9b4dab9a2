// Where the NVIDIA wheels put their libraries and tools, as data per target OS
// (LAYOUTS.md, "Shared libraries" and "Executables"), and the scan of site-packages.
#pragma once

#include "config.hpp"
#include "log.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// What a folder of a wheel holds, and so which variable it goes on.
enum class FolderKind {
    library, ///< shared libraries: the loader path (LD_LIBRARY_PATH / PATH)
    tool,    ///< executables (ptxas, nvcc): PATH
};

/// One directory rule: in SP/nvidia/<package>/, the folder <subfolder> holds <kind>.
/// package "*" matches every package folder not matched by a more specific rule of the
/// same kind. source names the LAYOUTS.md row the rule comes from.
struct LayoutRule {
    std::string_view package;
    std::string_view subfolder;
    FolderKind kind;
    std::string_view source;
};

/// The directory rules for os, most specific first (LAYOUTS.md, columns for that OS).
const std::vector<LayoutRule>& layout_rules(TargetOs os);

/// The toolkit-root candidates for os, in preference order: package folders under nvidia/
/// whose include/cuda.h makes them a CUDA_PATH (cu13 for CUDA 13, cuda_runtime for 12).
const std::vector<std::string_view>& toolkit_candidates(TargetOs os);

/// The CUDA 12/11 per-package folder names (cuda_runtime, cublas, ...) whose libraries
/// CUDA 13 wheels put into cu13/ instead (LAYOUTS.md, "Shared libraries" and "Traps").
const std::vector<std::string_view>& per_package_toolkit_folders();

/// One NVIDIA package folder found under SP/nvidia/.
struct NvidiaPackage {
    std::string name;           ///< the folder name: "cu13", "cudnn", "cuda_runtime", ...
    fs::path folder;            ///< SP/nvidia/<name>
    std::vector<fs::path> library_folders; ///< existing folders for the loader path
    std::vector<fs::path> tool_folders;    ///< existing folders for PATH
};

/// The scan result for an environment.
struct CudaLayout {
    std::vector<NvidiaPackage> packages; ///< in site-packages order, then by name
    fs::path toolkit_root;               ///< empty when no candidate has include/cuda.h
    /// Findings for --verbose and --doctor, e.g. "mixed CUDA majors: cu13 and cuda_runtime".
    std::vector<std::string> findings;

    /// Every library folder, in package order, without duplicates.
    std::vector<fs::path> library_folders() const;
    /// Every tool folder, in package order, without duplicates.
    std::vector<fs::path> tool_folders() const;
};

/// Scans SP/nvidia/* of each site-packages folder with the rules of os; include/exclude
/// filter by package folder name. An unreadable folder is reported through log and skipped.
/// Package folders of the first site-packages that holds a name win over later ones.
CudaLayout scan_cuda_layout(const std::vector<fs::path>& site_packages,
                            const std::vector<std::string>& include,
                            const std::vector<std::string>& exclude, TargetOs os, const Log& log);

} // namespace rwc
