// Scanning SP/nvidia/* with the directory rules of the target OS (cuda_rules.cpp).
#include "cuda_layout.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>

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

/// True when some rule names package specifically for kind (so "*" does not apply).
bool has_specific_rule(const std::vector<LayoutRule>& rules, std::string_view package, FolderKind kind)
{
    return std::any_of(rules.begin(), rules.end(),
                       [&](const LayoutRule& r) { return r.kind == kind && r.package == package; });
}

/// The package folder names under SP/nvidia, sorted; empty (with a note) when unreadable.
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
    std::sort(names.begin(), names.end());
    return names;
}

/// Applies the rules to one package folder.
NvidiaPackage scan_package(const fs::path& folder, const std::string& name, const std::vector<LayoutRule>& rules,
                           const Log& log)
{
    NvidiaPackage package{name, folder, {}, {}};
    for (const auto& rule : rules) {
        const bool applies = rule.package == name || (rule.package == "*" && !has_specific_rule(rules, name, rule.kind));
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
        log.note("cuda: {} ({} folder; LAYOUTS.md {})", sub.string(),
                 rule.kind == FolderKind::library ? "library" : "tool", rule.source);
    }
    return package;
}

} // namespace

std::vector<fs::path> CudaLayout::library_folders() const
{
    std::vector<fs::path> out;
    for (const auto& p : packages) {
        for (const auto& f : p.library_folders) {
            add_unique(out, f);
        }
    }
    return out;
}

std::vector<fs::path> CudaLayout::tool_folders() const
{
    std::vector<fs::path> out;
    for (const auto& p : packages) {
        for (const auto& f : p.tool_folders) {
            add_unique(out, f);
        }
    }
    return out;
}

CudaLayout scan_cuda_layout(const std::vector<fs::path>& site_packages, const std::vector<std::string>& include,
                            const std::vector<std::string>& exclude, TargetOs os, const Log& log)
{
    CudaLayout layout;
    const auto& rules = layout_rules(os);
    std::vector<std::string> seen;
    for (const auto& sp : site_packages) {
        const fs::path nvidia = sp / "nvidia";
        for (const auto& name : package_names(nvidia, log)) {
            if (listed(seen, name)) {
                log.note("cuda: {} is shadowed by an earlier site-packages; skipped", (nvidia / name).string());
                continue;
            }
            seen.push_back(name);
            if ((!include.empty() && !listed(include, name)) || listed(exclude, name)) {
                log.note("cuda: {} left out by [cuda] include/exclude", name);
                continue;
            }
            layout.packages.push_back(scan_package(nvidia / name, name, rules, log));
        }
    }
    for (const auto candidate : toolkit_candidates(os)) {
        const auto it = std::find_if(layout.packages.begin(), layout.packages.end(),
                                     [&](const NvidiaPackage& p) { return p.name == candidate; });
        boost::system::error_code ec;
        if (it != layout.packages.end() && fs::is_regular_file(it->folder / "include" / "cuda.h", ec)) {
            layout.toolkit_root = it->folder;
            break;
        }
    }
    if (listed(seen, "cu13")) {
        for (const auto folder : per_package_toolkit_folders()) {
            if (listed(seen, std::string(folder))) {
                layout.findings.push_back("mixed CUDA majors: nvidia/cu13 (CUDA 13) beside nvidia/" +
                                          std::string(folder) +
                                          " (CUDA 12 or 11); libraries of the same name load by folder order");
                break;
            }
        }
    }
    return layout;
}

} // namespace rwc
