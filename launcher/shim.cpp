#include "shim.hpp"

#include "error.hpp"
#include "launcher_copy.hpp"
#include "toml_text.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace fs = boost::filesystem;

Config load_shim_config(const fs::path& executable, const Environment& env, const Log& log)
{
    const auto file = config_beside_executable(executable, log);
    if (!file) {
        throw Failure(k_exit_usage,
                      fmt::format("{} is an interpreter shim and needs its config beside it: {} with [python] "
                                  "interpreter (run-with-cuda --install-shim DIR writes both)",
                                  executable.string(), (executable.parent_path() / "run-with-cuda.toml").string()));
    }
    Config config = load_config(*file, config_trust(true, env));
    if (!config.interpreter) {
        throw Failure(k_exit_usage, fmt::format("{}: an interpreter shim's config needs [python] interpreter, the "
                                                "interpreter that {} stands for",
                                                file->string(), executable.filename().string()));
    }
    if (config.app) {
        throw Failure(k_exit_usage,
                      fmt::format("{}: an interpreter shim passes every argument to its interpreter, so [app] has no "
                                  "meaning here; remove it, or name the copy otherwise",
                                  file->string()));
    }
    // Before anything reads the interpreter's folders: a shim that named itself (or another
    // copy) would start itself again.
    const fs::path& named = *config.interpreter;
    for (const fs::path& candidate : {named, named / "bin" / "python3", named / "bin" / "python",
                                      named / "Scripts" / "python.exe", named / "python.exe"}) {
        if (is_launcher_copy(candidate, executable)) {
            throw Failure(k_exit_usage,
                          fmt::format("{}: [python] interpreter names this shim itself or another copy of "
                                      "run-with-cuda ({}); name the environment's real interpreter",
                                      file->string(), candidate.string()));
        }
    }
    log.note("shim: {} stands for {}", executable.string(), config.interpreter->string());
    return config;
}

Expected<std::vector<NewFile>> shim_files(const fs::path& dir, const PythonEnv& python, const fs::path& running,
                                          TargetOs os)
{
    const auto interpreter = toml_string(python.interpreter.string());
    if (!interpreter) {
        return Error{fmt::format("the interpreter's path {} is not UTF-8, which a config cannot hold",
                                 python.interpreter.string()),
                     k_exit_usage};
    }
    const std::string config = "# An interpreter shim, written by run-with-cuda --install-shim: the python files in\n"
                               "# this folder are copies of run-with-cuda that start the interpreter below with the\n"
                               "# CUDA libraries of its environment visible, every argument passed on unchanged.\n"
                               "[python]\n"
                               "interpreter = " +
                               *interpreter + "\n";
    std::vector<NewFile> files;
    if (os == TargetOs::windows) {
        const fs::path scripts = dir / "Scripts";
        for (const bool gui : {false, true}) {
            auto binary = launcher_binary(running, gui, os);
            if (!binary) {
                return binary.error();
            }
            files.push_back({scripts / (gui ? "pythonw.exe" : "python.exe"), NewFile::Kind::copy, *binary, {}});
        }
        files.push_back({scripts / "run-with-cuda.toml", NewFile::Kind::text, {}, config});
        return files;
    }
    const fs::path bin = dir / "bin";
    files.push_back({bin / "python", NewFile::Kind::copy, running, {}});
    files.push_back({bin / "python3", NewFile::Kind::symlink, "python", {}});
    if (!python.version.empty() && python.version != "3") {
        const std::string versioned = "python" + python.version + (python.free_threaded ? "t" : "");
        files.push_back({bin / versioned, NewFile::Kind::symlink, "python", {}});
    }
    files.push_back({bin / "run-with-cuda.toml", NewFile::Kind::text, {}, config});
    return files;
}

int install_shim(const std::string& dir, const std::optional<PythonEnv>& python, const fs::path& running,
                 const fs::path& working_directory, TargetOs os)
{
    if (!python) {
        throw Failure(k_exit_usage, "--install-shim: no Python environment found; name one with --python ENV");
    }
    const fs::path root = fs::absolute(fs::path(dir), working_directory).lexically_normal();
    const std::vector<NewFile> files = shim_files(root, *python, running, os).value_or_throw("--install-shim: ");
    for (const auto& file : files) {
        boost::system::error_code ec;
        if (fs::equivalent(file.path, python->interpreter, ec)) {
            throw Failure(k_exit_usage, fmt::format("--install-shim: {} is the environment's own interpreter; "
                                                    "choose a folder outside the environment",
                                                    file.path.string()));
        }
    }
    // The folder is made only when nothing is in the way.
    check_new_files(files).value_or_throw("--install-shim: ");
    boost::system::error_code ec;
    fs::create_directories(files.front().path.parent_path(), ec);
    if (ec) {
        throw Failure(k_exit_failure, fmt::format("--install-shim: cannot create {}: {}",
                                                  files.front().path.parent_path().string(), ec.message()));
    }
    write_new_files(files).value_or_throw("--install-shim: ");
    for (const auto& file : files) {
        fmt::print("run-with-cuda: wrote {}\n", file.path.string());
    }
    fmt::print("run-with-cuda: point the IDE at {} (the interpreter {})\n", files.front().path.string(),
               python->interpreter.string());
    return 0;
}

} // namespace rwc
