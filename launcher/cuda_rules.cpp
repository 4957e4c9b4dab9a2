// The directory rules of NVIDIA's wheels, as data per target OS. Every row cites the
// LAYOUTS.md table and row it comes from; change LAYOUTS.md and this file together.
#include "cuda_layout.hpp"

namespace rwc {

namespace {

const std::vector<LayoutRule> k_linux_rules = {
    {"cu13", "lib", FolderKind::library, "Shared libraries, Linux cu13: cu13/lib (cudart ... cuSPARSELt)"},
    {"cu13", "bin", FolderKind::tool, "Executables, cu13: cu13/bin (ptxas, nvcc, nvlink, fatbinary)"},
    {"cuda_nvcc", "nvvm/lib64", FolderKind::library, "Shared libraries, nvvm, Linux cu12: cuda_nvcc/nvvm/lib64"},
    {"cuda_nvcc", "bin", FolderKind::tool, "Executables, cu12: cuda_nvcc/bin"},
    {"*", "lib", FolderKind::library,
     "Shared libraries, Linux cu12 <pkg>/lib; cuDNN, NCCL, nvshmem <pkg>/lib in cu12 and cu13; cu11 as cu12"},
};

const std::vector<LayoutRule> k_windows_rules = {
    {"cu13", "bin/x86_64", FolderKind::library, "Shared libraries, Windows cu13 (x64): cu13/bin/x86_64"},
    {"cu13", "bin/x64", FolderKind::library, "Shared libraries, cuSPARSELt, Windows cu13: cu13/bin/x64 (unverified)"},
    {"cu13", "bin", FolderKind::tool, "Executables, cu13: cu13/bin (.exe on Windows)"},
    {"cuda_nvcc", "nvvm/bin", FolderKind::library, "Shared libraries, nvvm, Windows cu12: cuda_nvcc/nvvm/bin"},
    {"cuda_nvcc", "bin", FolderKind::tool, "Executables, cu12: cuda_nvcc/bin"},
    {"*", "bin", FolderKind::library, "Shared libraries, Windows cu12 <pkg>/bin; cuDNN cudnn/bin in cu12 and cu13"},
};

/// LAYOUTS.md, "Headers" and DESIGN.md rule 3: the toolkit root is cu13 for CUDA 13 wheels,
/// cuda_runtime (which holds include/cuda.h) for CUDA 12 and 11.
const std::vector<std::string_view> k_toolkit_candidates = {"cu13", "cuda_runtime"};

} // namespace

const std::vector<LayoutRule>& layout_rules(TargetOs os)
{
    return os == TargetOs::windows ? k_windows_rules : k_linux_rules;
}

const std::vector<std::string_view>& toolkit_candidates(TargetOs /*os*/) { return k_toolkit_candidates; }

const std::vector<std::string_view>& per_package_toolkit_folders()
{
    // LAYOUTS.md, "Shared libraries": the cu12/cu11 per-package folders whose libraries
    // moved into cu13/ in CUDA 13 wheels. Seen beside cu13/, they mean mixed majors.
    static const std::vector<std::string_view> k_folders = {
        "cuda_runtime", "cuda_nvrtc", "nvjitlink", "cuda_nvcc", "cublas", "cufft", "curand",
        "cusolver",     "cusparse",   "npp",       "nvjpeg",    "cuda_cupti", "cufile"};
    return k_folders;
}

} // namespace rwc
