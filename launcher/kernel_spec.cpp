// See kernel_spec.hpp; the route as a whole: docs/integrations.md, "Jupyter kernels".
#include "kernel_spec.hpp"

#include "text_util.hpp"
#include "utf8.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace rwc {

namespace {

/// True for the characters jupyter_client allows in a kernel name: [A-Za-z0-9._-].
bool is_kernel_name_char(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x80 && std::isalnum(u) != 0) || c == '.' || c == '_' || c == '-';
}

/// A variable of env that is set and not empty.
std::optional<std::string> non_empty(const Environment& env, std::string_view name)
{
    auto value = env.get(name);
    return value && !value->empty() ? value : std::nullopt;
}

/// jupyter_core's envset(): set, and not one of no, n, false, off, 0, 0.0 (any case).
bool env_flag(const Environment& env, std::string_view name)
{
    auto value = env.get(name);
    if (!value) {
        return false;
    }
    const std::string lower = ascii_lower(*value);
    constexpr std::array<std::string_view, 6> k_false{"no", "n", "false", "off", "0", "0.0"};
    return std::find(k_false.begin(), k_false.end(), lower) == k_false.end();
}

/// base + separator + leaf, with the separator of os ('\\' on Windows), so that a Windows
/// path computed on Linux (the unit tests) reads as Windows writes it.
std::string join(TargetOs os, const std::string& base, std::string_view leaf)
{
    const char sep = os == TargetOs::windows ? '\\' : '/';
    std::string out = base;
    if (out.empty() || (out.back() != sep && out.back() != '/')) {
        out += sep;
    }
    out += leaf;
    return out;
}

} // namespace

std::optional<std::string> kernel_name_problem(std::string_view name)
{
    if (name.empty()) {
        return std::string("a kernel name cannot be empty");
    }
    if (name.size() > k_max_kernel_name) {
        return fmt::format("the kernel name is longer than {} characters", k_max_kernel_name);
    }
    const auto bad = std::find_if_not(name.begin(), name.end(), is_kernel_name_char);
    if (bad != name.end()) {
        const auto u = static_cast<unsigned char>(*bad);
        const std::string shown = u >= 0x20 && u < 0x7f ? fmt::format("'{}'", *bad) : fmt::format("byte 0x{:02x}", u);
        return fmt::format("the kernel name '{}' holds {}: only ASCII letters, digits, '.', '_' and '-' are "
                           "allowed (as jupyter_client allows)",
                           is_valid_utf8(name) && u >= 0x20 ? std::string(name) : std::string("..."), shown);
    }
    if (name.find_first_not_of('.') == std::string_view::npos) {
        return fmt::format("the kernel name '{}' is made of dots only", name);
    }
    return std::nullopt;
}

std::string environment_short_name(const PythonEnv& python)
{
    fs::path root = python.root.lexically_normal();
    if (root.filename() == ".") {
        root = root.parent_path();
    }
    std::string name = root.filename().string();
    if (name == ".venv" || name == "venv" || name == ".env" || name == "env") {
        const std::string above = root.parent_path().filename().string();
        if (!above.empty() && above != "/" && above != "\\") {
            name = above;
        }
    }
    return name.empty() || name == "/" || name == "\\" ? std::string("python") : name;
}

std::string default_kernel_name(const PythonEnv& python)
{
    std::string name = "cuda-" + environment_short_name(python);
    for (char& c : name) {
        c = is_kernel_name_char(c) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '-';
    }
    return name.substr(0, k_max_kernel_name);
}

std::string default_display_name(const PythonEnv& python)
{
    return fmt::format("Python {} (CUDA, {})", python.version.empty() ? "3" : python.version,
                       environment_short_name(python));
}

Expected<std::string> kernel_json(const fs::path& launcher, const fs::path& interpreter,
                                  const std::string& display_name)
{
    for (const auto& [what, text] : {std::pair<const char*, std::string>{"the launcher's path", launcher.string()},
                                     {"the interpreter's path", interpreter.string()},
                                     {"the display name", display_name}}) {
        if (!is_valid_utf8(text)) {
            return Error{fmt::format("{} is not valid UTF-8, which kernel.json (JSON text) cannot hold", what),
                         k_exit_usage};
        }
    }
    nlohmann::ordered_json spec;
    spec["argv"] = {launcher.string(), interpreter.string(), "-m", "ipykernel_launcher", "-f", "{connection_file}"};
    spec["display_name"] = display_name;
    spec["language"] = "python";
    // ipykernel's own kernelspec says the kernel supports the debugger protocol; no
    // "interpreter" key: VS Code would replace argv[0] with it (docs/integrations.md).
    spec["metadata"] = {{"debugger", true}};
    return spec.dump(1) + "\n";
}

Expected<std::string> jupyter_data_dir(const Environment& env)
{
    if (auto dir = non_empty(env, "JUPYTER_DATA_DIR")) {
        return *dir;
    }
    const TargetOs os = env.os();
    if (os == TargetOs::windows) {
        if (env_flag(env, "JUPYTER_PLATFORM_DIRS")) {
            if (auto local = non_empty(env, "LOCALAPPDATA")) {
                return join(os, *local, "Jupyter");
            }
        } else if (auto appdata = non_empty(env, "APPDATA")) {
            return join(os, *appdata, "jupyter");
        }
        if (auto config = non_empty(env, "JUPYTER_CONFIG_DIR")) {
            return join(os, *config, "data");
        }
        if (auto profile = non_empty(env, "USERPROFILE")) {
            return join(os, join(os, *profile, ".jupyter"), "data");
        }
        return Error{"neither JUPYTER_DATA_DIR, APPDATA nor USERPROFILE is set, so the Jupyter data folder is "
                     "unknown; pass --prefix DIR or set JUPYTER_DATA_DIR",
                     k_exit_usage};
    }
    if (auto xdg = non_empty(env, "XDG_DATA_HOME")) {
        return join(os, *xdg, "jupyter");
    }
    if (auto home = non_empty(env, "HOME")) {
        return join(os, join(os, join(os, *home, ".local"), "share"), "jupyter");
    }
    return Error{"neither JUPYTER_DATA_DIR, XDG_DATA_HOME nor HOME is set, so the Jupyter data folder is unknown; "
                 "pass --prefix DIR or set JUPYTER_DATA_DIR",
                 k_exit_usage};
}

} // namespace rwc
