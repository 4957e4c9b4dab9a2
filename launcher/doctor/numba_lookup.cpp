// Which libdevice.10.bc Numba's CUDA target (numba-cuda) would read: its own search order
// (numba/cuda/cuda_paths.py, _get_libdevice_path_decision; docs/real-wheels.md, "Numba
// (numba-cuda)"), from the installed distributions, the environment and the new environment.
#include "doctor/facts.hpp"
#include "file_status.hpp"

#include <string>
#include <vector>

namespace rwc {

std::optional<NumbaLibdeviceCheck> numba_libdevice(const DistributionScan& dists,
                                                   const std::vector<fs::path>& site_packages,
                                                   const std::optional<PythonEnv>& python, const Environment& new_env)
{
    const Distribution* numba = find_distribution(dists, "numba-cuda");
    if (!numba) {
        return std::nullopt;
    }
    NumbaLibdeviceCheck check;
    check.framework = numba->name + " " + numba->version;
    const fs::path rel = fs::path("nvvm") / "libdevice" / "libdevice.10.bc";
    const auto take = [&](const fs::path& file, const char* source) {
        check.file = file;
        check.source = source;
        check.exists = is_file(file);
    };
    // 1. A conda environment: sys.prefix/nvvm/libdevice (Library/nvvm/libdevice on Windows), if there.
    if (python && python->kind == EnvKind::conda) {
        const fs::path conda = (new_env.os() == TargetOs::windows ? python->root / "Library" : python->root) / rel;
        if (is_file(conda)) {
            take(conda, "conda environment");
            return check;
        }
    }
    // 2. The NVIDIA wheels: nvidia-cuda-nvcc-cu12's nvidia/cuda_nvcc, then nvidia-nvvm 13's nvidia/cu13.
    for (const char* package : {"cuda_nvcc", "cu13"}) {
        for (const auto& sp : site_packages) {
            if (is_file(sp / "nvidia" / package / rel)) {
                take(sp / "nvidia" / package / rel, "NVIDIA wheel");
                return check;
            }
        }
    }
    // 3. CUDA_HOME, else CUDA_PATH: the path is taken without looking, so a root without
    //    nvvm/ ends the search there and the system step (/usr/local/cuda) is never reached.
    for (const char* name : {"CUDA_HOME", "CUDA_PATH"}) {
        if (const auto home = new_env.get(name)) {
            take(fs::path(*home) / rel, name);
            return check;
        }
    }
    return check;
}

} // namespace rwc
