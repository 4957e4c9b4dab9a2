#include "make_launcher.hpp"

#include "config.hpp"
#include "launcher_copy.hpp"
#include "log.hpp"
#include "text_util.hpp"
#include "toml_text.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <array>

namespace rwc {

namespace fs = boost::filesystem;

namespace {

/// True when stem (the name before its first '.') is a reserved device name of Windows.
bool reserved_windows_name(std::string_view name)
{
    const std::string stem = ascii_lower(trim(name.substr(0, name.find('.'))));
    static constexpr std::array<std::string_view, 4> k_devices{"con", "prn", "aux", "nul"};
    if (std::find(k_devices.begin(), k_devices.end(), stem) != k_devices.end()) {
        return true;
    }
    return stem.size() == 4 && (starts_with(stem, "com") || starts_with(stem, "lpt")) && stem[3] >= '1' &&
           stem[3] <= '9';
}

} // namespace

Status check_launcher_name(std::string_view name)
{
    const auto refuse = [&](const std::string& why) {
        return Error{fmt::format("--make-launcher: the name '{}' {}", name, why), k_exit_usage};
    };
    if (name.empty() || name == "." || name == "..") {
        return refuse("is not a file name");
    }
    if (name.find_first_of("/\\") != std::string_view::npos) {
        return refuse("holds a path separator; run it in the folder the launcher goes into");
    }
    if (std::any_of(name.begin(), name.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7f ||
                   std::string_view("<>:\"|?*").find(c) != std::string_view::npos;
        })) {
        return refuse("holds a character Windows file names cannot hold (<>:\"|?* or a control character)");
    }
    if (reserved_windows_name(name)) {
        return refuse("is a reserved device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)");
    }
    const std::string_view stem = without_exe_suffix(name);
    if (stem == "run-with-cuda" || stem == "run-with-cuda-w") {
        return refuse("is the launcher's own name; a copy under it would parse options, not run the app");
    }
    if (is_python_name(std::string(stem), TargetOs::windows)) {
        return refuse("is an interpreter name; such a copy is an interpreter shim (--install-shim)");
    }
    return Done{};
}

LauncherConfig launcher_config(const fs::path& folder, const PythonEnv& python, const std::vector<std::string>& command,
                               bool gui, TargetOs os)
{
    const auto inside = [&](const fs::path& p) {
        const auto rel = relative_inside(p, folder);
        return rel ? *rel : p.string();
    };
    LauncherConfig config;
    config.interpreter = inside(python.kind == EnvKind::system ? python.interpreter : python.root);
    config.command = command;
    config.gui = gui;
    std::string& program = config.command.front();
    if (has_path_separator(program, os) && fs::path(program).is_absolute()) {
        if (const auto rel = relative_inside(program, folder)) {
            program = rel->find('/') == std::string::npos ? "./" + *rel : *rel;
        }
    }
    return config;
}

Expected<std::string> launcher_config_text(const LauncherConfig& config)
{
    std::string text = "# Written by run-with-cuda --make-launcher: the copy of run-with-cuda beside this file\n"
                       "# runs the [app] command below with the CUDA libraries of the environment visible.\n"
                       "# Relative paths are relative to this file's folder, which can be moved or zipped.\n";
    const auto quoted = [](const std::string& s) -> Expected<std::string> {
        if (auto q = toml_string(s)) {
            return *q;
        }
        return Error{fmt::format("--make-launcher: '{}' is not UTF-8, which a config cannot hold", s), k_exit_usage};
    };
    if (config.interpreter) {
        auto interpreter = quoted(*config.interpreter);
        if (!interpreter) {
            return interpreter.error();
        }
        text += "[python]\ninterpreter = " + *interpreter + "\n\n";
    }
    text += "[app]\ncommand = [";
    for (std::size_t i = 0; i < config.command.size(); ++i) {
        auto word = quoted(config.command[i]);
        if (!word) {
            return word.error();
        }
        text += (i ? ", " : "") + *word;
    }
    text += "]\nworking-directory = \".\"\n";
    if (config.gui) {
        text += "gui = true\n";
    }
    return text;
}

int make_launcher(const std::string& name, bool gui, const std::vector<std::string>& command,
                  const std::optional<PythonEnv>& python, const fs::path& running, const fs::path& folder, TargetOs os)
{
    check_launcher_name(name).value_or_throw();
    if (!python) {
        throw Failure(k_exit_usage, "--make-launcher: no Python environment found; name one with --python ENV");
    }
    const LauncherConfig config = launcher_config(folder, *python, command, gui, os);
    const std::string text = launcher_config_text(config).value_or_throw();
    const std::string stem(without_exe_suffix(name));
    const std::string exe_name = os == TargetOs::windows ? stem + ".exe" : name;
    const fs::path binary = launcher_binary(running, gui, os).value_or_throw("--make-launcher: ");
    const std::vector<NewFile> files{{folder / (stem + ".toml"), NewFile::Kind::text, {}, text},
                                     {folder / exe_name, NewFile::Kind::copy, binary, {}}};
    write_new_files(files).value_or_throw("--make-launcher: ");
    const Log log;
    if (config.interpreter && fs::path(*config.interpreter).is_absolute()) {
        log.warn("the environment {} lies outside {}; the folder works only where that path exists",
                 *config.interpreter, folder.string());
    }
    fmt::print("run-with-cuda: wrote {} and {}\n", files[1].path.string(), files[0].path.string());
    return 0;
}

} // namespace rwc
