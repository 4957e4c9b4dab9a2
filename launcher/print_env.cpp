// --print-env FORMAT: the changed variables in each shell's own quoting rules.
#include "print_env.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace rwc {

namespace {

/// Replaces every occurrence of from in s with to.
std::string replace_all(std::string s, std::string_view from, std::string_view to)
{
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
    return s;
}

/// fish single quotes: only \\ and \' are escapes (fish documentation, "Quotes").
std::string fish_quote(const std::string& s)
{
    return "'" + replace_all(replace_all(s, "\\", "\\\\"), "'", "\\'") + "'";
}

/// python-dotenv single quotes: literal but for \\ and \' (python-dotenv parser, "single-quoted value").
std::string dotenv_quote(const std::string& s)
{
    return "'" + replace_all(replace_all(s, "\\", "\\\\"), "'", "\\'") + "'";
}

/// PowerShell single quotes: a ' is written twice (about_Quoting_Rules).
std::string powershell_quote(const std::string& s) { return "'" + replace_all(s, "'", "''") + "'"; }

std::string render_line(const EnvChange& c, EnvFormat format)
{
    const bool removed = !c.value.has_value();
    switch (format) {
    case EnvFormat::sh:
        return removed ? fmt::format("unset {}\n", c.name) : fmt::format("export {}={}\n", c.name, sh_quote(*c.value));
    case EnvFormat::fish:
        return removed ? fmt::format("set -e {}\n", c.name)
                       : fmt::format("set -gx {} {}\n", c.name, fish_quote(*c.value));
    case EnvFormat::powershell:
        return removed ? fmt::format("Remove-Item Env:{} -ErrorAction SilentlyContinue\n", c.name)
                       : fmt::format("$env:{} = {}\n", c.name, powershell_quote(*c.value));
    case EnvFormat::cmd:
        // set "NAME=value" keeps & | < > literal; cmd has no escape for % in a batch file.
        return removed ? fmt::format("set {}=\n", c.name) : fmt::format("set \"{}={}\"\n", c.name, *c.value);
    case EnvFormat::dotenv:
        return removed ? fmt::format("# unset {}\n", c.name) : fmt::format("{}={}\n", c.name, dotenv_quote(*c.value));
    case EnvFormat::json:
        break;
    }
    return {};
}

} // namespace

std::string sh_quote(const std::string& s) { return "'" + replace_all(s, "'", "'\\''") + "'"; }

std::string render_changes(const std::vector<EnvChange>& changes, EnvFormat format)
{
    if (format == EnvFormat::json) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (const auto& c : changes) {
            object[c.name] = c.value ? nlohmann::ordered_json(*c.value) : nlohmann::ordered_json(nullptr);
        }
        // Invalid UTF-8 (possible in Linux values) is written as U+FFFD rather than failing.
        return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    }
    std::string out;
    for (const auto& c : changes) {
        out += render_line(c, format);
    }
    return out;
}

} // namespace rwc
