// The facts of --doctor: the pipeline's own results (config, python_env, cuda_layout,
// env_plan; docs/design.md, "The pipeline") and what the host probes and the disk say, collected
// once into DoctorFacts. Findings (findings.hpp) and the renderings (report.hpp) are pure
// functions of these facts.
#pragma once

#ifdef RWC_CORE_LIBRARY
#error "rwc_core depends on nothing of the doctor (launcher/CMakeLists.txt): include no doctor/ header there"
#endif

#include "config.hpp"
#include "cuda_layout.hpp"
#include "doctor/dist_scan.hpp"
#include "env_plan.hpp"
#include "environment.hpp"
#include "python_env.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

struct HostProbes; // probes.hpp

/// The pipeline results the doctor reads; nothing is looked up a second way.
struct DoctorInput {
    const Environment& environment; ///< the current process environment
    const Config& config;
    std::optional<fs::path> config_file; ///< the file used; nullopt for built-in defaults
    const std::optional<PythonEnv>& python;
    /// The site-packages folders in the launcher's order, as app.cpp gives them to the layout
    /// scan: [python] site-packages first, then the environment's (docs/design.md, "The pipeline").
    const std::vector<fs::path>& site_packages;
    const CudaLayout& layout;
    const EnvPlan& plan;
};

/// The NVIDIA driver as the probe saw it (libcuda.so.1 / nvcuda.dll, cuDriverGetVersion).
struct DriverInfo {
    std::string library; ///< "libcuda.so.1" or "nvcuda.dll"
    bool loaded = false;
    int cuda_version = 0; ///< cuDriverGetVersion's value: 1000 * major + 10 * minor (12040); 0 unknown
    std::string error;    ///< why it did not load (dlerror / GetLastError text)
};

/// ptxas or nvcc as found on the new PATH (program.hpp's search), with its --version line.
struct ToolInfo {
    std::string name;         ///< "ptxas", "nvcc"
    fs::path path;            ///< empty when not found
    std::string version_line; ///< "Cuda compilation tools, release 13.0, V13.0.88"
    std::string error;        ///< not found, timed out, exited non-zero
};

/// One ld.so cache entry, from `ldconfig -p`: "libcudart.so.13 (libc6,x86-64) => /path".
struct LoaderCacheEntry {
    std::string soname;
    fs::path path;
};

/// A CUDA library of the environment and what the loader would pick for its name without
/// the launcher (docs/design.md, "Who reads which variable": LD_LIBRARY_PATH, then the ld.so
/// cache on Linux; PATH on Windows).
struct LoadSite {
    std::string soname; ///< "libcudart.so.13", "cudart64_13.dll"
    fs::path venv_path; ///< the file in the environment's library folders; empty for a system-only name
    fs::path path;      ///< what loads without the launcher; empty: nothing
    std::string source; ///< "LD_LIBRARY_PATH", "ld.so cache", "PATH"
};

/// A file name that more than one of the launcher's library folders holds. The loader takes
/// the first folder on the loader path that has the name and never looks further (ld.so(8),
/// LD_LIBRARY_PATH; LoadLibraryW, PATH), so only the copy in loads is ever loaded by name
/// (docs/layouts.md, "The same soname in two folders").
struct DuplicateSoname {
    std::string soname;             ///< "libcusparse.so.12"; on Windows as loads spells it ("cusparse64_12.dll")
    fs::path loads;                 ///< the folder whose copy loads: the first on the loader path
    std::vector<fs::path> shadowed; ///< the later folders with a file of that name, in loader-path order
};

/// A candidate toolkit root of triton-windows' find_cuda() and the files it lacks
/// (docs/layouts.md: bin/ptxas.exe, include/cuda.h, lib/x64/cuda.lib, or under a pip root
/// cuda_nvcc/bin/ptxas.exe, cuda_runtime/include/cuda.h, cuda_runtime/lib/x64/cuda.lib).
struct TritonRoot {
    fs::path root;
    std::vector<std::string> missing; ///< relative paths; empty: accepted
};

