// Reading and validating a config file: docs/design.md, "Config file"; config/README.md is
// the reference. Every error names the file, line and column (toml++ source regions).
#include "config.hpp"
#include "config_trust.hpp"
#include "target_os.hpp"
#include "text_file.hpp"
#include "toml_document.hpp"
#include "toml_guard.hpp"
#include "utf8.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>
#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>

namespace rwc {

namespace {

/// Validation state: the file's name for messages and the folder relative paths use.
class Reader {
  public:
    Reader(std::string file, fs::path dir) : m_file(std::move(file)), m_dir(std::move(dir)) {}

    SourcePos pos(const toml::source_region& region) const { return {m_file, region.begin.line, region.begin.column}; }

    [[noreturn]] void fail(const toml::source_region& region, const std::string& message) const
    {
        throw_config_error(pos(region), message);
    }

    /// Rejects keys of table not in allowed, naming the table.
    void check_keys(const toml::table& table, std::string_view table_name,
                    std::initializer_list<std::string_view> allowed) const
    {
        for (auto&& [key, node] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
                std::string names;
                for (const auto name : allowed) {
                    names += names.empty() ? "" : ", ";
                    names += name;
                }
                fail(key.source(),
                     fmt::format("unknown key '{}' in {} (expected one of: {})", key.str(), table_name, names));
            }
        }
    }

    const toml::table* table(const toml::node* node, std::string_view name) const
    {
        if (node && !node->is_table()) {
            fail(node->source(), fmt::format("{} must be a table, not {}", name, type_name(*node)));
        }
        return node ? node->as_table() : nullptr;
    }

    ConfigString string(const toml::node& node, std::string_view name) const
    {
        if (!node.is_string()) {
            fail(node.source(), fmt::format("{} must be a string, not {}", name, type_name(node)));
        }
        const std::string& value = node.as_string()->get();
        if (value.find('\0') != std::string::npos) {
            // execve() and CreateProcessW would cut the value at the NUL.
            fail(node.source(), fmt::format("{} must not contain a NUL character", name));
        }
        return {value, pos(node.source())};
    }

    bool boolean(const toml::node& node, std::string_view name) const
    {
        if (!node.is_boolean()) {
            fail(node.source(), fmt::format("{} must be a boolean (true or false), not {}", name, type_name(node)));
        }
        return node.as_boolean()->get();
    }

    std::vector<ConfigString> strings(const toml::node& node, std::string_view name) const
    {
        if (!node.is_array()) {
            fail(node.source(), fmt::format("{} must be an array of strings, not {}", name, type_name(node)));
        }
        std::vector<ConfigString> out;
        for (const auto& element : *node.as_array()) {
            out.push_back(string(element, fmt::format("each element of {}", name)));
        }
        return out;
    }

    /// A path value: relative paths are relative to the config file's folder (docs/design.md).
    fs::path path(const ConfigString& value) const
    {
        fs::path p(value.value);
        // make_preferred: on Windows "tools/bin" reads "C:\\proj\\tools\\bin" (and Boost 1.74's
        // lexically_normal writes the root as "C:/"); a no-op on POSIX.
        return (p.is_absolute() ? p : m_dir / p).lexically_normal().make_preferred();
    }

    static std::string type_name(const toml::node& node)
    {
        switch (node.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a float";
        case toml::node_type::boolean: return "a boolean";
        default: return "a date or time";
        }
    }

