// --print-env FORMAT: the changed variables in each shell's own quoting rules.
#include "print_env.hpp"

#include "error.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

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

/// Why value cannot be written as a .env value that python-dotenv (its parser: unquoted and
/// single-quoted values, ${NAME} interpolation) and VS Code's Python extension
/// (src/client/common/variables/environment.ts, parseEnvFile: quotes stripped, \n in quotes
/// made a newline, ${NAME} substituted in every value, \$ made $) both read back unchanged;
/// empty when it can.
std::string dotenv_unsafe(const std::string& value)
{
    if (value.find_first_of("\r\n") != std::string::npos) {
        return "a newline";
    }
    if (value.find("${") != std::string::npos) {
        return "'${', which both readers expand";
    }
    if (value.find("\\$") != std::string::npos) {
        return "'\\$', which VS Code reads as '$'";
    }
    return {};
}

/// A .env value both readers take literally: unquoted when it needs no quotes (no space or
/// tab at either end, no " #" comment, no quote first), else in single quotes when it holds
/// no quote or backslash (VS Code strips the quotes but undoes no escape); nullopt otherwise.
std::optional<std::string> dotenv_value(const std::string& value)
{
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    const bool needs_quotes = !value.empty() && (blank(value.front()) || blank(value.back()) || value.front() == '\'' ||
                                                 value.front() == '"' || value.find(" #") != std::string::npos ||
                                                 value.find("\t#") != std::string::npos);
    if (!needs_quotes) {
        return value;
    }
    if (value.find_first_of("'\\") == std::string::npos) {
        return "'" + value + "'";
    }
    return std::nullopt;
}

/// PowerShell single quotes: a quote is written twice (about_Quoting_Rules), and PowerShell
/// also takes the typographic quotes U+2018, U+2019, U+201A, U+201B as single quotes.
std::string powershell_quote(const std::string& s)
{
    std::string out = replace_all(s, "'", "''");
    for (const char* quote : {"\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9a", "\xe2\x80\x9b"}) {
        out = replace_all(out, quote, std::string(quote) + quote);
    }
    return "'" + out + "'";
}

/// The format's name as --print-env takes it.
const char* format_name(EnvFormat format)
{
    switch (format) {
    case EnvFormat::sh: return "sh";
    case EnvFormat::fish: return "fish";
    case EnvFormat::powershell: return "powershell";
    case EnvFormat::cmd: return "cmd";
    case EnvFormat::dotenv: return "dotenv";
    case EnvFormat::json: return "json";
    }
    return "?";
}

