// The human report of --doctor: short aligned sections, then the findings and a summary.
// Colour (ANSI) only when the caller says so: stdout is a terminal and NO_COLOR is unset.
#include "doctor/report.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace rwc {

namespace {

/// Builds the report line by line; the first column of a section is padded to its widest entry.
class Report {
  public:
    explicit Report(bool colour) : m_colour(colour) {}

    void section(const std::string& title) { m_out += fmt::format("\n{}\n", paint("1", title)); }

    /// Rows of (label, value); value lines after the first are indented under the value column.
    void rows(const std::vector<std::pair<std::string, std::string>>& rows)
    {
        std::size_t width = 0;
        for (const auto& row : rows) {
            width = std::max(width, row.first.size());
        }
        for (const auto& [label, value] : rows) {
            m_out += fmt::format("  {:<{}}  {}\n", label, width, value);
        }
    }

    /// One indented line, without trailing spaces (an empty last column leaves none).
    void line(const std::string& text) { m_out += "  " + text.substr(0, text.find_last_not_of(' ') + 1) + "\n"; }

    void raw(const std::string& text) { m_out += text; }

    /// text in ANSI style code (1 bold, 31 red, 33 yellow, 36 cyan) when colour is on.
    std::string paint(const char* code, const std::string& text) const
    {
        return m_colour ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
    }

    std::string str() const { return m_out; }

  private:
    bool m_colour;
    std::string m_out;
};

const char* kind_name(EnvKind kind)
{
    switch (kind) {
    case EnvKind::venv: return "venv";
    case EnvKind::conda: return "conda environment";
    case EnvKind::embeddable: return "embeddable Python";
    case EnvKind::system: break;
    }
    return "system Python";
}

std::string major_text(int major)
{
    return major > 0 ? fmt::format("CUDA {}", major) : "CUDA ?";
}

/// "nvidia/<name>" for a package folder under nvidia/, the bare name for one outside it.
std::string package_label(const std::string& name)
{
    return is_outside_nvidia_package(name) ? name : "nvidia/" + name;
}

/// Rows of name, version, CUDA major and a last column, with name and version padded.
void distribution_rows(Report& r, const std::vector<Distribution>& dists, bool nvidia)
{
    std::size_t name_w = 0, version_w = 0;
    for (const auto& d : dists) {
        name_w = std::max(name_w, d.name.size());
        version_w = std::max(version_w, d.version.size());
    }
    for (const auto& d : dists) {
        std::string last;
        if (nvidia) {
            for (const auto& folder : d.package_folders) {
                last += (last.empty() ? "" : ", ") + package_label(folder);
            }
        }
        const std::string major = nvidia || d.cuda_major > 0 ? major_text(d.cuda_major) : "";
        r.line(fmt::format("{:<{}}  {:<{}}  {:<7}  {}", d.name, name_w, d.version, version_w, major, last));
        if (!nvidia) {
            std::string pins;
            for (const auto& req : d.requires) {
                const bool cuda = req.name.rfind("nvidia-", 0) == 0 || req.name == "triton" || req.name == "torch";
                if (cuda && !req.specifier.empty()) {
                    pins += (pins.empty() ? "" : ", ") + req.name + req.specifier;
                }
            }
            if (!pins.empty()) {
                r.line("    requires " + pins);
            }
        }
    }
    if (dists.empty()) {
        r.line("none");
    }
}

void environment_section(Report& r, const DoctorFacts& f)
{
    r.section("Environment");
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back("config", f.config_file ? f.config_file->string() : "none (built-in defaults)");
    if (f.config_file) {
        rows.emplace_back("config trust", f.config_trust);
    }
    if (f.python) {
        rows.emplace_back("interpreter", f.python->interpreter.string());
        rows.emplace_back("environment", fmt::format("{} at {}{}", kind_name(f.python->kind), f.python->root.string(),
                                                     f.python->source.empty() ? "" : " (" + f.python->source + ")"));
        rows.emplace_back("python", f.python->version.empty() ? "unknown" : f.python->version);
        if (const auto& pth = f.python->pth) {
            rows.emplace_back("._pth file", f.python->pth_problem.empty()
                                                ? fmt::format("{} ({})", pth->file.string(),
                                                              pth->import_site ? "import site" : "no import site")
                                                : f.python->pth_problem);
            for (std::size_t i = 0; i < pth->folders.size(); ++i) {
                rows.emplace_back(i == 0 ? "._pth folders" : "", pth->folders[i].string());
            }
        }
    } else {
        rows.emplace_back("interpreter", "none found");
    }
    for (std::size_t i = 0; i < f.site_packages.size(); ++i) {
        rows.emplace_back(i == 0 ? "site-packages" : "", f.site_packages[i].string());
    }
    if (f.site_packages.empty()) {
        rows.emplace_back("site-packages", "none");
    }
    rows.emplace_back("distributions", fmt::format("{} installed", f.dists.total));
    r.rows(rows);
}

void cuda_sections(Report& r, const DoctorFacts& f)
{
    r.section(fmt::format("NVIDIA wheels ({})", f.dists.nvidia.size()));
    distribution_rows(r, f.dists.nvidia, true);
    r.section("Frameworks");
    distribution_rows(r, f.dists.frameworks, false);
    r.section("Folders");
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& p : f.layout.packages) {
        for (const auto& folder : p.library_folders) {
            rows.emplace_back(package_label(p.name), "library " + folder.string());
        }
        for (const auto& folder : p.tool_folders) {
            rows.emplace_back(package_label(p.name), "tools   " + folder.string());
        }
    }
    if (rows.empty()) {
        rows.emplace_back("none", "no nvidia/ package folder with a library or tool folder");
    }
    r.rows(rows);
    r.section("Toolkit and driver");
    rows.clear();
    rows.emplace_back("toolkit root", f.layout.toolkit_root.empty() ? "none" : f.layout.toolkit_root.string());
    for (const auto& t : f.tools) {
        rows.emplace_back(t.name, t.path.empty() ? t.error
                                                 : t.path.string() + "  (" +
                                                       (t.version_line.empty() ? t.error : t.version_line) + ")");
    }
    rows.emplace_back(f.driver.library, !f.driver.loaded ? "not loaded: " + f.driver.error
                                        : f.driver.cuda_version > 0
                                            ? fmt::format("loaded, supports CUDA {}.{}", f.driver.cuda_version / 1000,
                                                          f.driver.cuda_version % 1000 / 10)
                                            : "loaded, " + f.driver.error);
    for (std::size_t i = 0; i < f.programs_started.size(); ++i) {
        rows.emplace_back(i == 0 ? "programs started" : "", f.programs_started[i]);
    }
    r.rows(rows);
}