  private:
    std::string m_file;
    fs::path m_dir;
};

void read_python(const Reader& r, const toml::table& t, Config& c)
{
    r.check_keys(t, "[python]", {"interpreter", "site-packages"});
    if (const auto* n = t.get("interpreter")) {
        const auto value = r.string(*n, "[python] interpreter");
        if (value.value.empty()) {
            r.fail(n->source(), "[python] interpreter must not be empty");
        }
        c.interpreter = r.path(value);
        c.interpreter_pos = value.pos;
    }
    if (const auto* n = t.get("site-packages")) {
        for (const auto& folder : r.strings(*n, "[python] site-packages")) {
            c.extra_site_packages.push_back(r.path(folder));
        }
    }
}

void read_cuda(const Reader& r, const toml::table& t, Config& c)
{
    r.check_keys(t, "[cuda]", {"enabled", "include", "exclude", "toolkit", "module-loading", "xla-data-dir"});
    if (const auto* n = t.get("enabled")) {
        c.cuda_enabled = r.boolean(*n, "[cuda] enabled");
    }
    if (const auto* n = t.get("xla-data-dir")) {
        c.xla_data_dir = r.boolean(*n, "[cuda] xla-data-dir");
    }
    for (const auto& [key, list] : {std::pair{"include", &c.include}, std::pair{"exclude", &c.exclude}}) {
        if (const auto* n = t.get(key)) {
            for (auto& s : r.strings(*n, fmt::format("[cuda] {}", key))) {
                list->push_back(std::move(s.value));
            }
        }
    }
    if (const auto* n = t.get("toolkit")) {
        const auto value = r.string(*n, "[cuda] toolkit");
        if (value.value == "auto") {
            c.toolkit = ToolkitMode::automatic;
        } else if (value.value == "keep") {
            c.toolkit = ToolkitMode::keep;
        } else {
            c.toolkit = ToolkitMode::path;
            c.toolkit_path = r.path(value);
            boost::system::error_code ec;
            if (value.value.empty() || !fs::is_directory(c.toolkit_path, ec)) {
                r.fail(n->source(), fmt::format("[cuda] toolkit must be \"auto\", \"keep\" or an existing "
                                                "folder; '{}' is none of these",
                                                value.value));
            }
        }
    }
    if (const auto* n = t.get("module-loading")) {
        const auto value = r.string(*n, "[cuda] module-loading");
        if (value.value == "lazy") {
            c.module_loading = ModuleLoading::lazy;
        } else if (value.value == "eager") {
            c.module_loading = ModuleLoading::eager;
        } else if (value.value == "keep") {
            c.module_loading = ModuleLoading::keep;
        } else {
            r.fail(n->source(), fmt::format("[cuda] module-loading must be \"lazy\", \"eager\" or \"keep\", "
                                            "not \"{}\"",
                                            value.value));
        }
    }
}

/// A variable name in [env] (config/README.md, "[env]"): on POSIX a shell name,
/// [A-Za-z_][A-Za-z0-9_]* (POSIX.1-2017, 3.235 "Name"), so that --print-env can write it
/// for every shell; on Windows non-empty, without '=' or control characters
/// (SetEnvironmentVariableW). Fails at pos otherwise.
void check_variable_name(const SourcePos& pos, std::string_view name, std::string_view table)
{
    if (!valid_variable_name(name, k_host_os)) {
        std::string shown;
        for (const char c : name) {
            const auto byte = static_cast<unsigned char>(c);
            shown += byte < 0x20 || byte == 0x7f ? fmt::format("\\x{:02x}", byte) : std::string(1, c);
        }
        throw_config_error(pos, fmt::format("{}: '{}' is not a valid environment variable name ({})", table, shown,
                                            k_host_os == TargetOs::windows
                                                ? "it must not be empty or hold '=' or control characters"
                                                : "letters, digits and '_', not starting with a digit"));
    }
}

void check_variable_name(const Reader& r, const toml::key& key, std::string_view table)
{
    check_variable_name(r.pos(key.source()), key.str(), table);
}

std::vector<EnvListEntry> read_env_lists(const Reader& r, const toml::node& node, std::string_view name)
{
    std::vector<EnvListEntry> out;
    const auto* t = r.table(&node, name);
    for (auto&& [key, value] : *t) {
        check_variable_name(r, key, name);
        out.push_back({std::string(key.str()), r.strings(value, fmt::format("{}.{}", name, key.str()))});
    }
    return out;
}

void read_env(const Reader& r, const toml::table& t, Config& c)
{
    r.check_keys(t, "[env]", {"set", "prepend", "append", "unset"});
    if (const auto* n = t.get("set")) {
        for (auto&& [key, value] : *r.table(n, "[env] set")) {
            check_variable_name(r, key, "[env] set");
            c.env_set.emplace(std::string(key.str()), r.string(value, fmt::format("[env] set.{}", key.str())));
        }
    }
    if (const auto* n = t.get("prepend")) {
        c.env_prepend = read_env_lists(r, *n, "[env] prepend");
    }
    if (const auto* n = t.get("append")) {
        c.env_append = read_env_lists(r, *n, "[env] append");
    }
    if (const auto* n = t.get("unset")) {
        for (auto& s : r.strings(*n, "[env] unset")) {
            check_variable_name(s.pos, s.value, "[env] unset");
            c.env_unset.push_back(std::move(s.value));
        }
    }
}

void read_app(const Reader& r, const toml::table& t, Config& c)
{
    r.check_keys(t, "[app]", {"command", "gui", "working-directory"});
    const auto* command = t.get("command");
    if (!command) {
        r.fail(t.source(), "[app] needs a command (an array of strings, program first)");
    }
    AppConfig app;
    app.command = r.strings(*command, "[app] command");
    if (app.command.empty() || app.command.front().value.empty()) {
        r.fail(command->source(), "[app] command must not be empty: give the program and its arguments");
    }
    if (const auto* n = t.get("gui")) {
        app.gui = r.boolean(*n, "[app] gui");
    }
    if (const auto* n = t.get("working-directory")) {
        app.working_directory = r.path(r.string(*n, "[app] working-directory"));
    }
    c.app = std::move(app);
}

/// toml++'s message on one line: control characters (it may quote a newline) escaped.
std::string one_line(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

/// Rejects text that is not UTF-8 (TOML 1.0: "A TOML file must be a valid UTF-8 encoded
/// Unicode document"), naming the line and column (in characters) of the first bad byte.
void check_utf8(std::string_view text, const std::string& file)
{
    unsigned line = 1;
    unsigned column = 1;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            throw_config_error({file, line, column}, fmt::format("the file is not UTF-8 (byte 0x{:02x})",
                                                                 static_cast<unsigned char>(text[i])));
        }
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += length;
    }
}

} // namespace

