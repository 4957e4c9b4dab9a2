// completions: the scripts of --completions and the option that selects them.
#include "cli.hpp"
#include "completions.hpp"
#include "failure.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace rwc {
namespace {

/// Every long option the --help text names (--config, --print-env, ...).
std::set<std::string> long_options_in_help()
{
    const std::string help = usage_text();
    const std::regex option(R"((^|[\s,\[])(--[a-z][a-z-]*))");
    std::set<std::string> found;
    for (auto it = std::sregex_iterator(help.begin(), help.end(), option); it != std::sregex_iterator(); ++it) {
        found.insert((*it)[2].str());
    }
    return found;
}

TEST(Completions, EveryShellCompletesEveryOptionOfTheHelp)
{
    const auto options = long_options_in_help();
    ASSERT_GE(options.size(), 14U) << "the --help text lost its options";
    for (const char* shell : {"bash", "zsh", "fish", "powershell"}) {
        const auto script = completion_script(shell);
        ASSERT_TRUE(script) << shell;
        for (const auto& option : options) {
            // fish names long options without their dashes: `-l config`.
            const std::string needle = std::string(shell) == "fish" ? "-l " + option.substr(2) : option;
            EXPECT_NE(script->find(needle), std::string_view::npos) << shell << " lacks " << option;
        }
        for (const char* format : {"sh", "fish", "powershell", "cmd", "dotenv", "json"}) {
            EXPECT_NE(script->find(format), std::string_view::npos) << shell << " lacks the format " << format;
        }
    }
}

TEST(Completions, ScriptsRegisterForTheLauncherName)
{
    EXPECT_NE(completion_script("bash")->find("complete -o bashdefault -o default -F _run_with_cuda run-with-cuda\n"),
              std::string_view::npos);
    EXPECT_EQ(completion_script("zsh")->rfind("#compdef run-with-cuda\n", 0), 0U);
    EXPECT_NE(completion_script("powershell")->find("Register-ArgumentCompleter -Native"), std::string_view::npos);
}

TEST(Completions, UnknownShellIsAUsageErrorNamingTheKnownOnes)
{
    EXPECT_FALSE(completion_script("tcsh"));
    const auto failure = test::catch_failure([] { print_completions("tcsh"); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), k_exit_usage);
    EXPECT_STREQ(failure->what(), "--completions: unknown shell 'tcsh' (bash, zsh, fish, powershell)");
}

TEST(Completions, OptionTakesTheShellAsNextOrInlineValue)
{
    Cli cli = parse_cli({"--completions", "fish"});
    EXPECT_EQ(cli.action, Action::completions);
    EXPECT_EQ(cli.completions_shell, "fish");
    EXPECT_TRUE(cli.command.empty());
    cli = parse_cli({"--completions=zsh"});
    EXPECT_EQ(cli.completions_shell, "zsh");
    const auto failure = test::catch_failure([] { parse_cli({"--completions"}); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), k_exit_usage);
}

} // namespace
} // namespace rwc
