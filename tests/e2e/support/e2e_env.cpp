// See e2e_env.hpp. The paths come from compile definitions set in tests/e2e/CMakeLists.txt.
#include "e2e_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <cstdio>
#include <cstdlib>

namespace rwc::e2e {

fs::path launcher_path()
{
    const char* chosen = std::getenv("RWC_E2E_LAUNCHER");
    return chosen != nullptr ? fs::path(chosen) : fs::path(RWC_E2E_LAUNCHER);
}
fs::path probe_script(const std::string& name)
{
    return fs::path(RWC_E2E_PROBES) / name;
}
fs::path argv_dump_path()
{
    return RWC_E2E_ARGV_DUMP;
}
fs::path cu13_manifest_dir()
{
    return RWC_E2E_MANIFESTS;
}
fs::path standin_dir()
{
    return RWC_E2E_STANDINS;
}
std::string expected_version()
{
    return RWC_E2E_VERSION;
}

EnvMap base_environment(const fs::path& home)
{
    return {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"LANG", "C.UTF-8"}, {"HOME", home.string()}};
}

std::vector<std::string> to_envp(const EnvMap& env)
{
    std::vector<std::string> result;
    result.reserve(env.size());
    for (const auto& [name, value] : env) {
        result.push_back(name);
        result.back().append("=").append(value);
    }
    return result;
}

EnvMap parse_env0(const std::string& output)
{
    EnvMap env;
    std::size_t start = 0;
    while (start < output.size()) {
        std::size_t end = output.find('\0', start);
        if (end == std::string::npos) {
            end = output.size();
        }
        std::string entry = output.substr(start, end - start);
        std::size_t eq = entry.find('=');
        if (eq != std::string::npos) {
            env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
        }
        start = end + 1;
    }
    return env;
}

std::vector<std::string> split_keeping_empty(const std::string& list)
{
    std::vector<std::string> elements;
    std::size_t start = 0;
    while (true) {
        std::size_t colon = list.find(':', start);
        elements.push_back(list.substr(start, colon - start));
        if (colon == std::string::npos) {
            return elements;
        }
        start = colon + 1;
    }
}

std::string toml_quote(const std::string& text)
{
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            quoted += escape;
        } else {
            quoted += c;
        }
    }
    return quoted + "\"";
}

ProcessResult run_launcher(const std::vector<std::string>& args, const EnvMap& env, const fs::path& cwd)
{
    std::vector<std::string> argv{launcher_path().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process({argv, to_envp(env), cwd});
}

ProcessResult run_direct(const std::vector<std::string>& argv, const EnvMap& env, const fs::path& cwd)
{
    return run_process({argv, to_envp(env), cwd});
}

bool same_file(const fs::path& a, const fs::path& b)
{
    boost::system::error_code ec;
    bool same = fs::equivalent(a, b, ec);
    return !ec && same;
}

bool lies_within(const fs::path& path, const fs::path& root)
{
    fs::path p = fs::absolute(path).lexically_normal();
    fs::path r = fs::absolute(root).lexically_normal();
    auto pi = p.begin();
    for (auto ri = r.begin(); ri != r.end(); ++ri, ++pi) {
        if (*ri == "." && std::next(ri) == r.end()) {
            return true; // a trailing separator normalizes to "."
        }
        if (pi == p.end() || *pi != *ri) {
            return false;
        }
    }
    return true;
}

} // namespace rwc::e2e
