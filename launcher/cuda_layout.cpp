// Scanning SP/nvidia/* with the directory rules of the target OS (cuda_rules.cpp).
#include "cuda_layout.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace rwc {

namespace {

bool listed(const std::vector<std::string>& list, const std::string& name)
{
    return std::find(list.begin(), list.end(), name) != list.end();
}

void add_unique(std::vector<fs::path>& list, const fs::path& p)
{
    if (std::find(list.begin(), list.end(), p) == list.end()) {
        list.push_back(p);
    }
}

/// True when some rule names package (so "*" does not apply to it: nsight_systems/bin is a
/// tool folder only, cublasmp/ has no lib/ of its own).
bool has_specific_rule(const std::vector<LayoutRule>& rules, std::string_view package)
{
    return std::any_of(rules.begin(), rules.end(), [&](const LayoutRule& r) { return r.package == package; });
}

/// The CUDA major of a "cuNN" folder name (cu12, cu13); 0 for any other name, and for more
/// than four digits (a folder name is untrusted: no overflow).
int cu_major(std::string_view name)
{
    if (name.size() < 3 || name.size() > 6 || name.substr(0, 2) != "cu") {
        return 0;
    }
    int major = 0;
    for (const char c : name.substr(2)) {
        if (c < '0' || c > '9') {
            return 0;
        }
        major = major * 10 + (c - '0');
    }
    return major;
}

/// The cuNN folders first, newest major first (cu13/lib precedes cu12/lib on the loader path),
/// then every other folder by name, byte-wise (docs/layouts.md, "The loader path's order"). A
/// strict weak order for any names: a cuNN folder never compares by name with another one.
bool package_order(const std::string& a, const std::string& b)
{
    const int major_a = cu_major(a);
    const int major_b = cu_major(b);
    if (major_a != major_b) {
        return major_a > major_b; // 0 (not a cuNN folder) sorts after every major
    }
    return a < b;
}

/// The package folder names under SP/nvidia, in package_order; empty (with a note) when unreadable.
std::vector<std::string> package_names(const fs::path& nvidia, const Log& log)
{
    std::vector<std::string> names;
    boost::system::error_code ec;
    if (!fs::is_directory(nvidia, ec)) {
        return names;
    }
    fs::directory_iterator it(nvidia, ec);
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        boost::system::error_code type_ec;
        if (name.empty() || name[0] == '_' || name[0] == '.' || !fs::is_directory(it->path(), type_ec)) {
            continue; // __pycache__, __init__.py, files
        }
        names.push_back(std::move(name));
    }
    if (ec) {
        log.note("cuda: cannot read {}: {}; skipped", nvidia.string(), ec.message());
    }
    std::sort(names.begin(), names.end(), package_order);
    return names;
}

/// Applies the rules to one package folder; wildcard: whether the "*" rules apply (only to
/// SP/nvidia/ folders).
NvidiaPackage scan_package(const fs::path& folder, const std::string& name, const std::vector<LayoutRule>& rules,
                           bool wildcard, const Log& log)
{
    NvidiaPackage package{name, folder, {}, {}};
    for (const auto& rule : rules) {
        const bool applies =
            rule.package == name || (wildcard && rule.package == "*" && !has_specific_rule(rules, name));
        if (!applies) {
            continue;
        }
        // The rules' suffixes are '/'-separated ("bin/x86_64"): in the host's preferred form,
        // the folder reads "...\\cu13\\bin\\x86_64" in PATH and in messages on Windows.
        const fs::path sub = (folder / fs::path(std::string(rule.subfolder))).make_preferred();
        boost::system::error_code ec;
        if (!fs::is_directory(sub, ec)) {
            if (ec && ec != boost::system::errc::no_such_file_or_directory) {
                log.note("cuda: cannot read {}: {}; skipped", sub.string(), ec.message());
            }
            continue;
        }
        add_unique(rule.kind == FolderKind::library ? package.library_folders : package.tool_folders, sub);
        log.note("cuda: {} ({} folder; {})", sub.string(), rule.kind == FolderKind::library ? "library" : "tool",
                 rule.source);
    }
    return package;
}

/// The scanned package called name, or null.
const NvidiaPackage* find_package(const std::vector<NvidiaPackage>& packages, std::string_view name)
{
    const auto it =
        std::find_if(packages.begin(), packages.end(), [&](const NvidiaPackage& p) { return p.name == name; });
    return it == packages.end() ? nullptr : &*it;
}

