// The findings of --doctor: a pure function of the collected facts. Each rule has a stable
// code (config/doctor-schema.md) and says in one sentence what to change.
#include "doctor/findings.hpp"

#include "doctor/pep440_version.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

namespace rwc {

namespace {

/// "a, b, c and 2 more" from the first limit names.
std::string name_list(const std::vector<std::string>& names, std::size_t limit = 3)
{
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
        out += (i == 0 ? "" : ", ") + names[i];
    }
    if (names.size() > limit) {
        out += fmt::format(" and {} more", names.size() - limit);
    }
    return out;
}

void environment_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    if (!f.python && !f.frozen_bundle) {
        out.push_back({Severity::warning, "no-python-env",
                       "No Python environment was found: pass --python PATH (an interpreter or an environment root), "
                       "set [python] interpreter in the config, or activate the venv."});
    }
    if (!f.cuda_enabled) {
        out.push_back({Severity::info, "cuda-disabled",
                       "[cuda] enabled = false in " +
                           (f.config_file ? f.config_file->string() : std::string("the config")) +
                           ": no CUDA folder or variable is added; remove that line to let the launcher add them."});
    }
    for (const auto& problem : f.dists.problems) {
        out.push_back({Severity::warning, "unreadable-folder", problem + ": fix its permissions, or leave it out."});
    }
    for (const auto* list : {&f.dists.nvidia, &f.dists.frameworks}) {
        for (const auto& d : *list) {
            if (!d.problem.empty() || !parse_version(d.version).valid()) {
                out.push_back(
                    {Severity::warning, "bad-metadata",
                     fmt::format(
                         "{} in {}: {}; reinstall it (pip install --force-reinstall {}).", d.name, d.dist_info.string(),
                         d.problem.empty() ? "'" + d.version + "' is not a PEP 440 version" : d.problem, d.key)});
            }
        }
    }
}

/// The embeddable distribution: its ._pth file replaces sys.path, and only with "import site"
/// does site.py add Lib\site-packages and run its .pth files (Modules/getpath.py; docs/packaged-apps.md,
/// "The embeddable distribution").
void embeddable_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    if (!f.python || f.python->kind != EnvKind::embeddable || !f.python->pth) {
        return;
    }
    const std::string file = f.python->pth->file.string();
    if (!f.python->pth_problem.empty()) {
        out.push_back({Severity::warning, "pth-unreadable",
                       fmt::format("{}: the launcher takes no folder from it; make it a regular UTF-8 file under 32 "
                                   "KiB, as Python itself requires.",
                                   f.python->pth_problem)});
    } else if (!f.python->pth->import_site) {
        out.push_back({Severity::warning, "pth-no-import-site",
                       fmt::format("{} has no line \"import site\", so Python neither puts Lib\\site-packages on "
                                   "sys.path nor runs the .pth files there (run-with-cuda's start-up hook among them): "
                                   "add the line \"import site\" to it.",
                                   file)});
    }
}

void mixed_majors(const DoctorFacts& f, std::vector<Finding>& out)
{
    std::map<int, std::vector<std::string>> by_major;
    for (const auto& d : f.dists.nvidia) {
        if (d.cuda_major > 0) {
            by_major[d.cuda_major].push_back(d.name);
        }
    }
    if (by_major.size() > 1) {
        std::string groups;
        for (const auto& [major, names] : by_major) {
            groups += fmt::format("{}CUDA {} ({})", groups.empty() ? "" : " and ", major, name_list(names, 2));
        }
        out.push_back(
            {Severity::error, "mixed-cuda-majors",
             fmt::format("NVIDIA wheels of {} are installed together; libcusparse and libcurand have the same "
                         "names in both, so folder order decides which loads: uninstall the wheels of the "
                         "major your frameworks do not use.",
                         groups)});
    } else if (!f.layout.findings.empty()) {
        // Folders without metadata (a copied tree, a --target install): cuda_layout's own finding.
        out.push_back({Severity::error, "mixed-cuda-majors",
                       f.layout.findings.front() + ": remove the folders of the major your frameworks do not use."});
    }
}

void driver_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    if (!f.driver.loaded) {
        out.push_back({Severity::warning, "no-driver",
                       fmt::format("No NVIDIA driver: {} does not load ({}); install the driver before running CUDA "
                                   "programs (fine on a machine that only prepares the environment).",
                                   f.driver.library, f.driver.error.empty() ? "not found" : f.driver.error)});
        return;
    }
    // The runtime's CUDA major: the nvidia-cuda-runtime wheel's, else torch's +cuXYZ label.
    int runtime = 0;
    for (const auto& d : f.dists.nvidia) {
        if (d.key.rfind("nvidia-cuda-runtime", 0) == 0) {
            runtime = std::max(runtime, d.cuda_major);
        }
    }
    if (const Distribution* torch = find_distribution(f.dists, "torch"); runtime == 0 && torch) {
        runtime = cuda_major_of_tag(parse_version(torch->version).local);
    }
    const int driver_major = f.driver.cuda_version / 1000;
    if (f.driver.cuda_version > 0 && runtime > driver_major) {
        out.push_back({Severity::error, "driver-too-old",
                       fmt::format("The driver supports CUDA {}.{} but the environment's CUDA runtime is CUDA {}: "
                                   "install a driver for CUDA {}, or the CUDA {} wheels.",
                                   driver_major, f.driver.cuda_version % 1000 / 10, runtime, runtime, driver_major)});
    }
}

