// The directory rules of NVIDIA's wheels, as data per target OS. Every row cites the
// docs/layouts.md section it comes from (and that section names the real wheel whose RECORD
// showed it); change docs/layouts.md and this file together.
#include "cuda_layout.hpp"

#include <algorithm>

namespace rwc {

namespace {

const std::vector<LayoutRule> k_linux_rules = {
    {"cu13", "lib", FolderKind::library, "docs/layouts.md, \"CUDA 13\": cu13/lib"},
    {"cu13", "bin", FolderKind::tool, "docs/layouts.md, \"CUDA 13\": cu13/bin (ptxas, nvcc)"},
    {"cu13", "nvvm/bin", FolderKind::tool, "docs/layouts.md, \"CUDA 13\": cu13/nvvm/bin (cicc)"},
    {"cu12", "lib", FolderKind::library, "docs/layouts.md, \"cu12 and cu13 side by side\": cu12/lib (cuDSS, ...)"},
    {"cublasmp", "cu13/lib", FolderKind::library, "docs/layouts.md, \"One level deeper\": cublasmp/cu13/lib"},
    {"cublasmp", "cu12/lib", FolderKind::library, "docs/layouts.md, \"One level deeper\": cublasmp/cu12/lib"},
    {"cufftmp", "cu13/lib", FolderKind::library, "docs/layouts.md, \"One level deeper\": cufftmp/cu13/lib"},
    {"cufftmp", "cu12/lib", FolderKind::library, "docs/layouts.md, \"One level deeper\": cufftmp/cu12/lib"},
    {"cuda_nvcc", "nvvm/lib64", FolderKind::library, "docs/layouts.md, \"CUDA 12\": cuda_nvcc/nvvm/lib64"},
    {"cuda_nvcc", "bin", FolderKind::tool, "docs/layouts.md, \"CUDA 12\": cuda_nvcc/bin (ptxas only)"},
    {"nsight_systems", "bin", FolderKind::tool, "docs/layouts.md, \"Nsight\": nsight_systems/bin (unverified)"},
    {"nsight_compute", "bin", FolderKind::tool, "docs/layouts.md, \"Nsight\": nsight_compute/bin (unverified)"},
    {"cutensor", "lib", FolderKind::library, "docs/layouts.md, \"Outside nvidia/\": SP/cutensor/lib"},
    {"cuquantum", "lib", FolderKind::library, "docs/layouts.md, \"Outside nvidia/\": SP/cuquantum/lib"},
    {"*", "lib", FolderKind::library,
     "docs/layouts.md, \"CUDA 12\" <pkg>/lib; cuDNN, NCCL, nvshmem <pkg>/lib in cu12 and cu13; cu11 as cu12"},
};

const std::vector<LayoutRule> k_windows_rules = {
    {"cu13", "bin/x86_64", FolderKind::library, "docs/layouts.md, \"CUDA 13\": cu13/bin/x86_64"},
    {"cu13", "bin/x64", FolderKind::library, "docs/layouts.md, \"CUDA 13\": cu13/bin/x64 (cuSPARSELt)"},
    {"cu13", "bin", FolderKind::library, "docs/layouts.md, \"cu12 and cu13 side by side\": cu13/bin (cuDSS)"},
    {"cu13", "bin", FolderKind::tool, "docs/layouts.md, \"CUDA 13\": cu13/bin (ptxas.exe, nvcc.exe)"},
    {"cu13", "nvvm/bin", FolderKind::tool, "docs/layouts.md, \"CUDA 13\": cu13/nvvm/bin (cicc.exe)"},
    {"cu12", "bin", FolderKind::library, "docs/layouts.md, \"cu12 and cu13 side by side\": cu12/bin (cuDSS, ...)"},
    {"cuda_nvcc", "nvvm/bin", FolderKind::library, "docs/layouts.md, \"CUDA 12\": cuda_nvcc/nvvm/bin"},
    {"cuda_nvcc", "bin", FolderKind::tool, "docs/layouts.md, \"CUDA 12\": cuda_nvcc/bin (ptxas.exe only)"},
    {"nsight_systems", "bin", FolderKind::tool, "docs/layouts.md, \"Nsight\": nsight_systems/bin (unverified)"},
    {"nsight_compute", "bin", FolderKind::tool, "docs/layouts.md, \"Nsight\": nsight_compute/bin (unverified)"},
    {"cutensor", "bin", FolderKind::library, "docs/layouts.md, \"Outside nvidia/\": SP/cutensor/bin"},
    {"*", "bin", FolderKind::library, "docs/layouts.md, \"CUDA 12\" <pkg>/bin; cuDNN cudnn/bin in cu12 and cu13"},
};

/// docs/layouts.md, "The toolkit root": cu13 for CUDA 13 wheels, cuda_runtime (which holds
/// include/cuda.h but no bin/nvcc) for CUDA 12 and 11.
const std::vector<std::string_view> k_toolkit_candidates = {"cu13", "cuda_runtime"};

} // namespace

const std::vector<LayoutRule>& layout_rules(TargetOs os)
{
    return os == TargetOs::windows ? k_windows_rules : k_linux_rules;
}

const std::vector<std::string_view>& toolkit_candidates()
{
    return k_toolkit_candidates;
}

const std::vector<std::string_view>& outside_nvidia_packages()
{
    // docs/layouts.md, "Outside nvidia/": cutensor-cu12/-cu13 and cuQuantum's wheels.
    static const std::vector<std::string_view> k_folders = {"cutensor", "cuquantum"};
    return k_folders;
}

bool is_outside_nvidia_package(std::string_view name)
{
    const auto& folders = outside_nvidia_packages();
    return std::find(folders.begin(), folders.end(), name) != folders.end();
}

const std::vector<std::string_view>& cuda12_only_folders()
{
    // docs/layouts.md, "Mixed CUDA majors": folders that only CUDA 12 or 11 wheels create,
    // because their CUDA 13 builds put the same libraries into cu13/. cusparselt/ is not one:
    // nvidia-cusparselt-cu13 0.8.0 still used it.
    static const std::vector<std::string_view> k_folders = {
        "cu12",     "cuda_runtime", "cuda_nvrtc", "nvjitlink", "cuda_nvcc",  "cublas", "cufft",   "curand",
        "cusolver", "cusparse",     "npp",        "nvjpeg",    "cuda_cupti", "cufile", "nvfatbin"};
    return k_folders;
}

} // namespace rwc