/// True when one of package's library folders holds a shared library: the evidence that a
/// wheel is installed there, rather than an emptied folder pip left behind.
bool has_libraries(const NvidiaPackage& package, TargetOs os)
{
    return std::any_of(package.library_folders.begin(), package.library_folders.end(),
                       [&](const fs::path& f) { return holds_shared_library(f, os); });
}

/// The mixed-majors finding (docs/layouts.md, "Mixed CUDA majors"), or "" when none: cu13/ and
/// one of cuda12_only_folders() both on the loader path, each holding a shared library. Lists
/// at most the folders of the packages that would trigger it.
std::string mixed_majors(const std::vector<NvidiaPackage>& packages, TargetOs os)
{
    const NvidiaPackage* cu13 = find_package(packages, "cu13");
    if (cu13 == nullptr) {
        return {};
    }
    for (const auto folder : cuda12_only_folders()) {
        const NvidiaPackage* older = find_package(packages, folder);
        if (older != nullptr && has_libraries(*older, os)) {
            if (!has_libraries(*cu13, os)) {
                return {};
            }
            return "mixed CUDA majors: nvidia/cu13 (CUDA 13) beside nvidia/" + std::string(folder) +
                   " (CUDA 12 or 11); libraries of the same name load by folder order";
        }
    }
    return {};
}

} // namespace

bool holds_shared_library(const fs::path& folder, TargetOs os)
{
    boost::system::error_code ec;
    fs::directory_iterator it(folder, ec);
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (os == TargetOs::windows) {
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (name.size() > 4 && name.compare(name.size() - 4, 4, ".dll") == 0) {
                return true;
            }
        } else if (name.find(".so") != std::string::npos) {
            return true;
        }
    }
    return false;
}

namespace {

/// The folders of member of every package, in order, each once (a hash set of the paths'
/// strings: linear in the number of package folders).
std::vector<fs::path> all_folders(const std::vector<NvidiaPackage>& packages,
                                  std::vector<fs::path> NvidiaPackage::*member)
{
    std::vector<fs::path> out;
    std::unordered_set<std::string> seen;
    for (const auto& p : packages) {
        for (const auto& f : p.*member) {
            if (seen.insert(f.string()).second) {
                out.push_back(f);
            }
        }
    }
    return out;
}

} // namespace

std::vector<fs::path> CudaLayout::library_folders() const
{
    return all_folders(packages, &NvidiaPackage::library_folders);
}

std::vector<fs::path> CudaLayout::tool_folders() const
{
    return all_folders(packages, &NvidiaPackage::tool_folders);
}

CudaLayout scan_cuda_layout(const std::vector<fs::path>& site_packages, const std::vector<std::string>& include,
                            const std::vector<std::string>& exclude, TargetOs os, const Log& log)
{
    CudaLayout layout;
    const auto& rules = layout_rules(os);
    std::unordered_set<std::string> seen;
    // One package folder: shadowed, filtered out, or scanned.
    const auto visit = [&](const fs::path& folder, const std::string& name, bool wildcard) {
        if (!seen.insert(name).second) {
            log.note("cuda: {} is shadowed by an earlier site-packages; skipped", folder.string());
            return;
        }
        if ((!include.empty() && !listed(include, name)) || listed(exclude, name)) {
            log.note("cuda: {} left out by [cuda] include/exclude", name);
            return;
        }
        layout.packages.push_back(scan_package(folder, name, rules, wildcard, log));
    };
    for (const auto& sp : site_packages) {
        const fs::path nvidia = sp / "nvidia";
        for (const auto& name : package_names(nvidia, log)) {
            visit(nvidia / name, name, true);
        }
        for (const auto outside : outside_nvidia_packages()) {
            const std::string name(outside);
            boost::system::error_code ec;
            if (fs::is_directory(sp / name, ec)) {
                visit(sp / name, name, false);
            }
        }
    }
    for (const auto candidate : toolkit_candidates()) {
        const auto it = std::find_if(layout.packages.begin(), layout.packages.end(),
                                     [&](const NvidiaPackage& p) { return p.name == candidate; });
        boost::system::error_code ec;
        if (it != layout.packages.end() && fs::is_regular_file(it->folder / "include" / "cuda.h", ec)) {
            layout.toolkit_root = it->folder;
            break;
        }
    }
    if (const std::string mixed = mixed_majors(layout.packages, os); !mixed.empty()) {
        layout.findings.push_back(mixed);
    }
    return layout;
}

} // namespace rwc