toml::table parse_toml_document(std::string_view text, const std::string& file)
{
    check_utf8(text, file);
    check_toml_shape(text, file); // before toml++: its recursion and non-ASCII keys (toml_guard.hpp)
    try {
        return toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        throw_config_error({file, where.line, where.column}, one_line(e.description()));
    }
}

Config default_config(const fs::path& dir)
{
    Config c;
    c.dir = dir;
    return c;
}

Config parse_config(std::string_view text, const fs::path& file, bool pyproject)
{
    boost::system::error_code ec;
    fs::path dir = fs::absolute(file, ec).parent_path();
    Reader r(file.string(), dir);
    const toml::table doc = parse_toml_document(text, file.string());
    const toml::table* root = &doc;
    if (pyproject) {
        root = r.table(doc["tool"]["run-with-cuda"].node(), "[tool.run-with-cuda]");
        if (!root) {
            throw Failure(k_exit_usage, fmt::format("{}: has no [tool.run-with-cuda] table", file.string()));
        }
    }
    const std::string prefix = pyproject ? "tool.run-with-cuda." : "";
    r.check_keys(*root, pyproject ? "[tool.run-with-cuda]" : "the config", {"python", "cuda", "env", "app"});
    Config c = default_config(dir);
    c.file = file;
    if (const auto* t = r.table(root->get("python"), "[" + prefix + "python]")) {
        read_python(r, *t, c);
    }
    if (const auto* t = r.table(root->get("cuda"), "[" + prefix + "cuda]")) {
        read_cuda(r, *t, c);
    }
    if (const auto* t = r.table(root->get("env"), "[" + prefix + "env]")) {
        read_env(r, *t, c);
    }
    if (const auto* t = r.table(root->get("app"), "[" + prefix + "app]")) {
        read_app(r, *t, c);
    }
    return c;
}

bool valid_variable_name(std::string_view name, TargetOs os)
{
    if (name.empty()) {
        return false;
    }
    if (os == TargetOs::windows) {
        return std::none_of(name.begin(), name.end(),
                            [](char c) { return c == '=' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    }
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    return letter(name.front()) &&
           std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

Config load_config(const fs::path& file, const ConfigTrust& trust)
{
    ReadFacts facts;
    const auto text = read_text_file(file, k_max_config_bytes, &facts);
    if (!text) {
        throw Failure(k_exit_usage, fmt::format("cannot read config {}: {}", file.string(), text.error().message));
    }
    TrustDecision decision = decide_config_trust(file, facts.ownership, trust);
    if (!decision.used) {
        throw Failure(k_exit_usage, decision.text);
    }
    Config config = parse_config(*text, file, file.filename() == "pyproject.toml");
    config.trust = std::move(decision.text);
    return config;
}

} // namespace rwc
