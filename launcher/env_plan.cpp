// The environment plan: docs/design.md, "What changes in the environment", rules 1 to 6.
#include "env_plan.hpp"

#include "path_list.hpp"
#include "version.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <algorithm>

namespace rwc {

namespace {

/// A path as a variable's value: in the OS's preferred form, so that on Windows a folder
/// made of a '/'-separated config value or layout suffix reads "C:\\a\\b" as the OS and
/// Python's os.path print it (boost::filesystem::path::make_preferred; a no-op on POSIX).
std::string value_of(fs::path p)
{
    return p.make_preferred().string();
}

/// The folders that may go into a variable, as values: only absolute, existing ones (a
/// relative element would be resolved against whatever the working directory is).
std::vector<std::string> existing_absolute(const std::vector<fs::path>& folders)
{
    std::vector<std::string> out;
    for (const auto& f : folders) {
        boost::system::error_code ec;
        if (f.is_absolute() && fs::is_directory(f, ec)) {
            out.push_back(value_of(f));
        }
    }
    return out;
}

/// The elements of the path list now that before lacks (same_path_element), in now's order.
std::vector<std::string> new_elements(std::string_view before, std::string_view now, TargetOs os)
{
    const auto old = split_path_list(before, os);
    std::vector<std::string> out;
    for (auto& element : split_path_list(now, os)) {
        if (std::none_of(old.begin(), old.end(),
                         [&](const std::string& o) { return same_path_element(o, element, os); })) {
            out.push_back(std::move(element));
        }
    }
    return out;
}

/// Records changes against the original environment while the new one is built.
class PlanBuilder {
  public:
    PlanBuilder(const Environment& current, const Log& log) : m_original(current), m_env(current), m_log(log) {}

    void set(std::string_view name, std::string value, std::string_view why)
    {
        const auto old = m_env.get(name);
        if (old && *old == value) {
            return;
        }
        m_log.note("env: {}={} ({})", m_env.spelling(name), value, why);
        m_env.set(name, std::move(value));
        touch(name);
    }

    void unset(std::string_view name, std::string_view why)
    {
        if (m_env.get(name)) {
            m_log.note("env: unset {} ({})", m_env.spelling(name), why);
            touch(name);
            m_env.unset(name);
        }
    }

    /// Prepends folders (absolute, existing) to a path-list variable.
    void prepend(std::string_view name, const std::vector<fs::path>& folders, std::string_view why)
    {
        mark_path_list(name);
        const auto added = usable(folders, name);
        if (!added.empty()) {
            set(name, prepend_path_list(m_env.get(name).value_or(""), added, m_env.os()), why);
        }
    }

    /// Appends folders (absolute, existing) to a path-list variable.
    void append(std::string_view name, const std::vector<fs::path>& folders, std::string_view why)
    {
        mark_path_list(name);
        const auto added = usable(folders, name);
        if (!added.empty()) {
            set(name, append_path_list(m_env.get(name).value_or(""), added, m_env.os()), why);
        }
    }

    const Environment& env() const { return m_env; }

    /// The plan; the builder's environment is moved into it (no copy of 100,000 variables),
    /// so nothing may be called after this.
    EnvPlan finish()
    {
        std::vector<EnvChange> changes;
        for (const auto& name : m_touched) {
            // A variable set and later restored to its old value is not a change.
            if (auto value = m_env.get(name); value != m_original.get(name)) {
                EnvChange change{m_env.spelling(name), std::move(value)};
                if (change.value && is_path_list(name)) {
                    // Against the original value, once: a later [env] set or unset counts too.
                    change.added = new_elements(m_original.get(name).value_or(""), *change.value, m_env.os());
                }
                changes.push_back(std::move(change));
            }
        }
        return EnvPlan{std::move(m_env), std::move(changes)};
    }

