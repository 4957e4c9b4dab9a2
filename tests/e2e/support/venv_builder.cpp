// See venv_builder.hpp.
#include "venv_builder.hpp"

#include "child_process.hpp"
#include "scratch_dir.hpp"
#include "wheel_record.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <unistd.h>

namespace rwc::e2e {

namespace {

/// The bin/python3 of /root/.pyenv/versions/X.Y.Z folders in preference order: 3.12,
/// 3.11, then other 3.8+ versions; newest patch release first within a minor version.
std::vector<fs::path> pyenv_candidates()
{
    const fs::path versions = "/root/.pyenv/versions";
    std::vector<std::pair<std::pair<int, int>, fs::path>> ranked; // (minor rank, patch), path
    boost::system::error_code ec;
    for (fs::directory_iterator it(versions, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        int major = 0;
        int minor = 0;
        int patch = 0;
        if (std::sscanf(name.c_str(), "%d.%d.%d", &major, &minor, &patch) < 2 || major != 3 || minor < 8) {
            continue;
        }
        int rank = minor == 12 ? 1000 : minor == 11 ? 999 : minor;
        ranked.push_back({{rank, patch}, it->path() / "bin" / "python3"});
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<fs::path> result;
    result.reserve(ranked.size());
    for (const auto& candidate : ranked) {
        result.push_back(candidate.second);
    }
    return result;
}

/// The real interpreter behind "python3" on PATH: asks it for sys.executable (a pyenv
/// shim is a script, not the interpreter); nullopt when there is none.
std::optional<fs::path> path_interpreter()
{
    const char* path = std::getenv("PATH");
    std::string env_path = std::string("PATH=") + (path != nullptr ? path : "/usr/bin:/bin");
    ProcessResult r =
        run_process({{"/usr/bin/env", "python3", "-c", "import sys; print(sys.executable)"}, {env_path}, {}});
    if (!r.exited_with(0) || r.out.empty()) {
        return std::nullopt;
    }
    return fs::path(r.out.substr(0, r.out.find('\n')));
}

} // namespace

std::optional<fs::path> find_base_interpreter(std::string& searched)
{
    std::vector<fs::path> candidates;
    if (const char* chosen = std::getenv("RWC_E2E_PYTHON")) {
        candidates.emplace_back(chosen);
    }
    for (const fs::path& p : pyenv_candidates()) {
        candidates.push_back(p);
    }
    for (const fs::path& p : candidates) {
        searched += p.string() + " ";
        if (::access(p.c_str(), X_OK) == 0) {
            return p;
        }
    }
    searched += "python3 on PATH";
    return path_interpreter();
}

Venv create_venv(const fs::path& base_python, const fs::path& root)
{
    ProcessResult r = run_process({{base_python.string(), "-m", "venv", "--without-pip", root.string()},
                                   {"PATH=/usr/bin:/bin", "LANG=C.UTF-8"},
                                   {}});
    if (!r.exited_with(0)) {
        throw std::runtime_error("python -m venv failed: " + r.describe());
    }
    Venv venv;
    venv.root = root;
    venv.interpreter = root / "bin" / "python";
    for (const fs::directory_entry& entry : fs::directory_iterator(root / "lib")) {
        std::string name = entry.path().filename().string();
        if (name.rfind("python3.", 0) == 0 && fs::is_directory(entry.path() / "site-packages")) {
            venv.version = name.substr(6);
            venv.site_packages = entry.path() / "site-packages";
        }
    }
    if (venv.site_packages.empty()) {
        throw std::runtime_error("no lib/python3.*/site-packages in " + root.string());
    }
    return venv;
}

void copy_file_fast(const fs::path& source, const fs::path& target)
{
    fs::remove(target);
    test::write_file(target, test::read_file(source));
    fs::permissions(target, fs::status(source).permissions());
}

bool link_or_copy(const fs::path& source, const fs::path& target)
{
    fs::create_directories(target.parent_path());
    boost::system::error_code ec;
    fs::create_hard_link(source, target, ec);
    if (!ec) {
        return true;
    }
    copy_file_fast(source, target);
    return false;
}

void lay_out_nvidia_tree(Venv& venv, const LayoutSources& sources)
{
    for (const fs::path& dist_info : dist_info_folders(sources.manifest_dir)) {
        for (const std::string& entry : record_paths(dist_info / "RECORD")) {
            const fs::path target = venv.site_packages / entry;
            const fs::path in_manifest = sources.manifest_dir / entry;
            const std::string name = record_file_name(entry);
            fs::create_directories(target.parent_path());
            if (is_nvidia_shared_library(entry)) {
                auto real = sources.real_libraries.find(name);
                if (real != sources.real_libraries.end()) {
                    link_or_copy(real->second, target);
                } else {
                    copy_file_fast(sources.standin_dir / name, target);
                }
                venv.libraries[name] = target;
            } else if (entry == "nvidia/cu13/bin/ptxas") {
                copy_file_fast(sources.standin_dir / "bin" / "ptxas", target);
                venv.ptxas = target;
            } else if (fs::is_regular_file(in_manifest)) {
                copy_file_fast(in_manifest, target);
            } else {
                test::write_file(target, "");
            }
        }
    }
    if (fs::exists(venv.site_packages / "nvidia/cu13/include/cuda.h")) {
        venv.toolkit_root = venv.site_packages / "nvidia/cu13";
    }
}

} // namespace rwc::e2e
