// config_parse errors: exit 2 and exactly "FILE:LINE:COL: message" (docs/design.md, "Config
// file": an unknown key or table, a wrong type or an invalid value names file, line, column).
#include "config.hpp"
#include "failure.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rwc {
namespace {

constexpr const char* k_file = "/p/run-with-cuda.toml";

/// The Failure of parsing text as a run-with-cuda.toml (or a pyproject.toml) at file.
std::optional<Failure> parse_error(const std::string& text, bool pyproject = false, const fs::path& file = k_file)
{
    return test::catch_failure([&] { parse_config(text, file, pyproject); });
}

/// Asserts that text fails with exit 2 and exactly "FILE:line:column: message".
void expect_error(const std::string& text, unsigned line, unsigned column, const std::string& message,
                  bool pyproject = false)
{
    const auto failure = parse_error(text, pyproject);
    ASSERT_TRUE(failure) << text;
    EXPECT_EQ(failure->exit_status(), 2) << text;
    EXPECT_EQ(std::string(failure->what()),
              std::string(k_file) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message)
        << text;
}

/// Asserts exit 2 and the "FILE:line:column: " prefix of a message written by toml++.
void expect_error_at(const std::string& text, unsigned line, unsigned column)
{
    const auto failure = parse_error(text);
    ASSERT_TRUE(failure) << text;
    EXPECT_EQ(failure->exit_status(), 2) << text;
    const std::string prefix = std::string(k_file) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
    const std::string what = failure->what();
    EXPECT_EQ(what.rfind(prefix, 0), 0U) << "got: " << what << "\nexpected prefix: " << prefix;
    EXPECT_GT(what.size(), prefix.size()) << "no message after the position";
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line expected: " << what;
}

TEST(ConfigErrors, UnknownTable)
{
    expect_error("[python]\n[gpu]\nx = 1\n", 2, 2,
                 "unknown key 'gpu' in the config (expected one of: python, cuda, env, app)");
    expect_error("interpreter = \"x\"\n", 1, 1,
                 "unknown key 'interpreter' in the config (expected one of: python, cuda, env, app)");
}

TEST(ConfigErrors, UnknownKeyInEachTable)
{
    expect_error("[python]\ninterpreter = \"x\"\nversion = \"3.12\"\n", 3, 1,
                 "unknown key 'version' in [python] (expected one of: interpreter, site-packages)");
    expect_error("[cuda]\n  enable = true\n", 2, 3,
                 "unknown key 'enable' in [cuda] (expected one of: enabled, include, exclude, toolkit, "
                 "module-loading, xla-data-dir)");
    expect_error("[env]\nsett = {}\n", 2, 1,
                 "unknown key 'sett' in [env] (expected one of: set, prepend, append, unset)");
    expect_error("[app]\ncommand = [\"x\"]\ncwd = \".\"\n", 3, 1,
                 "unknown key 'cwd' in [app] (expected one of: command, gui, working-directory)");
}

TEST(ConfigErrors, WrongTypes)
{
    expect_error("[cuda]\nenabled = \"yes\"\n", 2, 11,
                 "[cuda] enabled must be a boolean (true or false), not a string");
    expect_error("[cuda]\nxla-data-dir = \"no\"\n", 2, 16,
                 "[cuda] xla-data-dir must be a boolean (true or false), not a string");
    expect_error("[app]\ncommand = [\"x\"]\ngui = 1\n", 3, 7,
                 "[app] gui must be a boolean (true or false), not an integer");
    expect_error("[python]\ninterpreter = 3\n", 2, 15, "[python] interpreter must be a string, not an integer");
    expect_error("[cuda]\ninclude = \"cudnn\"\n", 2, 11, "[cuda] include must be an array of strings, not a string");
    expect_error("python = 3\n", 1, 10, "[python] must be a table, not an integer");
    expect_error("[env]\nset = [\"A=1\"]\n", 2, 7, "[env] set must be a table, not an array");
    expect_error("[env]\nset = { A = 1 }\n", 2, 13, "[env] set.A must be a string, not an integer");
    expect_error("[env]\nprepend = { PATH = \"bin\" }\n", 2, 20,
                 "[env] prepend.PATH must be an array of strings, not a string");
    expect_error("[app]\ncommand = \"python app.py\"\n", 2, 11,
                 "[app] command must be an array of strings, not a string");
}

TEST(ConfigErrors, ArrayElementNotAString)
{
    expect_error("[cuda]\nexclude = [\"nccl\", 3]\n", 2, 20,
                 "each element of [cuda] exclude must be a string, not an integer");
    expect_error("[env]\nunset = [\"A\", [\"B\"]]\n", 2, 15,
                 "each element of [env] unset must be a string, not an array");
    expect_error("[python]\nsite-packages = [true]\n", 2, 18,
                 "each element of [python] site-packages must be a string, not a boolean");
}

TEST(ConfigErrors, InvalidModuleLoading)
{
    expect_error("[cuda]\nmodule-loading = \"sometimes\"\n", 2, 18,
                 "[cuda] module-loading must be \"lazy\", \"eager\" or \"keep\", not \"sometimes\"");
}

TEST(ConfigErrors, ToolkitNamingAMissingFolder)
{
    test::ScratchDir tree;
    tree.file("proj/a-file", "x");
    const fs::path file = tree.path("proj/run-with-cuda.toml");
    for (const std::string value : {"no/such", "a-file", ""}) {
        const auto failure = parse_error("[cuda]\ntoolkit = \"" + value + "\"\n", false, file);
        ASSERT_TRUE(failure) << value;
        EXPECT_EQ(failure->exit_status(), 2);
        EXPECT_EQ(std::string(failure->what()), file.string() +
                                                    ":2:11: [cuda] toolkit must be \"auto\", \"keep\" or an "
                                                    "existing folder; '" +
                                                    value + "' is none of these");
    }
}

TEST(ConfigErrors, DuplicateKeys)
{
    // toml++ places a redefined key at its new value.
    expect_error_at("[cuda]\nenabled = true\nenabled = false\n", 3, 11);
    expect_error_at("[cuda]\nenabled = true\n\n[cuda]\n", 4, 1);
    expect_error_at("[env]\nset = { A = \"1\", A = \"2\" }\n", 2, 22);
}

TEST(ConfigErrors, TomlSyntaxErrors)
{
    // Where toml++ notices: "tru" followed by a newline, and the end of the file.
    expect_error_at("[cuda]\nenabled = tru\n", 2, 14);
    expect_error_at("[cuda]\nenabled = true\ninclude = [\"a\",\n", 3, 17);
    expect_error_at("[app]\ncommand = [\"x\"] junk\n", 2, 17);
}

TEST(ConfigErrors, InvalidUtf8)
{
    // The column is the invalid byte's own (1-based, in bytes).
    expect_error_at("[cuda]\n# caf\xe9\nenabled = true\n", 2, 6);
    expect_error_at("[app]\ncommand = [\"\xff\"]\n", 2, 13);
    expect_error_at("[cuda]\n\xe9", 2, 1);
    expect_error_at("\xff[cuda]\n", 1, 1);
}

TEST(ConfigErrors, EmptyInterpreter)
{
    expect_error("[python]\ninterpreter = \"\"\n", 2, 15, "[python] interpreter must not be empty");
}

TEST(ConfigErrors, EmptyAppCommand)
{
    expect_error("[app]\ncommand = []\n", 2, 11, "[app] command must not be empty: give the program and its arguments");
    expect_error("[app]\ncommand = [\"\", \"x\"]\n", 2, 11,
                 "[app] command must not be empty: give the program and its arguments");
}

TEST(ConfigErrors, AppWithoutCommand)
{
    expect_error("[cuda]\nenabled = true\n[app]\ngui = true\n", 3, 1,
                 "[app] needs a command (an array of strings, program first)");
}

TEST(ConfigErrors, InvalidEnvVariableNames)
{
    // The rule of the host: POSIX shell names, or Windows' (no '=', no control characters).
#ifdef _WIN32
    const std::string rule = " is not a valid environment variable name (it must not be empty or hold '=' or "
                             "control characters)";
#else
    const std::string rule = " is not a valid environment variable name (letters, digits and '_', not starting "
                             "with a digit)";
#endif
    expect_error("[env]\nset = { \"A=B\" = \"x\" }\n", 2, 9, "[env] set: 'A=B'" + rule);
    expect_error("[env]\nset = { \"\" = \"x\" }\n", 2, 9, "[env] set: ''" + rule);
    expect_error("[env]\nprepend = { \"\" = [\"x\"] }\n", 2, 13, "[env] prepend: ''" + rule);
    expect_error("[env]\nappend = { \"=PATH\" = [\"x\"] }\n", 2, 12, "[env] append: '=PATH'" + rule);
    expect_error_at("[env]\nset = { \"A\\u0000B\" = \"x\" }\n", 2, 9);
}

TEST(ConfigErrors, InvalidNamesInEnvUnset)
{
    // unset names are variable names too: "A=B" or "" can never name a variable.
    expect_error_at("[env]\nunset = [\"PYTHONHOME\", \"A=B\"]\n", 2, 24);
    expect_error_at("[env]\nunset = [\"\"]\n", 2, 10);
}

TEST(ConfigErrors, NulInAnEnvValue)
{
    // An environment value cannot hold NUL (execve would cut it there).
    expect_error_at("[env]\nset = { A = \"x\\u0000y\" }\n", 2, 13);
}

TEST(ConfigErrors, PyprojectErrorsInsideTheToolTable)
{
    expect_error("[project]\nname = \"x\"\n\n[tool.run-with-cuda]\ncuda = { enabled = \"no\" }\n", 5, 20,
                 "[cuda] enabled must be a boolean (true or false), not a string", true);
    expect_error("[tool.run-with-cuda]\ngpu = 1\n", 2, 1,
                 "unknown key 'gpu' in [tool.run-with-cuda] (expected one of: python, cuda, env, app)", true);
    expect_error("[tool]\nrun-with-cuda = 3\n", 2, 17, "[tool.run-with-cuda] must be a table, not an integer", true);
    expect_error("[tool.run-with-cuda]\npython = 3\n", 2, 10,
                 "[tool.run-with-cuda.python] must be a table, not an integer", true);
}

TEST(ConfigErrors, PyprojectOtherToolsAreNotChecked)
{
    const Config c = parse_config("[tool.black]\nanything = 1\n[tool.run-with-cuda]\n", "/p/pyproject.toml", true);
    EXPECT_TRUE(c.cuda_enabled);
}

TEST(ConfigErrors, PyprojectSyntaxErrorAnywhere)
{
    const auto failure = parse_error("[tool.black]\nx = \n[tool.run-with-cuda]\n", true, "/p/pyproject.toml");
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_EQ(std::string(failure->what()).rfind("/p/pyproject.toml:2:5: ", 0), 0U) << failure->what();
}

TEST(ConfigErrors, LoadConfigReportsTheFileItRead)
{
    test::ScratchDir tree;
    const fs::path file = tree.file("run-with-cuda.toml", "[cuda]\nenabled = 1\n");
    const auto failure = test::catch_failure([&] { load_config(file); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_EQ(std::string(failure->what()),
              file.string() + ":2:11: [cuda] enabled must be a boolean (true or false), not an integer");
}

} // namespace
} // namespace rwc