  private:
    /// Only absolute folders that exist are added (docs/design.md, "Path lists").
    std::vector<std::string> usable(const std::vector<fs::path>& folders, std::string_view name) const
    {
        auto out = existing_absolute(folders);
        if (out.size() != folders.size()) {
            for (const auto& f : folders) {
                boost::system::error_code ec;
                if (!f.is_absolute() || !fs::is_directory(f, ec)) {
                    m_log.note("env: {} not added to {}: not an existing absolute folder", f.string(), name);
                }
            }
        }
        return out;
    }

    void mark_path_list(std::string_view name)
    {
        if (!is_path_list(name)) {
            m_path_lists.emplace_back(name);
        }
    }

    /// PATH, the loader path and every variable prepend() or append() was given.
    bool is_path_list(std::string_view name) const
    {
        return m_env.same_name(name, "PATH") || m_env.same_name(name, loader_path_variable(m_env.os())) ||
               std::any_of(m_path_lists.begin(), m_path_lists.end(),
                           [&](const std::string& p) { return m_env.same_name(p, name); });
    }

    void touch(std::string_view name)
    {
        if (std::none_of(m_touched.begin(), m_touched.end(),
                         [&](const std::string& t) { return m_env.same_name(t, name); })) {
            m_touched.emplace_back(m_env.spelling(name));
        }
    }

