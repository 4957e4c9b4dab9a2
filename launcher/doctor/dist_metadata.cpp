// The text of installed distributions: METADATA headers (core metadata, PEP 566), Requires-Dist
// (PEP 508), RECORD (PEP 376), and the CUDA major of an NVIDIA wheel (docs/layouts.md).
#include "doctor/dist_metadata.hpp"

#include "cuda_layout.hpp"
#include "doctor/pep440_version.hpp"
#include "text_lines.hpp"
#include "text_util.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace rwc {

Requirement parse_requirement(std::string_view line)
{
    Requirement r;
    const auto semicolon = line.find(';');
    if (semicolon != std::string_view::npos) {
        r.marker = std::string(trim(line.substr(semicolon + 1)));
    }
    std::string_view rest = trim(line.substr(0, semicolon));
    std::size_t n = 0;
    while (n < rest.size() &&
           (std::isalnum(static_cast<unsigned char>(rest[n])) || rest[n] == '-' || rest[n] == '_' || rest[n] == '.')) {
        ++n;
    }
    r.name = normalize_name(rest.substr(0, n));
    rest = trim(rest.substr(n));
    if (!rest.empty() && rest[0] == '[') {
        const auto close = rest.find(']');
        rest = close == std::string_view::npos ? std::string_view() : trim(rest.substr(close + 1));
    }
    if (!rest.empty() && rest[0] == '@') {
        return r; // a direct URL: no version to compare
    }
    for (const char c : rest) {
        if (c != '(' && c != ')' && !std::isspace(static_cast<unsigned char>(c))) {
            r.specifier.push_back(c);
        }
    }
    return r;
}

DistMetadata parse_metadata(std::string_view text)
{
    DistMetadata meta;
    Lines lines(text);
    while (const auto next = lines.next()) {
        const std::string_view line = *next;
        if (trim(line).empty()) {
            break; // the body (the long description) starts here
        }
        if (line[0] == ' ' || line[0] == '\t') {
            continue; // a continuation of a folded field the doctor does not use
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view field = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(field, "Name") && meta.name.empty()) {
            meta.name = std::string(value);
        } else if (iequals(field, "Version") && meta.version.empty()) {
            meta.version = std::string(value);
        } else if (iequals(field, "Requires-Dist")) {
            if (Requirement r = parse_requirement(value); !r.name.empty()) {
                meta.requires.push_back(std::move(r));
            }
        }
    }
    return meta;
}

std::vector<std::string> record_package_folders(std::string_view record_text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < record_text.size()) {
        auto end = record_text.find('\n', start);
        if (end == std::string_view::npos) {
            end = record_text.size();
        }
        std::string_view path = record_text.substr(start, end - start);
        start = end + 1;
        path = path.substr(0, path.find(','));
        if (!path.empty() && path[0] == '"') {
            path = path.substr(1); // a quoted field; nvidia/ paths hold no comma
        }
        const auto top = path.find('/');
        if (top == std::string_view::npos || top == 0) {
            continue;
        }
        if (is_outside_nvidia_package(path.substr(0, top))) {
            const std::string folder(path.substr(0, top)); // SP/cutensor/..., SP/cuquantum/...
            if (std::find(out.begin(), out.end(), folder) == out.end()) {
                out.push_back(folder);
            }
            continue;
        }
        if (!starts_with(path, "nvidia/")) {
            continue;
        }
        path.remove_prefix(7);
        const auto slash = path.find('/');
        if (slash == std::string_view::npos || slash == 0) {
            continue; // nvidia/__init__.py
        }
        const std::string folder(path.substr(0, slash));
        if (folder != "__pycache__" && std::find(out.begin(), out.end(), folder) == out.end()) {
            out.push_back(folder);
        }
    }
    return out;
}

int nvidia_wheel_cuda_major(const std::string& key, const std::string& version,
                            const std::vector<std::string>& package_folders, std::string& source)
{
    if (const auto dash = key.rfind('-'); dash != std::string::npos) {
        if (const int major = cuda_major_of_tag(std::string_view(key).substr(dash + 1)); major > 0) {
            source = "name suffix " + key.substr(dash);
            return major;
        }
    }
    for (const auto& folder : package_folders) {
        if (const int major = cuda_major_of_tag(folder); major > 0) {
            source = "RECORD: files under nvidia/" + folder + "/";
            return major;
        }
    }
    // Packages versioned like the toolkit itself: nvidia-cuda-runtime 13.0.96 is CUDA 13.
    // (cufft 12.x, cusparse 12.x, curand 10.x are not, so they never reach this rule.)
    const bool toolkit_versioned = starts_with(key, "nvidia-cuda-") || key == "nvidia-nvjitlink" ||
                                   key == "nvidia-nvtx" || key == "nvidia-nvvm" || key == "nvidia-cublas";
    const PyVersion v = parse_version(version);
    if (toolkit_versioned && v.valid() && v.release[0] >= 9 && v.release[0] <= 99) {
        source = "version major (versioned like the toolkit)";
        return static_cast<int>(v.release[0]);
    }
    source = "unknown";
    return 0;
}

bool is_nvidia_library_key(const std::string& key)
{
    // docs/layouts.md, "Outside nvidia/": cuTENSOR's and cuQuantum's wheels.
    static const std::array<std::string_view, 5> k_outside = {"cutensor-cu", "custatevec-cu", "cutensornet-cu",
                                                              "cudensitymat-cu", "cuquantum-cu"};
    return starts_with(key, "nvidia-") ||
           std::any_of(k_outside.begin(), k_outside.end(), [&](std::string_view p) { return starts_with(key, p); });
}

bool is_framework_key(const std::string& key)
{
    static const std::array<const char*, 14> k_names = {
        "torch",  "triton", "triton-windows",  "pytorch-triton", "xformers",   "flash-attn",     "jax",
        "jaxlib", "cupy",   "onnxruntime-gpu", "ctranslate2",    "tensorflow", "tensorflow-gpu", "numba-cuda"};
    return std::find(k_names.begin(), k_names.end(), key) != k_names.end() || starts_with(key, "jax-cuda") ||
           starts_with(key, "cupy-cuda");
}

} // namespace rwc
