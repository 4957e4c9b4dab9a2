// Finding the config file: docs/design.md, "Finding the config". First hit wins.
#include "config.hpp"
#include "file_status.hpp"
#include "python_env.hpp"
#include "text_file.hpp"
#include "text_util.hpp"
#include "toml_document.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace {

constexpr const char* k_default_name = "run-with-cuda.toml";

/// A regular file at p; anything else there (a FIFO, a device, a folder) is skipped with a
/// --verbose note, so that a FIFO cannot make the search block.
bool is_candidate(const fs::path& p, const Log& log)
{
    boost::system::error_code ec;
    const fs::file_status status = fs::status(p, ec);
    if (fs::is_regular_file(status)) {
        return true;
    }
    if (fs::exists(status)) {
        log.note("config: {} is not a regular file; skipped", p.string());
    }
    return false;
}

} // namespace

std::string launcher_name(const fs::path& executable)
{
    return std::string(without_exe_suffix(executable.filename().string()));
}

CopyRole copy_role(const fs::path& executable, TargetOs os)
{
    const std::string name = launcher_name(executable);
    const auto same = [&](std::string_view own) { return os == TargetOs::windows ? iequals(name, own) : name == own; };
    if (same("run-with-cuda") || same("run-with-cuda-w")) {
        return CopyRole::launcher;
    }
    return is_python_name(name, os) ? CopyRole::interpreter_shim : CopyRole::renamed;
}

std::optional<fs::path> renamed_copy_config(const fs::path& executable)
{
    if (copy_role(executable, k_host_os) == CopyRole::launcher) {
        return std::nullopt;
    }
    const fs::path p = executable.parent_path() / (launcher_name(executable) + ".toml");
    return is_file(p) ? std::optional<fs::path>(p) : std::nullopt;
}

std::optional<fs::path> config_beside_executable(const fs::path& executable, const Log& log)
{
    const fs::path exe_dir = executable.parent_path();
    const std::string own_config = launcher_name(executable) + ".toml";
    if (const fs::path p = exe_dir / own_config; is_candidate(p, log)) {
        return p;
    }
    // Unless the launcher is itself named run-with-cuda (then that file was just checked).
    if (const fs::path p = exe_dir / k_default_name; own_config != k_default_name && is_candidate(p, log)) {
        return p;
    }
    return std::nullopt;
}

namespace {

/// True when the pyproject.toml at p has a [tool.run-with-cuda] table. A file that does
/// not mention the name is skipped unparsed; one that does must be valid TOML.
bool pyproject_has_table(const fs::path& p)
{
    const auto text = read_text_file(p, k_max_config_bytes);
    if (!text || text->find("run-with-cuda") == std::string::npos) {
        return false;
    }
    const toml::table doc = parse_toml_document(*text, p.string());
    return doc["tool"]["run-with-cuda"].is_table();
}

/// A file named by --config or RUN_WITH_CUDA_CONFIG must exist (exit 2 otherwise).
fs::path named_file(const std::string& name, const char* origin, const fs::path& cwd)
{
    fs::path p(name);
    if (p.is_relative()) {
        p = cwd / p;
    }
    boost::system::error_code ec;
    const fs::file_status status = fs::status(p, ec);
    if (!fs::exists(status)) {
        throw Failure(k_exit_usage, fmt::format("config file {} ({}) does not exist", name, origin));
    }
    if (!fs::is_regular_file(status)) {
        throw Failure(k_exit_usage, fmt::format("config file {} ({}) is not a regular file", name, origin));
    }
    return p;
}

} // namespace

bool config_is_named(const ConfigQuery& query, const Environment& env)
{
    const auto named = env.get("RUN_WITH_CUDA_CONFIG");
    return query.explicit_file.has_value() || (named && !named->empty());
}

std::optional<fs::path> find_config(const ConfigQuery& query, const Environment& env, const Log& log)
{
    if (query.no_config) {
        log.note("config: none (--no-config)");
        return std::nullopt;
    }
    if (query.explicit_file) {
        return named_file(*query.explicit_file, "--config", query.working_directory);
    }
    if (const auto named = env.get("RUN_WITH_CUDA_CONFIG"); named && !named->empty()) {
        return named_file(*named, "RUN_WITH_CUDA_CONFIG", query.working_directory);
    }
    if (auto beside = config_beside_executable(query.executable, log)) {
        return beside;
    }
    for (fs::path dir = query.working_directory; !dir.empty(); dir = dir.parent_path()) {
        if (const fs::path p = dir / k_default_name; is_candidate(p, log)) {
            return p;
        }
        if (const fs::path p = dir / "pyproject.toml"; is_candidate(p, log) && pyproject_has_table(p)) {
            return p;
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    log.note("config: none found beside {} or from {} upward; using defaults", query.executable.parent_path().string(),
             query.working_directory.string());
    return std::nullopt;
}

} // namespace rwc