void change_sections(Report& r, const DoctorFacts& f)
{
    r.section("Variables the launcher sets");
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& v : f.variables) {
        if (!v.value) {
            rows.emplace_back(v.name, "(removed)");
        } else if (v.path_list) {
            for (std::size_t i = 0; i < v.added.size(); ++i) {
                rows.emplace_back(i == 0 ? v.name : "", "+ " + v.added[i]);
            }
            if (v.added.empty()) {
                rows.emplace_back(v.name, "(reordered)");
            }
        } else {
            rows.emplace_back(v.name, "= " + *v.value);
        }
    }
    r.rows(rows);
    r.section("Without the launcher");
    rows.clear();
    for (const auto& s : f.without_launcher) {
        rows.emplace_back(s.soname, fmt::format("{}  ({}{})", s.path.string(), s.source,
                                                s.venv_path.empty() ? ", not in the environment" : ""));
    }
    if (rows.empty()) {
        r.line("no CUDA library loads from outside the environment");
    }
    r.rows(rows);
}

} // namespace

int doctor_exit_status(const std::vector<Finding>& findings)
{
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; })
               ? 1
               : 0;
}

std::string render_doctor_text(const DoctorFacts& facts, const std::vector<Finding>& findings, bool colour)
{
    Report r(colour);
    r.raw(fmt::format("run-with-cuda {} --doctor\n", facts.launcher_version));
    environment_section(r, facts);
    cuda_sections(r, facts);
    change_sections(r, facts);
    r.section("Findings");
    std::size_t code_w = 0;
    int counts[3] = {0, 0, 0};
    for (const auto& f : findings) {
        code_w = std::max(code_w, f.code.size());
        ++counts[static_cast<int>(f.severity)];
    }
    for (const auto& f : findings) {
        static const char* const k_colours[] = {"31", "33", "36"};
        const std::string severity = fmt::format("{:<7}", severity_name(f.severity));
        r.line(fmt::format("{}  {:<{}}  {}", r.paint(k_colours[static_cast<int>(f.severity)], severity), f.code, code_w,
                           f.message));
    }
    if (findings.empty()) {
        r.line("none");
    }
    r.raw(fmt::format("\n{} error{}, {} warning{}, {} info{}: exit status {}\n", counts[0], counts[0] == 1 ? "" : "s",
                      counts[1], counts[1] == 1 ? "" : "s", counts[2], counts[2] == 1 ? "" : "s",
                      doctor_exit_status(findings)));
    return r.str();
}

} // namespace rwc