void loader_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    // One finding per folder and source: "libcudart.so.13 and 41 more ... from /usr/local/cuda-13.0/lib".
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> shadows;
    for (const auto& site : f.without_launcher) {
        if (!site.venv_path.empty()) {
            shadows[{site.path.parent_path().string(), site.source}].push_back(site.soname);
        }
    }
    for (const auto& [where, names] : shadows) {
        const bool cache = where.second == "ld.so cache";
        out.push_back({Severity::warning, "system-cuda-shadows",
                       fmt::format("Without the launcher, the environment's {} would load from {} ({}) instead: "
                                   "start programs through run-with-cuda, or {}.",
                                   name_list(names), where.first, where.second,
                                   cache ? "remove that folder from /etc/ld.so.conf.d and run ldconfig"
                                         : "remove that folder from " + where.second)});
    }
}

/// One finding per soname that two of the launcher's library folders hold: the first on the
/// loader path wins (docs/layouts.md, "The same soname in two folders").
void duplicate_soname_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    for (const auto& d : f.duplicate_sonames) {
        std::vector<std::string> shadowed;
        for (const auto& folder : d.shadowed) {
            shadowed.push_back(folder.string());
        }
        out.push_back(
            {Severity::warning, "duplicate-soname",
             fmt::format("{} is in {} library folders: the copy in {} loads, as the first on {}, and the one{} in "
                         "{} never does; if a program needs {}, uninstall the wheel of the other copy, or leave its "
                         "folder out with [cuda] exclude.",
                         d.soname, d.shadowed.size() + 1, d.loads.string(),
                         f.os == TargetOs::windows
                             ? "PATH (for a DLL found through os.add_dll_directory Windows does not specify the order)"
                             : "the loader path (LD_LIBRARY_PATH)",
                         d.shadowed.size() == 1 ? "" : "s", name_list(shadowed, shadowed.size()),
                         d.shadowed.size() == 1 ? "that one" : "one of those")});
    }
}

void general_rules(const DoctorFacts& f, std::vector<Finding>& out)
{
    const bool tools = std::any_of(f.tools.begin(), f.tools.end(), [](const ToolInfo& t) { return !t.path.empty(); });
    if (f.dists.nvidia.empty() && f.dists.frameworks.empty() && f.layout.packages.empty() &&
        f.without_launcher.empty() && !f.driver.loaded && !tools) {
        out.push_back({Severity::warning, "nothing-cuda",
                       "Nothing CUDA-related was found (no NVIDIA wheel, CUDA framework, system CUDA library, ptxas or "
                       "driver): install the CUDA wheels into the environment (pip install torch), or point --python "
                       "at the environment that has them."});
    }
    if (f.cuda_home && !f.cuda_home->missing.empty()) {
        // docs/layouts.md, "The toolkit root": NVIDIA's CUDA 12 wheels ship ptxas but no nvcc,
        // and no folder of theirs holds both bin/ and include/cuda.h.
        out.push_back(
            {Severity::warning, "cuda-home-incomplete",
             fmt::format("CUDA_HOME and CUDA_PATH are set to {}, which has no {}: builds that run "
                         "$CUDA_HOME/bin/nvcc (torch.utils.cpp_extension, flash-attn) or look for bin/ptxas there "
                         "fail{}; install the CUDA 13 wheels (pip install \"cuda-toolkit[nvcc]\"), or set "
                         "[cuda] toolkit = \"<path>\" to a full CUDA toolkit.",
                         f.cuda_home->root.string(), name_list(f.cuda_home->missing),
                         f.cuda_home->root.filename() == "cuda_runtime" ? " (NVIDIA's CUDA 12 wheels ship no nvcc)"
                                                                        : "")});
    }
    if (!f.layout.packages.empty() && f.layout.toolkit_root.empty()) {
        out.push_back({Severity::info, "no-toolkit-root",
                       "No toolkit root (nvidia/cu13 or nvidia/cuda_runtime with include/cuda.h) was found, so "
                       "CUDA_PATH and CUDA_HOME are not set: pip install nvidia-cuda-runtime (CUDA 13) or "
                       "nvidia-cuda-runtime-cu12 if a build needs the headers."});
    }
}

/// Windows: Python 3.8+ does not search PATH for extension modules' and ctypes' DLLs, so
/// without the start-up hook the venv's CUDA DLLs do not reach them
/// (docs/windows-dll-loading.md).
void dll_hook_rule(const DoctorFacts& f, std::vector<Finding>& out)
{
    if (f.os != TargetOs::windows || !f.python || f.dll_hook || !f.cuda_enabled || f.layout.library_folders().empty()) {
        return;
    }
    out.push_back({Severity::warning, "dll-hook-missing",
                   fmt::format("The environment lacks run-with-cuda's start-up hook, so Python extension modules and "
                               "ctypes will not find the CUDA DLLs that are only on PATH: run "
                               "run-with-cuda --python \"{}\" --install-hook (or pip install run-with-cuda).",
                               f.python->interpreter.string())});
}

} // namespace

const char* severity_name(Severity severity)
{
    switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
    }
    return "info";
}

std::vector<Finding> diagnose(const DoctorFacts& facts, const CompatTables& compat)
{
    std::vector<Finding> out;
    environment_rules(facts, out);
    embeddable_rules(facts, out);
    mixed_majors(facts, out);
    diagnose_frameworks(facts, compat, out);
    driver_rules(facts, out);
    loader_rules(facts, out);
    duplicate_soname_rules(facts, out);
    general_rules(facts, out);
    dll_hook_rule(facts, out);
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
        return static_cast<int>(a.severity) < static_cast<int>(b.severity);
    });
    return out;
}

} // namespace rwc
