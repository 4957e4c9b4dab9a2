// --doctor --json: the report as one JSON object in the stable shape documented in
// config/doctor-schema.md (schema_version 1). Keys keep this order; absent values are null.
#include "doctor/report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace rwc {

namespace {

using Json = nlohmann::ordered_json;

/// A path as a JSON string, or null when empty.
Json path_or_null(const fs::path& p)
{
    return p.empty() ? Json(nullptr) : Json(p.string());
}

Json text_or_null(const std::string& s)
{
    return s.empty() ? Json(nullptr) : Json(s);
}

Json paths(const std::vector<fs::path>& list)
{
    Json out = Json::array();
    for (const auto& p : list) {
        out.push_back(p.string());
    }
    return out;
}

Json distribution(const Distribution& d, const CudaLayout& layout)
{
    Json j;
    j["name"] = d.name;
    j["version"] = d.version;
    j["cuda_major"] = d.cuda_major > 0 ? Json(d.cuda_major) : Json(nullptr);
    j["cuda_major_source"] = text_or_null(d.cuda_major == 0 ? std::string() : d.cuda_major_source);
    j["dist_info"] = d.dist_info.string();
    j["package_folders"] = d.package_folders;
    // The folders of its nvidia/<folder> that the launcher adds (cuda_layout's scan).
    std::vector<fs::path> libraries, tools;
    for (const auto& p : layout.packages) {
        if (std::find(d.package_folders.begin(), d.package_folders.end(), p.name) != d.package_folders.end()) {
            libraries.insert(libraries.end(), p.library_folders.begin(), p.library_folders.end());
            tools.insert(tools.end(), p.tool_folders.begin(), p.tool_folders.end());
        }
    }
    j["library_folders"] = paths(libraries);
    j["tool_folders"] = paths(tools);
    Json requires = Json::array();
    for (const auto& r : d.requires) {
        requires.push_back({{"name", r.name}, {"specifier", r.specifier}, {"marker", r.marker}});
    }
    j["requires"] = std::move(requires);
    j["problem"] = text_or_null(d.problem);
    return j;
}

Json python_json(const std::optional<PythonEnv>& python)
{
    if (!python) {
        return nullptr;
    }
    Json j;
    j["interpreter"] = python->interpreter.string();
    j["root"] = python->root.string();
    j["kind"] = env_kind_name(python->kind);
    j["version"] = text_or_null(python->version);
    j["selected_by"] = text_or_null(python->source);
    j["site_packages"] = paths(python->site_packages);
    j["pth"] = nullptr;
    if (python->pth) {
        j["pth"] = {{"file", python->pth->file.string()},
                    {"import_site", python->pth->import_site},
                    {"folders", paths(python->pth->folders)},
                    {"problem", text_or_null(python->pth_problem)}};
    }
    return j;
}

Json cuda_json(const DoctorFacts& f)
{
    Json packages = Json::array();
    for (const auto& p : f.layout.packages) {
        packages.push_back({{"name", p.name},
                            {"folder", p.folder.string()},
                            {"library_folders", paths(p.library_folders)},
                            {"tool_folders", paths(p.tool_folders)}});
    }
    Json tools = Json::array();
    for (const auto& t : f.tools) {
        tools.push_back({{"name", t.name},
                         {"path", path_or_null(t.path)},
                         {"version_line", text_or_null(t.version_line)},
                         {"error", text_or_null(t.error)}});
    }
    Json j;
    j["package_folders"] = std::move(packages);
    j["toolkit_root"] = path_or_null(f.layout.toolkit_root);
    j["tools"] = std::move(tools);
    j["programs_started"] = f.programs_started;
    j["triton_ptxas"] = path_or_null(f.triton_ptxas);
    Json roots = Json::array();
    for (const auto& r : f.triton_windows_roots) {
        roots.push_back({{"root", r.root.string()}, {"missing", r.missing}});
    }
    j["triton_windows_roots"] = std::move(roots);
    Json duplicates = Json::array();
    for (const auto& d : f.duplicate_sonames) {
        duplicates.push_back({{"soname", d.soname}, {"loads", d.loads.string()}, {"shadowed", paths(d.shadowed)}});
    }
    j["duplicate_sonames"] = std::move(duplicates);
    return j;
}

} // namespace

std::string render_doctor_json(const DoctorFacts& f, const std::vector<Finding>& findings)
{
    Json j;
    j["schema_version"] = 1;
    j["launcher_version"] = f.launcher_version;
    j["target_os"] = f.os == TargetOs::windows ? "windows" : "linux";
    j["config_file"] = f.config_file ? Json(f.config_file->string()) : Json(nullptr);
    j["config_trust"] = f.config_file ? Json(f.config_trust) : Json(nullptr);
    j["cuda_enabled"] = f.cuda_enabled;
    j["python"] = python_json(f.python);
    j["site_packages"] = paths(f.site_packages);
    j["distributions_total"] = f.dists.total;
    Json nvidia = Json::array(), frameworks = Json::array();
    for (const auto& d : f.dists.nvidia) {
        nvidia.push_back(distribution(d, f.layout));
    }
    for (const auto& d : f.dists.frameworks) {
        frameworks.push_back(distribution(d, f.layout));
    }
    j["nvidia_wheels"] = std::move(nvidia);
    j["frameworks"] = std::move(frameworks);
    j["cuda"] = cuda_json(f);
    j["driver"] = {{"library", f.driver.library},
                   {"loaded", f.driver.loaded},
                   {"cuda_version", f.driver.cuda_version > 0
                                        ? Json(std::to_string(f.driver.cuda_version / 1000) + "." +
                                               std::to_string(f.driver.cuda_version % 1000 / 10))
                                        : Json(nullptr)},
                   {"error", text_or_null(f.driver.error)}};
    Json variables = Json::array();
    for (const auto& v : f.variables) {
        variables.push_back({{"name", v.name},
                             {"value", v.value ? Json(*v.value) : Json(nullptr)},
                             {"path_list", v.path_list},
                             {"added", v.added}});
    }
    j["variables"] = std::move(variables);
    Json without = Json::array();
    for (const auto& s : f.without_launcher) {
        without.push_back({{"library", s.soname},
                           {"path", s.path.string()},
                           {"source", s.source},
                           {"environment_path", path_or_null(s.venv_path)}});
    }
    j["without_launcher"] = std::move(without);
    Json list = Json::array();
    int counts[3] = {0, 0, 0};
    for (const auto& finding : findings) {
        ++counts[static_cast<int>(finding.severity)];
        list.push_back(
            {{"severity", severity_name(finding.severity)}, {"code", finding.code}, {"message", finding.message}});
    }
    j["findings"] = std::move(list);
    j["summary"] = {{"errors", counts[0]},
                    {"warnings", counts[1]},
                    {"infos", counts[2]},
                    {"exit_status", doctor_exit_status(findings)}};
    // Replace invalid UTF-8 (file names are bytes on Linux) instead of throwing.
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace rwc
