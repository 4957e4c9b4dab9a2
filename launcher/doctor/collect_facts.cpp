// The facts of --doctor, collected once from the pipeline's results, the disk and the host
// probes (docs/design.md, "--doctor", step 1).
#include "doctor/facts.hpp"
#include "doctor/pep508_markers.hpp"
#include "doctor/probes.hpp"
#include "env_plan.hpp"
#include "error.hpp"
#include "frozen_bundle.hpp"
#include "hook_install.hpp"
#include "path_list.hpp"
#include "program.hpp"
#include "version.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <exception>

namespace rwc {

namespace {

/// The launcher's changes, PATH and the loader path with the elements the plan added
/// (docs/design.md, "What changes in the environment": they get folders in front).
std::vector<VariableChange> variable_changes(const Environment& before, const std::vector<EnvChange>& changes)
{
    std::vector<VariableChange> out;
    for (const auto& change : changes) {
        const bool path_list =
            before.same_name(change.name, "PATH") || before.same_name(change.name, loader_path_variable(before.os()));
        out.push_back({change.name, change.value, path_list ? change.added : std::vector<std::string>(), path_list});
    }
    return out;
}

/// The PATH folders the config's [env] table added (prepend, append or set): the new PATH's
/// elements that the same plan without the [env] table does not have.
std::vector<std::string> config_path_folders(const DoctorInput& input)
{
    Config bare = input.config;
    bare.env_set.clear();
    bare.env_prepend.clear();
    bare.env_append.clear();
    bare.env_unset.clear();
    const Log quiet;
    const TargetOs os = input.environment.os();
    const EnvPlan without = make_env_plan(input.environment, bare, input.python, input.layout, quiet);
    const auto before = split_path_list(without.environment.get("PATH").value_or(""), os);
    std::vector<std::string> out;
    for (const auto& element : split_path_list(input.plan.environment.get("PATH").value_or(""), os)) {
        if (std::none_of(before.begin(), before.end(),
                         [&](const std::string& b) { return same_path_element(b, element, os); })) {
            out.push_back(element);
        }
    }
    return out;
}

/// ptxas and nvcc as a program started by the launcher would find them: program.hpp's
/// search of the new PATH (the same rules as COMMAND), then `--version`, except for a tool
/// in a folder the config added to PATH (a found config is data, not a list of programs to
/// run). Each program started is added to started.
std::vector<ToolInfo> find_tools(const DoctorInput& input, const HostProbes& probes, std::vector<std::string>& started)
{
    const Environment& new_env = input.plan.environment;
    const auto untrusted_folders = config_path_folders(input);
    std::vector<ToolInfo> tools;
    const Log quiet;
    for (const char* name : {"ptxas", "nvcc"}) {
        ToolInfo tool{name, {}, {}, {}};
        const auto found = resolve_program(name, std::nullopt, new_env, quiet);
        if (!found) {
            tool.error =
                found.error().exit_status == k_exit_not_found ? "not found on the new PATH" : found.error().message;
            tools.push_back(std::move(tool));
            continue;
        }
        tool.path = found->file;
        const std::string folder = tool.path.parent_path().string();
        if (std::any_of(untrusted_folders.begin(), untrusted_folders.end(),
                        [&](const std::string& f) { return same_path_element(f, folder, new_env.os()); })) {
            tool.error = "not run: its folder was added to PATH by the config's [env] table";
            tools.push_back(std::move(tool));
            continue;
        }
        started.push_back(tool.path.string() + " --version");
        if (const auto version = probes.tool_version(tool.path)) {
            tool.version_line = *version;
        } else {
            tool.error = version.error().message;
        }
        tools.push_back(std::move(tool));
    }
    return tools;
}

bool has_key(const std::vector<Distribution>& dists, std::string_view key)
{
    return std::any_of(dists.begin(), dists.end(), [&](const Distribution& d) { return d.key == key; });
}

} // namespace

ToolkitRootCheck check_toolkit_root(const fs::path& root, TargetOs os)
{
    ToolkitRootCheck check{root, {}};
    const std::string exe = os == TargetOs::windows ? ".exe" : "";
    for (const std::string& rel : {"bin/nvcc" + exe, "bin/ptxas" + exe, std::string("include/cuda.h")}) {
        boost::system::error_code ec;
        if (!fs::is_regular_file(root / rel, ec)) {
            check.missing.push_back(rel);
        }
    }
    return check;
}

DoctorFacts collect_doctor_facts(const DoctorInput& input, const HostProbes& probes)
{
    DoctorFacts f;
    f.os = input.environment.os();
    f.launcher_version = k_version;
    f.config_file = input.config_file;
    f.config_trust = input.config_file ? input.config.trust : std::string();
    f.cuda_enabled = input.config.cuda_enabled;
    f.python = input.python;
    f.site_packages = input.site_packages;
    f.frozen_bundle = std::any_of(f.site_packages.begin(), f.site_packages.end(), is_bundle_contents);
    f.dists = scan_distributions(f.site_packages);
    f.layout = input.layout;
    f.variables = variable_changes(input.environment, input.plan.changes);
    f.tools = find_tools(input, probes, f.programs_started);
    f.driver = probes.driver();
    if (f.os != TargetOs::windows) {
        f.programs_started.emplace_back("ldconfig -p (/sbin/ldconfig or /usr/sbin/ldconfig, when present)");
    }
    f.without_launcher = loads_without_launcher(input.layout, input.environment, probes.loader_cache());
    f.duplicate_sonames =
        find_duplicate_sonames(loader_path_library_folders(input.layout, input.plan.environment), f.os);
    f.triton_ptxas = triton_ptxas(f.site_packages, input.plan.environment, f.tools);
    if (f.os == TargetOs::windows && has_key(f.dists.frameworks, "triton-windows")) {
        f.triton_windows_roots = triton_windows_roots(f.site_packages, input.plan.environment);
    }
    for (const auto& change : input.plan.changes) {
        if (change.value && input.environment.same_name(change.name, "CUDA_HOME")) {
            f.cuda_home = check_toolkit_root(fs::path(*change.value), f.os);
        }
    }
    f.xla = xla_data_folder(f.dists, f.site_packages, input.plan.environment);
    f.numba = numba_libdevice(f.dists, f.site_packages, input.python, input.plan.environment);
    f.markers = marker_environment(f.os, input.python ? input.python->version : std::string());
    f.dll_hook = input.python && has_dll_hook(*input.python);
    return f;
}

} // namespace rwc