/// A toolkit root (CUDA_HOME) and the files of a full CUDA toolkit it lacks (docs/layouts.md,
/// "The toolkit root"): torch.utils.cpp_extension runs $CUDA_HOME/bin/nvcc; Triton looks for
/// bin/ptxas and include/cuda.h there (Numba's libdevice there: NumbaLibdeviceCheck).
struct ToolkitRootCheck {
    fs::path root;
    std::vector<std::string>
        missing; ///< "bin/nvcc", "bin/ptxas" (".exe" on Windows), "include/cuda.h"; empty: complete
};

/// The CUDA data folder XLA would search first for nvvm/libdevice/libdevice.10.bc and
/// bin/ptxas, for JAX with a CUDA plugin (JAX's own rule: CUDA_ROOT, else nvidia/cu13, else
/// nvidia/cuda_nvcc, each with bin/ptxas) or TensorFlow beside NVIDIA wheels (XLA_FLAGS'
/// --xla_gpu_cuda_data_dir); docs/real-wheels.md, "JAX".
struct XlaDataCheck {
    std::string framework;            ///< "jax-cuda13-plugin 0.10.2", "tensorflow 2.21.0"
    fs::path folder;                  ///< empty: none from the environment
    std::string source;               ///< "CUDA_ROOT", "JAX's nvidia.cu13", "XLA_FLAGS"
    std::vector<std::string> missing; ///< of "nvvm/libdevice/libdevice.10.bc", "bin/ptxas"
};

/// The libdevice.10.bc Numba's CUDA target (numba-cuda) would read, by its own search
/// (numba/cuda/cuda_paths.py, _get_libdevice_path_decision): a conda environment's
/// nvvm/libdevice, else the NVIDIA wheels' (nvidia/cuda_nvcc, then nvidia/cu13), else
/// $CUDA_HOME (or $CUDA_PATH)/nvvm/libdevice, taken whether it exists or not; docs/real-wheels.md,
/// "Numba (numba-cuda)".
struct NumbaLibdeviceCheck {
    std::string framework; ///< "numba-cuda 0.30.4"
    fs::path file;         ///< the file numba-cuda would open; empty: no step applies (its system step)
    std::string source;    ///< "conda environment", "NVIDIA wheel", "CUDA_HOME", "CUDA_PATH"; empty with file
    bool exists = false;   ///< file is a regular file
};

/// One path-list or plain variable the launcher changes, with what it adds.
struct VariableChange {
    std::string name;
    std::optional<std::string> value; ///< nullopt: removed
    std::vector<std::string> added;   ///< path-list elements not in the old value, in order
    bool path_list = false;           ///< PATH / LD_LIBRARY_PATH
};

/// Everything the report shows, collected once.
struct DoctorFacts {
    TargetOs os = k_host_os;
    std::string launcher_version;
    std::optional<fs::path> config_file;
    /// The trust rule's decision for config_file (Config::trust: "named with --config ...",
    /// "found; owned by you (uid 1000), ..."); empty without a file.
    std::string config_trust;
    bool cuda_enabled = true;
    std::optional<PythonEnv> python;
    std::vector<fs::path> site_packages; ///< the folders scanned, in the launcher's order
    /// One of site_packages is a PyInstaller bundle's contents folder (frozen_bundle.hpp): the
    /// frozen program carries its own interpreter, so no environment is expected.
    bool frozen_bundle = false;
    DistributionScan dists;
    CudaLayout layout;
    std::vector<VariableChange> variables;
    std::vector<ToolInfo> tools; ///< ptxas, nvcc
    DriverInfo driver;
    std::vector<LoadSite> without_launcher;
    std::vector<DuplicateSoname> duplicate_sonames; ///< under the launcher, sorted by soname
    fs::path triton_ptxas;                          ///< the ptxas Triton would use; empty: none
    std::vector<TritonRoot> triton_windows_roots;
    std::optional<ToolkitRootCheck> cuda_home;  ///< the CUDA_HOME the launcher sets; nullopt: left alone
    std::optional<XlaDataCheck> xla;            ///< nullopt: no JAX CUDA plugin, no TensorFlow with NVIDIA wheels
    std::optional<NumbaLibdeviceCheck> numba;   ///< nullopt: numba-cuda is not installed
    std::map<std::string, std::string> markers; ///< marker_environment() of the target
    /// The start-up hook's .pth is in one of python's site-packages (hook_install.hpp).
    bool dll_hook = false;
    /// Every program --doctor started, as "PROGRAM ARGS" (the report lists them all).
    std::vector<std::string> programs_started;
};

