// print_env: --print-env FORMAT renders the changes exactly in each shell's quoting rules;
// json is one object (null for a removed variable) that parses back to the same changes.
#include "failure.hpp"
#include "print_env.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rwc {
namespace {

/// A set variable, a removed one, and a value with quotes, '$', '\' and spaces.
const std::vector<EnvChange> k_changes{
    {"LD_LIBRARY_PATH", std::string("/v/nvidia/cu13/lib:/opt/lib")},
    {"PYTHONHOME", std::nullopt},
    {"ODD", std::string("it's $HOME \\ \"q\" %x%")},
};

TEST(PrintEnv, Sh)
{
    EXPECT_EQ(render_changes(k_changes, EnvFormat::sh), "export LD_LIBRARY_PATH='/v/nvidia/cu13/lib:/opt/lib'\n"
                                                        "unset PYTHONHOME\n"
                                                        "export ODD='it'\\''s $HOME \\ \"q\" %x%'\n");
}

TEST(PrintEnv, Fish)
{
    EXPECT_EQ(render_changes(k_changes, EnvFormat::fish), "set -gx LD_LIBRARY_PATH '/v/nvidia/cu13/lib:/opt/lib'\n"
                                                          "set -e PYTHONHOME\n"
                                                          "set -gx ODD 'it\\'s $HOME \\\\ \"q\" %x%'\n");
}

TEST(PrintEnv, PowerShell)
{
    EXPECT_EQ(render_changes(k_changes, EnvFormat::powershell),
              "$env:LD_LIBRARY_PATH = '/v/nvidia/cu13/lib:/opt/lib'\n"
              "Remove-Item Env:PYTHONHOME -ErrorAction SilentlyContinue\n"
              "$env:ODD = 'it''s $HOME \\ \"q\" %x%'\n");
}

TEST(PrintEnv, Cmd)
{
    const std::vector<EnvChange> safe(k_changes.begin(), k_changes.begin() + 2);
    EXPECT_EQ(render_changes(safe, EnvFormat::cmd), "set \"LD_LIBRARY_PATH=/v/nvidia/cu13/lib:/opt/lib\"\n"
                                                    "set \"PYTHONHOME=\"\n");
    // '"' and '%' cannot be carried inside set "NAME=value": an error, not unsafe output.
    const auto failure = test::catch_failure([&] { render_changes(k_changes, EnvFormat::cmd); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_NE(std::string(failure->what()).find("the value of ODD holds '\"'"), std::string::npos) << failure->what();
    for (const std::string bad : {"a%b", "a!b", "a^b", "a\nb", "a\rb", "a\x01b"}) {
        EXPECT_THROW(render_changes({{"V", bad}}, EnvFormat::cmd), Failure) << bad;
    }
    // Non-ASCII text: cmd reads a batch file in the console's code page, not UTF-8.
    for (const auto& [name, value] : {std::pair<std::string, std::string>{"V", "caf\xc3\xa9"}, {"caf\xc3\xa9", "v"}}) {
        const auto refused = test::catch_failure([&] { render_changes({{name, value}}, EnvFormat::cmd); });
        ASSERT_TRUE(refused) << name;
        EXPECT_NE(std::string(refused->what()).find("non-ASCII text"), std::string::npos) << refused->what();
    }
    // An empty value: cmd's set "V=" would remove V rather than set it empty.
    const auto empty = test::catch_failure([&] { render_changes({{"V", std::string()}}, EnvFormat::cmd); });
    ASSERT_TRUE(empty);
    EXPECT_NE(std::string(empty->what()).find("the value of V is empty"), std::string::npos) << empty->what();
    EXPECT_EQ(render_changes({{"V", std::string("a & b | c < d > e")}}, EnvFormat::cmd),
              "set \"V=a & b | c < d > e\"\n");
}

TEST(PrintEnv, NamesThatAreNotShellNamesAreRefused)
{
    for (const auto format : {EnvFormat::sh, EnvFormat::fish, EnvFormat::dotenv}) {
        for (const std::string name : {"X;touch P;Y", "A B", "1A", "A-B", "", "A\nB"}) {
            EXPECT_THROW(render_changes({{name, std::string("v")}}, format), Failure) << name;
        }
    }
    EXPECT_EQ(render_changes({{"ProgramFiles(x86)", std::string("it's")}}, EnvFormat::powershell),
              "[Environment]::SetEnvironmentVariable('ProgramFiles(x86)', 'it''s')\n");
}

TEST(PrintEnv, PowerShellDoublesTypographicQuotes)
{
    EXPECT_EQ(render_changes({{"V", std::string("a\xe2\x80\x99"
                                                "b")}},
                             EnvFormat::powershell),
              "$env:V = 'a\xe2\x80\x99\xe2\x80\x99"
              "b'\n");
}

TEST(PrintEnv, Dotenv)
{
    const std::vector<EnvChange> changes{
        {"LD_LIBRARY_PATH", std::string("/v/nvidia/cu13/lib:/opt/lib")},
        {"PYTHONHOME", std::nullopt},
        {"ODD", std::string("it's $HOME \"q\" caf\xc3\xa9")},
        {"WIN", std::string("C:\\v\\Lib\\site-packages\\nvidia\\cu13\\bin\\x64;C:\\Program Files\\x")},
        {"SPACED", std::string(" a #b ")},
        {"EMPTY", std::string()},
    };
    // Unquoted where both python-dotenv and VS Code take the value literally (VS Code would
    // read \n inside quotes as a newline: every Windows nvidia path has one), quoted only
    // where a space at an end or " #" needs it.
    EXPECT_EQ(render_changes(changes, EnvFormat::dotenv),
              "LD_LIBRARY_PATH=/v/nvidia/cu13/lib:/opt/lib\n"
              "# unset PYTHONHOME\n"
              "ODD=it's $HOME \"q\" caf\xc3\xa9\n"
              "WIN=C:\\v\\Lib\\site-packages\\nvidia\\cu13\\bin\\x64;C:\\Program Files\\x\n"
              "SPACED=' a #b '\n"
              "EMPTY=\n");
}

TEST(PrintEnv, DotenvRefusesWhatAReaderWouldChange)
{
    for (const std::string value : {"a\nb", "${HOME}/x", "C:\\\\$x", " it's", "'q'", " C:\\x "}) {
        const auto failure = test::catch_failure([&] { render_changes({{"V", value}}, EnvFormat::dotenv); });
        ASSERT_TRUE(failure) << value;
        EXPECT_EQ(failure->exit_status(), 2);
        EXPECT_NE(std::string(failure->what()).find("the value of V"), std::string::npos) << failure->what();
    }
    for (const std::string name : {"_", "_1", "__9x"}) {
        EXPECT_THROW(render_changes({{name, std::string("v")}}, EnvFormat::dotenv), Failure) << name;
    }
    EXPECT_EQ(render_changes({{"_X", std::string("v")}}, EnvFormat::dotenv), "_X=v\n");
}

TEST(PrintEnv, Json)
{
    EXPECT_EQ(render_changes(k_changes, EnvFormat::json),
              "{\"LD_LIBRARY_PATH\":\"/v/nvidia/cu13/lib:/opt/lib\",\"PYTHONHOME\":null,"
              "\"ODD\":\"it's $HOME \\\\ \\\"q\\\" %x%\"}\n");
}

TEST(PrintEnv, NoChanges)
{
    for (const EnvFormat format :
         {EnvFormat::sh, EnvFormat::fish, EnvFormat::powershell, EnvFormat::cmd, EnvFormat::dotenv}) {
        EXPECT_EQ(render_changes({}, format), "");
    }
    EXPECT_EQ(render_changes({}, EnvFormat::json), "{}\n");
}

TEST(PrintEnv, EmptyValueIsSetNotRemoved)
{
    const std::vector<EnvChange> changes{{"E", std::string()}};
    EXPECT_EQ(render_changes(changes, EnvFormat::sh), "export E=''\n");
    EXPECT_EQ(render_changes(changes, EnvFormat::json), "{\"E\":\"\"}\n");
}

TEST(PrintEnv, JsonParsesAndRoundTripsInOrder)
{
    const std::vector<EnvChange> changes{
        {"Z_FIRST", std::string("1")},
        {"A_SECOND", std::nullopt},
        {"UTF8", std::string("caf\xc3\xa9 \xe2\x9c\x93")},
        {"CTRL", std::string("tab\there\nnewline\x01")},
        {"QUOTES", std::string("'\"\\")},
    };
    const std::string text = render_changes(changes, EnvFormat::json);
    ASSERT_EQ(text.back(), '\n');
    EXPECT_EQ(text.find('\n'), text.size() - 1) << "one line";
    const auto parsed = nlohmann::ordered_json::parse(text);
    ASSERT_TRUE(parsed.is_object());
    std::vector<EnvChange> back;
    for (const auto& [name, value] : parsed.items()) {
        back.push_back({name, value.is_null() ? std::nullopt : std::optional<std::string>(value.get<std::string>())});
    }
    ASSERT_EQ(back.size(), changes.size());
    for (std::size_t i = 0; i < changes.size(); ++i) {
        EXPECT_EQ(back[i].name, changes[i].name);
        EXPECT_EQ(back[i].value, changes[i].value) << changes[i].name;
    }
}

TEST(PrintEnv, JsonReplacesInvalidUtf8)
{
    const std::string text = render_changes({{"BAD", std::string("a\xff"
                                                                 "b")}},
                                            EnvFormat::json);
    const auto parsed = nlohmann::json::parse(text);
    EXPECT_EQ(parsed.at("BAD").get<std::string>(), "a\xef\xbf\xbd"
                                                   "b");
}

TEST(PrintEnv, ShQuote)
{
    EXPECT_EQ(sh_quote(""), "''");
    EXPECT_EQ(sh_quote("plain"), "'plain'");
    EXPECT_EQ(sh_quote("''"), "''\\'''\\'''");
    EXPECT_EQ(sh_quote("a\nb"), "'a\nb'");
}

} // namespace
} // namespace rwc