/// True for a name every POSIX shell, fish and dotenv can take unquoted: [A-Za-z_][A-Za-z0-9_]*.
bool portable_name(const std::string& name)
{
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    return !name.empty() && letter(name.front()) &&
           std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

/// The first character cmd cannot carry inside set "NAME=value": '"' ends the quotes, '%'
/// expands a variable (even in a batch file's quotes), '!' expands under delayed expansion,
/// '^' is an escape under delayed expansion, and a control character (newline, CR, ...)
/// ends or corrupts the line. 0 when there is none.
char cmd_unsafe_character(const std::string& s)
{
    for (const char c : s) {
        if (c == '"' || c == '%' || c == '!' || c == '^' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return c;
        }
    }
    return 0;
}

/// True when s holds a byte outside ASCII.
bool non_ascii(const std::string& s)
{
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

/// Throws Failure (exit 2) when a change cannot be written safely in format.
void check_change(const EnvChange& c, EnvFormat format)
{
    const auto fail = [&](const std::string& why) {
        throw Failure(k_exit_usage, fmt::format("--print-env {}: {}; use --print-env json", format_name(format), why));
    };
    switch (format) {
    case EnvFormat::sh:
    case EnvFormat::fish:
        if (!portable_name(c.name)) {
            fail(fmt::format("the variable name '{}' is not a shell name ([A-Za-z_][A-Za-z0-9_]*)", c.name));
        }
        break;
    case EnvFormat::dotenv:
        // VS Code's parser takes _*[A-Za-z][A-Za-z0-9_]* names only.
        if (!portable_name(c.name) || c.name.find_first_not_of('_') == std::string::npos ||
            (c.name[c.name.find_first_not_of('_')] >= '0' && c.name[c.name.find_first_not_of('_')] <= '9')) {
            fail(fmt::format("the variable name '{}' is not a .env name (_*[A-Za-z][A-Za-z0-9_]*)", c.name));
        }
        if (c.value) {
            if (const std::string why = dotenv_unsafe(*c.value); !why.empty()) {
                fail(fmt::format("the value of {} holds {}", c.name, why));
            }
            if (!dotenv_value(*c.value)) {
                fail(fmt::format("the value of {} needs quotes and holds a quote or backslash, which VS Code's .env "
                                 "reader cannot take back",
                                 c.name));
            }
        }
        break;
    case EnvFormat::powershell:
        if (c.name.empty() || c.name.find('=') != std::string::npos) {
            fail(fmt::format("the variable name '{}' is not a Windows name", c.name));
        }
        break;
    case EnvFormat::cmd:
        if (const char bad = cmd_unsafe_character(c.name);
            bad || c.name.empty() || c.name.find('=') != std::string::npos) {
            fail(fmt::format("cmd cannot carry the variable name '{}' safely", c.name));
        }
        // set "NAME=" removes the variable in cmd (`set /?`): an empty value cannot be carried.
        if (c.value && c.value->empty()) {
            fail(fmt::format("the value of {} is empty, and cmd's set \"{}=\" would remove the variable", c.name,
                             c.name));
        }
        // cmd reads a batch file in the console's code page (437, 850, ... unless `chcp 65001`),
        // not UTF-8, so non-ASCII text would arrive changed (Wine's cmd does the same).
        if (non_ascii(c.name) || (c.value && non_ascii(*c.value))) {
            fail(fmt::format("{} holds non-ASCII text, which cmd reads in the console's code page, not as UTF-8",
                             non_ascii(c.name) ? fmt::format("the variable name '{}'", c.name)
                                               : fmt::format("the value of {}", c.name)));
        }
        if (const char bad = c.value ? cmd_unsafe_character(*c.value) : '\0') {
            fail(fmt::format("the value of {} holds {}, which cmd cannot carry safely in set \"NAME=value\"", c.name,
                             static_cast<unsigned char>(bad) < 0x20
                                 ? fmt::format("the control character 0x{:02x}", static_cast<unsigned char>(bad))
                                 : fmt::format("'{}'", bad)));
        }
        break;
    case EnvFormat::json: break;
    }
}

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
        if (portable_name(c.name)) {
            return removed ? fmt::format("Remove-Item Env:{} -ErrorAction SilentlyContinue\n", c.name)
                           : fmt::format("$env:{} = {}\n", c.name, powershell_quote(*c.value));
        }
        // Any other name (Windows allows "ProgramFiles(x86)"): [Environment]::SetEnvironmentVariable
        // takes it as a quoted string, so no name can break out; $env: reads the same variables.
        return removed ? fmt::format("[Environment]::SetEnvironmentVariable({}, $null)\n", powershell_quote(c.name))
                       : fmt::format("[Environment]::SetEnvironmentVariable({}, {})\n", powershell_quote(c.name),
                                     powershell_quote(*c.value));
    case EnvFormat::cmd:
        // set "NAME=value" keeps & | < > literal; check_change refused what it cannot keep.
        return removed ? fmt::format("set \"{}=\"\n", c.name) : fmt::format("set \"{}={}\"\n", c.name, *c.value);
    case EnvFormat::dotenv:
        // A .env file cannot remove a variable: a removal is a comment.
        return removed ? fmt::format("# unset {}\n", c.name) : fmt::format("{}={}\n", c.name, *dotenv_value(*c.value));
    case EnvFormat::json: break;
    }
    return {};
}

} // namespace

std::string sh_quote(const std::string& s)
{
    return "'" + replace_all(s, "'", "'\\''") + "'";
}

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
        check_change(c, format);
        out += render_line(c, format);
    }
    return out;
}

} // namespace rwc