    const Environment& m_original;
    Environment m_env;
    const Log& m_log;
    std::vector<std::string> m_touched;
    std::vector<std::string> m_path_lists; ///< the names prepend() and append() were given
};

/// True when the XLA_FLAGS value flags already names flag: a whitespace-separated token
/// "--flag", "--flag=...", "-flag" or "-flag=..." (XLA parses XLA_FLAGS as tsl's command-line
/// flags, which take one or two dashes: docs/design.md, "What changes in the environment").
bool has_xla_flag(std::string_view flags, std::string_view flag)
{
    constexpr std::string_view space = " \t\n\r\f\v";
    for (std::size_t at = flags.find_first_not_of(space); at != std::string_view::npos;) {
        const auto end = std::min(flags.find_first_of(space, at), flags.size());
        std::string_view token = flags.substr(at, end - at);
        for (const std::string_view dashes : {"--", "-"}) {
            if (token.substr(0, dashes.size()) == dashes) {
                const auto name = token.substr(dashes.size());
                if (name.substr(0, flag.size()) == flag && (name.size() == flag.size() || name[flag.size()] == '=')) {
                    return true;
                }
                break;
            }
        }
        at = flags.find_first_not_of(space, end);
    }
    return false;
}

/// True when dir/nvvm/libdevice/libdevice.10.bc is a regular file (XLA's libdevice path).
bool holds_libdevice(const fs::path& dir)
{
    boost::system::error_code ec;
    return fs::is_regular_file(dir / "nvvm" / "libdevice" / "libdevice.10.bc", ec);
}

/// The folder rule 3b names to XLA (docs/design.md, rule 3b): the toolkit root when it holds
/// libdevice; else, with toolkit = "auto" only, the first SP/nvidia/cuda_nvcc package of the
/// layout that holds libdevice (NVIDIA's CUDA 12 wheels put libdevice and ptxas there, beside
/// a root of nvidia/cuda_runtime: docs/layouts.md, "CUDA 12"); empty when there is none.
fs::path xla_data_dir(const fs::path& toolkit, bool automatic, const CudaLayout& layout)
{
    if (holds_libdevice(toolkit)) {
        return toolkit;
    }
    if (automatic) {
        for (const auto& package : layout.packages) {
            if (package.name == "cuda_nvcc" && holds_libdevice(package.folder)) {
                return package.folder;
            }
        }
    }
    return {};
}

/// Rule 3b: XLA (JAX, TensorFlow) reads libdevice from <dir>/nvvm/libdevice/libdevice.10.bc
/// and runs <dir>/bin/ptxas for --xla_gpu_cuda_data_dir=<dir> before its other CUDA roots
/// (/usr/local/cuda among them). Appends the flag naming data_dir (xla_data_dir(); nothing
/// when empty) to XLA_FLAGS when the caller's XLA_FLAGS does not already name the flag. XLA
/// splits XLA_FLAGS at whitespace and takes --flag="value", in which a backslash escapes the
/// next character (XLA's parse_flags_from_env.cc), so a folder holding whitespace, a quote or
/// a backslash is written in that quoted form.
void add_xla_data_dir(PlanBuilder& b, const fs::path& data_dir, const Log& log)
{
    constexpr std::string_view flag = "xla_gpu_cuda_data_dir";
    if (data_dir.empty()) {
        return;
    }
    const auto old = b.env().get("XLA_FLAGS").value_or("");
    if (has_xla_flag(old, flag)) {
        log.note("env: XLA_FLAGS already names --{}; kept", flag);
        return;
    }
    std::string dir = value_of(data_dir);
    if (dir.find_first_of(" \t\n\r\f\v\"'\\") != std::string::npos) {
        std::string quoted = "\"";
        for (const char c : dir) {
            if (c == '"' || c == '\\') {
                quoted.push_back('\\');
            }
            quoted.push_back(c);
        }
        dir = quoted + "\"";
    }
    const auto end = old.find_last_not_of(" \t\n\r\f\v");
    const std::string front = end == std::string::npos ? "" : old.substr(0, end + 1) + " ";
    b.set("XLA_FLAGS", fmt::format("{}--{}={}", front, flag, dir), "rule 3b: XLA's libdevice and ptxas");
}

/// Expands ${...} in a config value or fails with its position.
std::string expand_or_fail(const ConfigString& s, const Environment& vars,
                           const std::vector<std::pair<std::string, std::string>>& extra)
{
    auto out = expand_variables(s.value, vars, extra);
    if (!out) {
        throw_config_error(s.pos, out.error().message);
    }
    return std::move(out).value();
}

void apply_env_table(PlanBuilder& b, const Config& config,
                     const std::vector<std::pair<std::string, std::string>>& extra)
{
    for (const auto& name : config.env_unset) {
        b.unset(name, "[env] unset");
    }
    for (const auto& [name, value] : config.env_set) {
        b.set(name, expand_or_fail(value, b.env(), extra), "[env] set");
    }
    for (const auto& [lists, prepend] : {std::pair{&config.env_prepend, true}, std::pair{&config.env_append, false}}) {
        for (const auto& entry : *lists) {
            std::vector<fs::path> folders;
            for (const auto& folder : entry.folders) {
                const fs::path p(expand_or_fail(folder, b.env(), extra));
                folders.push_back(p.is_absolute() ? p : config.dir / p);
            }
            if (prepend) {
                b.prepend(entry.name, folders, "[env] prepend");
            } else {
                b.append(entry.name, folders, "[env] append");
            }
        }
    }
}

} // namespace

Expected<std::string> expand_variables(std::string_view text, const Environment& vars,
                                       const std::vector<std::pair<std::string, std::string>>& extra)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$' || i + 1 >= text.size()) {
            out.push_back(text[i]);
        } else if (text[i + 1] == '$') {
            out.push_back('$');
            ++i;
        } else if (text[i + 1] == '{' && text.find('}', i + 2) != std::string_view::npos) {
            const auto close = text.find('}', i + 2);
            const std::string name(text.substr(i + 2, close - i - 2));
            const auto special =
                std::find_if(extra.begin(), extra.end(), [&](const auto& e) { return e.first == name; });
            if (special != extra.end()) {
                out += special->second;
            } else if (const auto value = vars.get(name)) {
                out += *value;
            } else {
                return Error{fmt::format("${{{}}} is not defined (neither an environment variable nor one "
                                         "of config_dir, env_root, site_packages)",
                                         name),
                             k_exit_usage};
            }
            i = close;
        } else {
            out.push_back('$');
        }
    }
    return out;
}

