// cli: `run-with-cuda [OPTIONS] [--] [COMMAND [ARGS...]]` (docs/design.md, "Command line").
#include "cli.hpp"
#include "failure.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rwc {
namespace {

using Args = std::vector<std::string>;
using test::catch_failure;

TEST(Cli, NoArgumentsRunsTheAppCommand)
{
    const Cli cli = parse_cli({});
    EXPECT_EQ(cli.action, Action::run);
    EXPECT_TRUE(cli.command.empty());
    EXPECT_FALSE(cli.config_file);
    EXPECT_FALSE(cli.python);
    EXPECT_FALSE(cli.no_config);
    EXPECT_FALSE(cli.verbose);
}

TEST(Cli, OptionsBeforeCommand)
{
    const Cli cli = parse_cli({"-c", "my.toml", "-p", "/env/bin/python", "-v", "--no-config", "python", "app.py"});
    EXPECT_EQ(cli.action, Action::run);
    EXPECT_EQ(cli.config_file, std::optional<std::string>("my.toml"));
    EXPECT_EQ(cli.python, std::optional<std::string>("/env/bin/python"));
    EXPECT_TRUE(cli.verbose);
    EXPECT_TRUE(cli.no_config);
    EXPECT_EQ(cli.command, (Args{"python", "app.py"}));
}

TEST(Cli, LongOptionsWithSeparateAndInlineValues)
{
    const Cli separate = parse_cli({"--config", "a.toml", "--python", "/p", "--verbose", "x"});
    EXPECT_EQ(separate.config_file, std::optional<std::string>("a.toml"));
    EXPECT_EQ(separate.python, std::optional<std::string>("/p"));
    EXPECT_TRUE(separate.verbose);
    EXPECT_EQ(separate.command, Args{"x"});

    const Cli inline_form = parse_cli({"--config=b.toml", "--python=/q/bin/python3", "y"});
    EXPECT_EQ(inline_form.config_file, std::optional<std::string>("b.toml"));
    EXPECT_EQ(inline_form.python, std::optional<std::string>("/q/bin/python3"));
    EXPECT_EQ(inline_form.command, Args{"y"});
}

TEST(Cli, InlineValueKeepsLaterEqualsSignsAndMayBeEmpty)
{
    EXPECT_EQ(parse_cli({"--config=a=b.toml"}).config_file, std::optional<std::string>("a=b.toml"));
    EXPECT_EQ(parse_cli({"--python="}).python, std::optional<std::string>(""));
}

TEST(Cli, OptionValueMayLookLikeAnOption)
{
    const Cli cli = parse_cli({"-c", "--weird.toml", "cmd"});
    EXPECT_EQ(cli.config_file, std::optional<std::string>("--weird.toml"));
    EXPECT_EQ(cli.command, Args{"cmd"});
}

TEST(Cli, DoubleDashEndsOptions)
{
    const Cli cli = parse_cli({"-v", "--", "--version", "-c", "x"});
    EXPECT_EQ(cli.action, Action::run);
    EXPECT_TRUE(cli.verbose);
    EXPECT_EQ(cli.command, (Args{"--version", "-c", "x"}));
}

TEST(Cli, DoubleDashAloneGivesNoCommand)
{
    const Cli cli = parse_cli({"--"});
    EXPECT_EQ(cli.action, Action::run);
    EXPECT_TRUE(cli.command.empty());
}

TEST(Cli, SecondDoubleDashBelongsToTheCommand)
{
    EXPECT_EQ(parse_cli({"--", "--", "a"}).command, (Args{"--", "a"}));
    EXPECT_EQ(parse_cli({"cmd", "--", "a"}).command, (Args{"cmd", "--", "a"}));
}

TEST(Cli, EverythingAfterCommandPassesUntouched)
{
    const Args tail{"pytest", "-v", "--config", "x",           "--print-env", "json", "--",
                    "-h",     "",   " sp ace ", "caf\xc3\xa9", "\xff\xfe",    "a\nb", "'\"\\"};
    const Cli cli = parse_cli(tail);
    EXPECT_FALSE(cli.verbose);
    EXPECT_FALSE(cli.config_file);
    EXPECT_EQ(cli.action, Action::run);
    EXPECT_EQ(cli.command, tail);
}

TEST(Cli, SingleDashAndEmptyStringAreCommands)
{
    EXPECT_EQ(parse_cli({"-", "x"}).command, (Args{"-", "x"}));
    EXPECT_EQ(parse_cli({"", "x"}).command, (Args{"", "x"}));
}

TEST(Cli, PrintEnvWithoutFormatIsSh)
{
    const Cli cli = parse_cli({"--print-env"});
    EXPECT_EQ(cli.action, Action::print_env);
    EXPECT_EQ(cli.env_format, EnvFormat::sh);
    EXPECT_TRUE(cli.command.empty());
}

TEST(Cli, PrintEnvTakesEachFormatName)
{
    const std::vector<std::pair<std::string, EnvFormat>> formats{
        {"sh", EnvFormat::sh},   {"fish", EnvFormat::fish},     {"powershell", EnvFormat::powershell},
        {"cmd", EnvFormat::cmd}, {"dotenv", EnvFormat::dotenv}, {"json", EnvFormat::json}};
    for (const auto& [name, format] : formats) {
        const Cli cli = parse_cli({"--print-env", name});
        EXPECT_EQ(cli.action, Action::print_env) << name;
        EXPECT_EQ(cli.env_format, format) << name;
        EXPECT_TRUE(cli.command.empty()) << name;
        EXPECT_EQ(parse_cli({"--print-env=" + name}).env_format, format) << name;
    }
}

TEST(Cli, PrintEnvFollowedByAFormatNameTakesItAsTheFormat)
{
    // docs/design.md: FORMAT "when the next argument is one of these names".
    const Cli cli = parse_cli({"--print-env", "json", "pytest"});
    EXPECT_EQ(cli.env_format, EnvFormat::json);
    EXPECT_EQ(cli.command, Args{"pytest"});
}

TEST(Cli, PrintEnvFollowedByAnotherNameLeavesItAsTheCommand)
{
    const Cli cli = parse_cli({"--print-env", "pytest", "-x"});
    EXPECT_EQ(cli.action, Action::print_env);
    EXPECT_EQ(cli.env_format, EnvFormat::sh);
    EXPECT_EQ(cli.command, (Args{"pytest", "-x"}));
}

TEST(Cli, PrintEnvFormatNamesAreCaseSensitive)
{
    const Cli cli = parse_cli({"--print-env", "JSON"});
    EXPECT_EQ(cli.env_format, EnvFormat::sh);
    EXPECT_EQ(cli.command, Args{"JSON"});
}

TEST(Cli, PrintEnvThenDoubleDashGivesACommandNamedLikeAFormat)
{
    const Cli cli = parse_cli({"--print-env", "--", "json"});
    EXPECT_EQ(cli.env_format, EnvFormat::sh);
    EXPECT_EQ(cli.command, Args{"json"});
}

TEST(Cli, PrintEnvInlineUnknownFormatIsAUsageError)
{
    const auto failure = catch_failure([] { parse_cli({"--print-env=yaml"}); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_STREQ(failure->what(), "--print-env: unknown format 'yaml' (sh, fish, powershell, cmd, dotenv, json)");
}

TEST(Cli, Actions)
{
    EXPECT_EQ(parse_cli({"--dry-run", "x"}).action, Action::dry_run);
    EXPECT_EQ(parse_cli({"--init"}).action, Action::init);
    EXPECT_EQ(parse_cli({"--version"}).action, Action::version);
    EXPECT_EQ(parse_cli({"-h"}).action, Action::help);
    EXPECT_EQ(parse_cli({"--help"}).action, Action::help);
    EXPECT_EQ(parse_cli({"--install-hook"}).action, Action::install_hook);
    const Cli remove = parse_cli({"--python", "env", "--remove-hook"});
    EXPECT_EQ(remove.action, Action::remove_hook);
    EXPECT_EQ(remove.python, std::optional<std::string>("env"));
}

TEST(Cli, DoctorWithAndWithoutJson)
{
    const Cli plain = parse_cli({"--doctor"});
    EXPECT_EQ(plain.action, Action::doctor);
    EXPECT_FALSE(plain.json);
    EXPECT_TRUE(parse_cli({"--doctor", "--json"}).json);
    EXPECT_TRUE(parse_cli({"--json", "--doctor"}).json);
    const Cli after = parse_cli({"--doctor", "--", "--json"});
    EXPECT_FALSE(after.json);
    EXPECT_EQ(after.command, Args{"--json"});
}

TEST(Cli, JsonWithoutDoctorIsAUsageError)
{
    for (const Args& args : {Args{"--json"}, Args{"--json", "python"}, Args{"--print-env", "--json"}}) {
        const auto failure = catch_failure([&] { parse_cli(args); });
        ASSERT_TRUE(failure);
        EXPECT_EQ(failure->exit_status(), 2);
        EXPECT_STREQ(failure->what(), "--json is only valid with --doctor (see --help)");
    }
}

TEST(Cli, UnknownOptionsAreUsageErrors)
{
    for (const std::string option : {"--bogus", "-x", "--doctorr", "-vv", "---"}) {
        const auto failure = catch_failure([&] { parse_cli({option, "cmd"}); });
        ASSERT_TRUE(failure) << option;
        EXPECT_EQ(failure->exit_status(), 2) << option;
        EXPECT_EQ(std::string(failure->what()), "unknown option '" + option + "' (see --help)");
    }
}

TEST(Cli, ValueGivenToAFlagIsAUsageError)
{
    // A flag takes no value: "--verbose=1" must not be silently read as "--verbose".
    for (const std::string option :
         {"--verbose=1", "--no-config=yes", "--dry-run=x", "--init=x", "--doctor=x", "--version=2", "--help=x"}) {
        const auto failure = catch_failure([&] { parse_cli({option, "cmd"}); });
        ASSERT_TRUE(failure) << option;
        EXPECT_EQ(failure->exit_status(), 2) << option;
        EXPECT_NE(std::string(failure->what()).find(option.substr(0, option.find('='))), std::string::npos)
            << failure->what();
    }
}

TEST(Cli, MissingOptionValueIsAUsageError)
{
    for (const std::string option : {"-c", "--config", "-p", "--python"}) {
        const auto failure = catch_failure([&] { parse_cli({"-v", option}); });
        ASSERT_TRUE(failure) << option;
        EXPECT_EQ(failure->exit_status(), 2) << option;
        EXPECT_EQ(std::string(failure->what()), "option " + option + " needs a value (see --help)");
    }
}

TEST(Cli, ParseEnvFormat)
{
    EXPECT_EQ(parse_env_format("powershell"), std::optional<EnvFormat>(EnvFormat::powershell));
    EXPECT_EQ(parse_env_format("bash"), std::nullopt);
    EXPECT_EQ(parse_env_format(""), std::nullopt);
}

TEST(Cli, UsageTextNamesEveryOptionAndEndsWithANewline)
{
    const std::string text = usage_text();
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.rfind("usage: run-with-cuda [OPTIONS] [--] [COMMAND [ARGS...]]\n", 0), 0U);
    EXPECT_EQ(text.back(), '\n');
    for (const char* option : {"--config", "--no-config", "--python", "--print-env", "--dry-run", "--init", "--doctor",
                               "--verbose", "--version", "--help"}) {
        EXPECT_NE(text.find(option), std::string::npos) << option;
    }
}

} // namespace
} // namespace rwc
