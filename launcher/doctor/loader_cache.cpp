// The ld.so cache (`ldconfig -p`) and what would load without the launcher (docs/design.md,
// "Who reads which variable": LD_LIBRARY_PATH, then the cache on Linux; PATH on Windows).
#include "doctor/facts.hpp"
#include "file_status.hpp"
#include "path_list.hpp"
#include "text_lines.hpp"
#include "text_util.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace rwc {

namespace {

/// A versioned soname of one of NVIDIA's CUDA libraries (docs/layouts.md).
bool is_cuda_soname(const std::string& name)
{
    static const std::array<std::string_view, 14> k_prefixes = {
        "libcudart",    "libcublas", "libcufft", "libcurand", "libcusolver", "libcusparse", "libnvrtc",
        "libnvJitLink", "libnvvm",   "libcupti", "libcudnn",  "libnccl",     "libnvshmem",  "libnvjpeg"};
    if (name.find(".so.") == std::string::npos) {
        return false;
    }
    return std::any_of(k_prefixes.begin(), k_prefixes.end(), [&](std::string_view prefix) {
        return name.compare(0, prefix.size(), prefix) == 0 &&
               std::string_view("._-LMw").find(name[prefix.size()]) != std::string_view::npos;
    });
}

bool same_file(const fs::path& a, const fs::path& b)
{
    if (a == b) {
        return true;
    }
    boost::system::error_code ec;
    return fs::equivalent(a, b, ec) && !ec;
}

} // namespace

bool is_shared_library_name(std::string_view name, TargetOs os)
{
    if (os == TargetOs::windows) {
        return ends_with_icase(name, ".dll");
    }
    const auto so = name.find(".so");
    return starts_with(name, "lib") && so != std::string_view::npos && (so + 3 == name.size() || name[so + 3] == '.');
}

std::vector<LoaderCacheEntry> parse_ldconfig_output(std::string_view text)
{
    std::vector<LoaderCacheEntry> out;
    Lines lines(text);
    while (const auto next = lines.next()) {
        const std::string_view line = *next;
        // "\tlibcudart.so.13 (libc6,x86-64) => /usr/local/cuda-13.0/lib/libcudart.so.13"
        const auto open = line.find(" (");
        const auto close = line.find(") => ");
        if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
            continue;
        }
        const std::string_view flags = line.substr(open + 2, close - open - 2);
        if (sizeof(void*) == 8 && flags.find("64") == std::string_view::npos) {
            continue; // a 32-bit (or x32) library: never loaded by a 64-bit process
        }
        std::string_view name = line.substr(0, open);
        name.remove_prefix(std::min(name.find_first_not_of(" \t"), name.size()));
        std::string_view path = line.substr(close + 5);
        while (!path.empty() && (path.back() == '\r' || path.back() == ' ')) {
            path.remove_suffix(1);
        }
        if (!name.empty() && !path.empty()) {
            out.push_back({std::string(name), fs::path(std::string(path))});
        }
    }
    return out;
}

std::vector<LoadSite> loads_without_launcher(const CudaLayout& layout, const Environment& env,
                                             const std::vector<LoaderCacheEntry>& cache)
{
    const TargetOs os = env.os();
    std::vector<LoadSite> sites; // the environment's libraries, first folder wins
    for (const auto& folder : layout.library_folders()) {
        boost::system::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (is_shared_library_name(name, os) &&
                std::none_of(sites.begin(), sites.end(), [&](const LoadSite& s) { return s.soname == name; })) {
                sites.push_back({name, it->path(), {}, {}});
            }
        }
    }
    for (const auto& entry : cache) {
        if (is_cuda_soname(entry.soname) &&
            std::none_of(sites.begin(), sites.end(), [&](const LoadSite& s) { return s.soname == entry.soname; })) {
            sites.push_back({entry.soname, {}, {}, {}}); // a system CUDA library the environment lacks
        }
    }
    const std::string_view variable = loader_path_variable(os);
    const auto folders = split_path_list(env.get(variable).value_or(""), os);
    std::vector<LoadSite> out;
    for (auto& site : sites) {
        for (const auto& folder : folders) {
            if (fs::path(folder).is_absolute() && is_file(fs::path(folder) / site.soname)) {
                site.path = fs::path(folder) / site.soname;
                site.source = std::string(variable);
                break;
            }
        }
        if (site.path.empty() && os == TargetOs::linux) {
            const auto hit = std::find_if(cache.begin(), cache.end(),
                                          [&](const LoaderCacheEntry& e) { return e.soname == site.soname; });
            if (hit != cache.end()) {
                site.path = hit->path;
                site.source = "ld.so cache";
            }
        }
        if (!site.path.empty() && (site.venv_path.empty() || !same_file(site.path, site.venv_path))) {
            out.push_back(std::move(site));
        }
    }
    std::sort(out.begin(), out.end(), [](const LoadSite& a, const LoadSite& b) { return a.soname < b.soname; });
    return out;
}

} // namespace rwc