EnvPlan make_env_plan(const Environment& current, const Config& config, const std::optional<PythonEnv>& python,
                      const CudaLayout& layout, const Log& log)
{
    PlanBuilder b(current, log);
    const TargetOs os = current.os();
    // PATH is changed once, so that it starts with the environment's bin/Scripts folder
    // (as activation does, and as docs/design.md's "Program lookup" expects), then the NVIDIA
    // folders of rule 2 that go on PATH.
    std::vector<fs::path> path_front;
    // 1. Activation, as venv's activate does: VIRTUAL_ENV, bin/Scripts on PATH, no PYTHONHOME.
    if (python && (python->kind == EnvKind::venv || python->kind == EnvKind::conda)) {
        if (python->kind == EnvKind::venv) {
            b.set("VIRTUAL_ENV", value_of(python->root), "rule 1: the venv's root");
        }
        path_front = python->path_folders;
        b.unset("PYTHONHOME", "rule 1: as activate does");
    }
    const bool cuda = config.cuda_enabled && !layout.packages.empty();
    if (cuda) {
        // 2. Library folders on the loader path (PATH on Windows); tool folders on PATH (docs/layouts.md).
        const auto libraries = layout.library_folders();
        if (loader_path_variable(os) == "PATH") {
            path_front.insert(path_front.end(), libraries.begin(), libraries.end());
        } else {
            b.prepend(loader_path_variable(os), libraries, "rule 2: NVIDIA library folders");
        }
        const auto tools = layout.tool_folders();
        path_front.insert(path_front.end(), tools.begin(), tools.end());
    }
    b.prepend("PATH", path_front, "rules 1 and 2: the environment's scripts folder, NVIDIA folders");
    if (cuda && os == TargetOs::windows) {
        // 2b. The same DLL folders for the start-up hook's os.add_dll_directory: CPython 3.8+
        // loads extension modules and ctypes DLLs without PATH (docs/windows-dll-loading.md).
        if (const auto dll_dirs = existing_absolute(layout.library_folders()); !dll_dirs.empty()) {
            b.set(k_dll_dirs_variable, join_path_list(dll_dirs, TargetOs::windows),
                  "rule 2: DLL folders for the start-up hook");
        }
    }
    if (cuda) {
        // 3. CUDA_PATH and CUDA_HOME, one folder, the same value (docs/design.md, "Who reads which variable").
        fs::path toolkit;
        if (config.toolkit == ToolkitMode::path) {
            toolkit = config.toolkit_path;
        } else if (config.toolkit == ToolkitMode::automatic) {
            toolkit = layout.toolkit_root;
        }
        if (!toolkit.empty()) {
            b.set("CUDA_PATH", value_of(toolkit), "rule 3: the toolkit root");
            b.set("CUDA_HOME", value_of(toolkit), "rule 3: the toolkit root");
            if (config.xla_data_dir) {
                add_xla_data_dir(b, xla_data_dir(toolkit, config.toolkit == ToolkitMode::automatic, layout), log);
            }
        }
        // 4. CUDA_MODULE_LOADING only when unset (PyTorch does the same).
        if (config.module_loading != ModuleLoading::keep && !current.get("CUDA_MODULE_LOADING")) {
            b.set("CUDA_MODULE_LOADING", config.module_loading == ModuleLoading::lazy ? "LAZY" : "EAGER",
                  "rule 4: unset before");
        }
    } else {
        log.note("cuda: {}", config.cuda_enabled ? "no NVIDIA package found; nothing CUDA-related added"
                                                 : "[cuda] enabled = false");
    }
    // 5. The config's [env] table, last.
    std::vector<std::pair<std::string, std::string>> extra{{"config_dir", value_of(config.dir)}};
    if (python) {
        extra.emplace_back("env_root", value_of(python->root));
        if (!python->site_packages.empty()) {
            extra.emplace_back("site_packages", value_of(python->site_packages.front()));
        }
    }
    apply_env_table(b, config, extra);
    // 6. RUN_WITH_CUDA: children and nested launches can tell.
    b.set("RUN_WITH_CUDA", k_version, "rule 6");
    return b.finish();
}

} // namespace rwc
