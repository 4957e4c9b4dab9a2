// A broken config stops the launcher before anything starts: exit status 2 and one stderr
// line "run-with-cuda: error: FILE:LINE:COL: message" (docs/design.md, "Config file").
// The command would create a marker file; it must not exist afterwards.
#include "child_process.hpp"
#include "e2e_env.hpp"
#include "scratch_dir.hpp"
#include "venv_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

namespace rwc::e2e {
namespace {

/// One broken config: its file name, text, and where the error must be reported.
struct BrokenConfig {
    std::string name;      ///< test name suffix
    std::string file_name; ///< "run-with-cuda.toml" or "pyproject.toml"
    std::string text;
    unsigned line;              ///< 1-based line of the fault
    std::set<unsigned> columns; ///< accepted 1-based columns; empty = any column on that line
};

/// How the config reaches the launcher.
enum class Discovery { option, variable, working_directory, beside_executable };

/// Prints a case by name (test listings and failure messages).
// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks PrintTo up by name
void PrintTo(const BrokenConfig& config, std::ostream* os)
{
    *os << config.name;
}

/// A test-name word for how the config is found.
std::string discovery_name(Discovery discovery)
{
    switch (discovery) {
    case Discovery::option: return "ConfigOption";
    case Discovery::variable: return "ConfigVariable";
    case Discovery::working_directory: return "FoundInWorkingDirectory";
    case Discovery::beside_executable: return "BesideRenamedCopy";
    }
    return "?";
}

/// Prints how the config is found.
// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks PrintTo up by name
void PrintTo(Discovery discovery, std::ostream* os)
{
    *os << discovery_name(discovery);
}

/// The 1-based line number of text, without its '\n'.
std::string line_of(const std::string& text, unsigned line)
{
    std::size_t start = 0;
    for (unsigned i = 1; i < line; ++i) {
        start = text.find('\n', start) + 1;
    }
    return text.substr(start, text.find('\n', start) - start);
}

/// Escapes regex metacharacters in s.
std::string regex_escape(const std::string& s)
{
    static const std::regex k_special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(s, k_special, R"(\$&)");
}

class ConfigErrors : public ::testing::TestWithParam<std::tuple<BrokenConfig, Discovery>> {};

TEST_P(ConfigErrors, ExitTwoWithOneLocatedLineAndNothingStarted)
{
    const auto& [config, discovery] = GetParam();
    test::ScratchDir work{test::tmpfs_scratch_base()};
    fs::path file = work.root() / config.file_name;
    const fs::path marker = work.root() / "marker";
    EnvMap environment = base_environment(work.root());
    std::vector<std::string> argv{launcher_path().string()};
    if (discovery == Discovery::option) {
        argv.insert(argv.end(), {"--config", file.string()});
    } else if (discovery == Discovery::variable) {
        file = work.root() / "conf" / config.file_name;
        environment["RUN_WITH_CUDA_CONFIG"] = file.string();
    } else if (discovery == Discovery::beside_executable) {
        file = work.root() / "app" / "MyApp.toml";
        argv[0] = (work.root() / "app" / "MyApp").string();
        copy_file_fast(launcher_path(), argv[0]);
    }
    test::write_file(file, config.text);
    argv.insert(argv.end(), {"--", "/usr/bin/touch", marker.string()});
    ProcessResult r = run_direct(argv, environment, work.root());

    EXPECT_TRUE(r.exited_with(2)) << r.describe();
    EXPECT_FALSE(fs::exists(marker)) << "the command was started";
    EXPECT_EQ(r.out, "");
    ASSERT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    ASSERT_EQ(r.err.back(), '\n') << r.err;

    const std::regex located("run-with-cuda: error: " + regex_escape(file.string()) + ":([0-9]+):([0-9]+): .+\n");
    std::smatch match;
    ASSERT_TRUE(std::regex_match(r.err, match, located)) << r.err;
    const auto line = static_cast<unsigned>(std::stoul(match[1]));
    const auto column = static_cast<unsigned>(std::stoul(match[2]));
    EXPECT_EQ(line, config.line) << r.err;
    if (config.columns.empty()) {
        EXPECT_GE(column, 1u) << r.err;
        EXPECT_LE(column, line_of(config.text, config.line).size() + 1) << r.err;
    } else {
        EXPECT_EQ(config.columns.count(column), 1u) << r.err;
    }
}

const BrokenConfig k_broken_configs[] = {
    {"UnknownTable", "run-with-cuda.toml", "# a comment\n[cuda]\nenabled = true\n\n[bogus]\nkey = 1\n", 5, {1, 2}},
    {"UnknownKey", "run-with-cuda.toml", "[cuda]\n  enabeld = true\n", 2, {3}},
    {"UnknownKeyInEnv", "run-with-cuda.toml", "[env]\nset = {}\n  sett = {}\n", 3, {3}},
    {"WrongType", "run-with-cuda.toml", "[cuda]\n  enabled = \"yes\"\n", 2, {3, 13}},
    {"WrongTypeInList", "run-with-cuda.toml", "[cuda]\ninclude = [\"cudnn\", 7]\n", 2, {1, 11, 21}},
    {"InvalidModuleLoading", "run-with-cuda.toml", "[cuda]\n  module-loading = \"sometimes\"\n", 2, {3, 20}},
    {"DuplicateKey", "run-with-cuda.toml", "[cuda]\nenabled = true\nenabled = false\n", 3, {}},
    {"DuplicateTable", "run-with-cuda.toml", "[cuda]\nenabled = true\n[cuda]\n", 3, {}},
    {"NotUtf8", "run-with-cuda.toml", "[env]\nset = { A = \"caf\xe9\" }\n", 2, {}},
    {"EmptyAppCommand", "run-with-cuda.toml", "[app]\n  command = []\n", 2, {3, 13}},
    {"UndefinedVariableInEnv", "run-with-cuda.toml", "[env]\nset = { A = \"${RWC_E2E_UNDEFINED}\" }\n", 2, {}},
    {"TomlSyntax", "run-with-cuda.toml", "[cuda]\nenabled = tru\n", 2, {}},
    {"TomlUnclosedTable", "run-with-cuda.toml", "[cuda]\nenabled = true\n[python\n", 3, {}},
    {"PyprojectUnknownKey",
     "pyproject.toml",
     "[project]\nname = \"demo\"\n\n[tool.run-with-cuda]\n  interpeter = \"python\"\n",
     5,
     {3}},
};

/// "UnknownKey_ConfigOption" style names for the parameter tuples.
std::string case_name(const ::testing::TestParamInfo<std::tuple<BrokenConfig, Discovery>>& info)
{
    return std::get<0>(info.param).name + "_" + discovery_name(std::get<1>(info.param));
}

/// Every broken config with every way of finding it, except pyproject.toml beside the
/// executable (only <name>.toml and run-with-cuda.toml are looked for there).
std::vector<std::tuple<BrokenConfig, Discovery>> all_cases()
{
    std::vector<std::tuple<BrokenConfig, Discovery>> cases;
    for (const BrokenConfig& config : k_broken_configs) {
        for (Discovery discovery :
             {Discovery::option, Discovery::variable, Discovery::working_directory, Discovery::beside_executable}) {
            if (!(config.file_name == "pyproject.toml" && discovery == Discovery::beside_executable)) {
                cases.emplace_back(config, discovery);
            }
        }
    }
    return cases;
}

INSTANTIATE_TEST_SUITE_P(E2e, ConfigErrors, ::testing::ValuesIn(all_cases()), case_name);

TEST(ConfigErrorsMissingFile, ANamedConfigThatDoesNotExistIsAUsageError)
{
    test::ScratchDir work{test::tmpfs_scratch_base()};
    const fs::path marker = work.root() / "marker";
    ProcessResult r =
        run_launcher({"--config", (work.root() / "absent.toml").string(), "--", "/usr/bin/touch", marker.string()},
                     base_environment(work.root()), work.root());
    EXPECT_TRUE(r.exited_with(2)) << r.describe();
    EXPECT_EQ(r.err.rfind("run-with-cuda: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(marker));
}

} // namespace
} // namespace rwc::e2e
