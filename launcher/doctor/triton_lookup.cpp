// Where Triton would find ptxas (python/triton/knobs.py) and triton-windows a CUDA root
// (its find_cuda(); docs/layouts.md), from the site-packages folders and the new environment.
#include "doctor/facts.hpp"
#include "file_status.hpp"

#include <boost/filesystem/operations.hpp>

#include <string>
#include <vector>

namespace rwc {

fs::path triton_ptxas(const std::vector<fs::path>& site_packages, const Environment& new_env,
                      const std::vector<ToolInfo>& tools)
{
    const std::string exe = "ptxas" + std::string(executable_suffix(new_env.os()));
    for (const char* variable : {"TRITON_PTXAS_PATH", "TRITON_PTXAS.EXE_PATH"}) {
        if (const auto value = new_env.get(variable); value && is_file(*value)) {
            return *value;
        }
    }
    for (const auto& sp : site_packages) {
        if (fs::path bundled = sp / "triton" / "backends" / "nvidia" / "bin" / exe; is_file(bundled)) {
            return bundled;
        }
    }
    for (const auto& tool : tools) {
        if (tool.name == "ptxas" && !tool.path.empty()) {
            return tool.path;
        }
    }
    if (const auto cuda_path = new_env.get("CUDA_PATH"); cuda_path && is_file(fs::path(*cuda_path) / "bin" / exe)) {
        return fs::path(*cuda_path) / "bin" / exe;
    }
    return {};
}

std::vector<TritonRoot> triton_windows_roots(const std::vector<fs::path>& site_packages, const Environment& new_env)
{
    std::vector<TritonRoot> out;
    const auto check = [&](const fs::path& root, std::vector<std::string> files) {
        TritonRoot r{root, {}};
        for (auto& f : files) {
            if (!is_file(root / f)) {
                r.missing.push_back(std::move(f));
            }
        }
        out.push_back(std::move(r));
    };
    const std::vector<std::string> k_toolkit = {"bin/ptxas.exe", "include/cuda.h", "lib/x64/cuda.lib"};
    boost::system::error_code ec;
    for (const auto& sp : site_packages) {
        if (fs::is_directory(sp / "triton" / "backends" / "nvidia", ec)) {
            check(sp / "triton" / "backends" / "nvidia", k_toolkit);
        }
    }
    if (const auto cuda_path = new_env.get("CUDA_PATH"); cuda_path && !cuda_path->empty()) {
        check(*cuda_path, k_toolkit);
    }
    for (const auto& sp : site_packages) {
        if (fs::is_directory(sp / "nvidia", ec)) {
            check(sp / "nvidia",
                  {"cuda_nvcc/bin/ptxas.exe", "cuda_runtime/include/cuda.h", "cuda_runtime/lib/x64/cuda.lib"});
        }
    }
    return out;
}

} // namespace rwc
