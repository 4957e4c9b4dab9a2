// Where the NVIDIA wheels put their libraries and tools, as data per target OS
// (docs/layouts.md), and the scan of site-packages.
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

/// One directory rule: in SP/nvidia/<package>/ (SP/<package>/ for outside_nvidia_packages()),
/// the folder <subfolder> holds <kind>. package "*" matches every SP/nvidia/ package folder
/// that no other rule names. source names the docs/layouts.md section the rule comes from.
struct LayoutRule {
    std::string_view package;
    std::string_view subfolder;
    FolderKind kind;
    std::string_view source;
};

/// The directory rules for os, most specific first; within a package, a folder listed earlier
/// comes earlier on the loader path (cu13/lib before cu12/lib; docs/layouts.md).
const std::vector<LayoutRule>& layout_rules(TargetOs os);

/// The toolkit-root candidates, in preference order, the same on Linux and Windows: package
/// folders under nvidia/ whose include/cuda.h makes them a CUDA_PATH (cu13 for CUDA 13,
/// cuda_runtime for 12; docs/layouts.md, "The toolkit root").
const std::vector<std::string_view>& toolkit_candidates();

/// The package folders that sit in SP/ itself, beside nvidia/ ("cutensor", "cuquantum"):
/// the scan stats exactly these (docs/layouts.md, "Outside nvidia/").
const std::vector<std::string_view>& outside_nvidia_packages();

/// True when name (a top-level folder of site-packages) is one of outside_nvidia_packages().
bool is_outside_nvidia_package(std::string_view name);

/// The SP/nvidia/ folder names only CUDA 12 or 11 wheels create (cuda_runtime, cublas, cu12,
/// nvfatbin, ...), because their CUDA 13 builds put the same libraries into cu13/; in list
/// order, the candidates of the mixed-majors finding (docs/layouts.md, "Mixed CUDA majors").
const std::vector<std::string_view>& cuda12_only_folders();

/// True when folder directly holds a shared library of os (Linux: a name with ".so";
/// Windows: a name ending in ".dll", any case); false when it is empty, missing or unreadable.
/// Lists the folder once and stops at the first hit (no recursion).
bool holds_shared_library(const fs::path& folder, TargetOs os);

/// One NVIDIA package folder found under SP/nvidia/.
struct NvidiaPackage {
    std::string name;                      ///< the folder name: "cu13", "cudnn", "cuda_runtime", "cutensor", ...
    fs::path folder;                       ///< SP/nvidia/<name>, or SP/<name> for outside_nvidia_packages()
    std::vector<fs::path> library_folders; ///< existing folders for the loader path
    std::vector<fs::path> tool_folders;    ///< existing folders for PATH
};

/// The scan result for an environment.
struct CudaLayout {
    /// The loader path's order (docs/layouts.md, "The loader path's order"): site-packages in
    /// order; within one, the SP/nvidia/cuNN folders newest major first (cu13, cu12), then the
    /// other SP/nvidia/ folders by name (byte-wise), then outside_nvidia_packages() in list order.
    std::vector<NvidiaPackage> packages;
    fs::path toolkit_root; ///< empty when no candidate has include/cuda.h
    /// Findings for --verbose and --doctor, e.g. "mixed CUDA majors: cu13 and cuda_runtime";
    /// mixed majors only when both folders hold a shared library (an emptied leftover does not count).
    std::vector<std::string> findings;

    /// Every library folder, in package order, without duplicates.
    std::vector<fs::path> library_folders() const;
    /// Every tool folder, in package order, without duplicates.
    std::vector<fs::path> tool_folders() const;
};

/// Scans SP/nvidia/* and SP/<outside_nvidia_packages()> of each site-packages folder with the
/// rules of os: one listing of SP/nvidia, a stat per rule folder and per outside package, and a
/// listing of a library folder only to confirm mixed majors. include/exclude filter by package
/// folder name. An unreadable folder is reported through log and skipped. Package folders of
/// the first site-packages that holds a name win over later ones.
CudaLayout scan_cuda_layout(const std::vector<fs::path>& site_packages, const std::vector<std::string>& include,
                            const std::vector<std::string>& exclude, TargetOs os, const Log& log);

} // namespace rwc