/// Collects the facts from the pipeline results and the probes. Never throws for odd
/// files: what cannot be read becomes a DistributionScan problem.
DoctorFacts collect_doctor_facts(const DoctorInput& input, const HostProbes& probes);

/// Stats root/bin/nvcc, root/bin/ptxas (with ".exe" when os is Windows) and root/include/cuda.h;
/// returns the ones that are not regular files, in that order. Never throws.
ToolkitRootCheck check_toolkit_root(const fs::path& root, TargetOs os);

/// What would load without the launcher, for every library file name in the layout's
/// library folders and for system CUDA libraries (known prefixes) in the cache: Linux
/// searches env's LD_LIBRARY_PATH folders, then cache; Windows, env's PATH folders.
std::vector<LoadSite> loads_without_launcher(const CudaLayout& layout, const Environment& env,
                                             const std::vector<LoaderCacheEntry>& cache);

/// True when name is a shared library's file name on os, the names the loader is asked for:
/// lib*.so and lib*.so.N (Linux; "libcudart.so.13", "libnvperf_host.so"), *.dll in any case
/// (Windows). Not static archives (".a") or Python extension modules without the lib prefix.
bool is_shared_library_name(std::string_view name, TargetOs os);

/// The layout's library folders in the order they hold in new_env's loader path
/// (LD_LIBRARY_PATH; PATH on Windows), each once; a folder the plan did not put there (cuda
/// disabled, [env] unset) is left out. Linear: one hash map of the folders.
std::vector<fs::path> loader_path_library_folders(const CudaLayout& layout, const Environment& new_env);

/// The file names that two or more of folders (loader-path order) hold, sorted by soname: each a
/// shared library's name (is_shared_library_name; on Windows compared case-insensitively, as
/// the loader does), a regular file (symbolic links followed), and not the same file as the
/// winner's (a hard link, one folder reached by two paths). Untrusted folders: at most
/// k_max_folder_entries entries of each folder and k_max_listed_entries in all are read, names
/// with control characters are skipped; an unreadable folder is skipped. Never throws.
std::vector<DuplicateSoname> find_duplicate_sonames(const std::vector<fs::path>& folders, TargetOs os);

/// The most entries find_duplicate_sonames() reads of one folder (a real wheel's library
/// folder holds under 100 files) and of all folders together.
inline constexpr std::size_t k_max_folder_entries = 4096;
inline constexpr std::size_t k_max_listed_entries = 65536;

/// Parses `ldconfig -p` output; lines that are not "NAME (...) => PATH" are skipped.
std::vector<LoaderCacheEntry> parse_ldconfig_output(std::string_view text);

/// The ptxas Triton would use (python/triton/knobs.py order): TRITON_PTXAS_PATH, the bundled
/// SP/triton/backends/nvidia/bin/ptxas, ptxas on the new PATH, CUDA_PATH/bin; empty if none.
fs::path triton_ptxas(const std::vector<fs::path>& site_packages, const Environment& new_env,
                      const std::vector<ToolInfo>& tools);

/// XLA's CUDA data folder (XlaDataCheck) for the distributions, site-packages folders (the
/// launcher's order) and the new environment; nullopt when no JAX CUDA plugin nor TensorFlow
/// beside NVIDIA wheels is installed, or the target is not Linux. Never throws.
std::optional<XlaDataCheck> xla_data_folder(const DistributionScan& dists, const std::vector<fs::path>& site_packages,
                                            const Environment& new_env);

/// Numba's libdevice (NumbaLibdeviceCheck) for the distributions, site-packages folders (the
/// launcher's order), the environment (a conda one has its own step) and the new environment's
/// CUDA_HOME/CUDA_PATH; nullopt when numba-cuda is not installed. Never throws.
std::optional<NumbaLibdeviceCheck> numba_libdevice(const DistributionScan& dists,
                                                   const std::vector<fs::path>& site_packages,
                                                   const std::optional<PythonEnv>& python, const Environment& new_env);

/// triton-windows' find_cuda() candidates (docs/layouts.md): the bundled SP/triton/backends/nvidia,
/// CUDA_PATH of the new environment, and each SP/nvidia as a pip root, with what each lacks.
std::vector<TritonRoot> triton_windows_roots(const std::vector<fs::path>& site_packages, const Environment& new_env);

} // namespace rwc
