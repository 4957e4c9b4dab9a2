// Where XLA (JAX, TensorFlow) would look first for libdevice and ptxas: the CUDA data folder
// (docs/real-wheels.md, "JAX"), from the installed distributions, the site-packages folders
// and the new environment.
#include "doctor/facts.hpp"
#include "file_status.hpp"
#include "text_util.hpp"

#include <boost/filesystem/operations.hpp>

#include <string>
#include <vector>

namespace rwc {

namespace {

/// The value of the last --xla_gpu_cuda_data_dir=VALUE (one or two dashes, VALUE unquoted
/// or in double quotes with backslash escapes) in an XLA_FLAGS value; "" if none.
std::string xla_flags_data_dir(std::string_view flags)
{
    constexpr std::string_view name = "xla_gpu_cuda_data_dir=";
    std::string found;
    for (std::size_t at = 0; at < flags.size(); ++at) {
        if ((at > 0 && flags[at - 1] != ' ' && flags[at - 1] != '\t') || flags[at] != '-') {
            continue; // not the start of a token
        }
        std::size_t i = at + (flags.substr(at, 2) == "--" ? 2 : 1);
        if (flags.substr(i, name.size()) != name) {
            continue;
        }
        i += name.size();
        found.clear();
        if (i < flags.size() && flags[i] == '"') {
            for (++i; i < flags.size() && flags[i] != '"'; ++i) {
                found.push_back(flags[i] == '\\' && i + 1 < flags.size() ? flags[++i] : flags[i]);
            }
        } else {
            found = std::string(flags.substr(i, flags.find_first_of(" \t\n", i) - i));
        }
    }
    return found;
}

} // namespace

std::optional<XlaDataCheck> xla_data_folder(const DistributionScan& dists, const std::vector<fs::path>& site_packages,
                                            const Environment& new_env)
{
    if (new_env.os() != TargetOs::linux) {
        return std::nullopt; // JAX's and TensorFlow's CUDA builds are Linux-only
    }
    const Distribution* plugin = nullptr;
    for (const auto& d : dists.frameworks) {
        if (starts_with(d.key, "jax-cuda") && d.key.size() > 7 && d.key.substr(d.key.size() - 7) == "-plugin") {
            plugin = plugin ? plugin : &d;
        }
    }
    const Distribution* tf = find_distribution(dists, "tensorflow");
    tf = tf ? tf : find_distribution(dists, "tensorflow-gpu");
    XlaDataCheck check;
    if (plugin) {
        // jax/_src/lib/__init__.py, _cuda_path(): CUDA_ROOT, else the first nvidia.cu13 (then
        // nvidia.cuda_nvcc) folder with bin/ptxas; JAX passes it to every compile, over XLA_FLAGS.
        check.framework = plugin->name + " " + plugin->version;
        if (const auto root = new_env.get("CUDA_ROOT"); root && !root->empty()) {
            check.folder = *root;
            check.source = "CUDA_ROOT";
        }
        for (const char* package : {"cu13", "cuda_nvcc"}) {
            for (const auto& sp : site_packages) {
                if (check.folder.empty() && is_file(sp / "nvidia" / package / "bin" / "ptxas")) {
                    check.folder = sp / "nvidia" / package;
                    check.source = std::string("JAX's nvidia.") + package;
                }
            }
        }
    } else if (tf && !dists.nvidia.empty()) {
        check.framework = tf->name + " " + tf->version;
        if (const auto flags = new_env.get("XLA_FLAGS")) {
            check.folder = xla_flags_data_dir(*flags);
            check.source = "XLA_FLAGS";
        }
    } else {
        return std::nullopt;
    }
    if (!check.folder.empty()) {
        for (const char* rel : {"nvvm/libdevice/libdevice.10.bc", "bin/ptxas"}) {
            if (!is_file(check.folder / rel)) {
                check.missing.emplace_back(rel);
            }
        }
    }
    return check;
}

} // namespace rwc
