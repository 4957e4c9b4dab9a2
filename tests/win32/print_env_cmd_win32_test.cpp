// --print-env cmd evaluated by the real cmd.exe (Wine's, under the MinGW suite): a config
// sets hostile names and values that cmd can carry (& | < > ( ) quotes of other shells,
// backslashes, '=', blanks) and unsets one; the output, called from a batch
// file, must leave exactly those values in the environment of a program cmd starts next,
// and start nothing else. What cmd cannot carry ('"', '%', '!', '^', control characters,
// non-ASCII text, which cmd reads in the console's code page, an empty value, which
// `set "NAME="` would remove) is refused with exit 2 and no output
// (README.md, "--print-env"). PowerShell is not in Debian; its format is checked only as
// text (tests/unit/print_env_test.cpp).
#include "utf16_win32.hpp"
#include "win32_test_support.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace rwc::test {
namespace {

/// A TOML basic string holding s (UTF-8): '"', '\' and control characters escaped.
std::string toml_quote(const std::string& s)
{
    std::string out = "\"";
    for (const char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += std::string("\\") + c;
        } else if (byte < 0x20 || byte == 0x7f) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", byte);
            out += escape;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

/// cmd.exe: %ComSpec%, as a Windows program finds it.
fs::path cmd_exe()
{
    wchar_t buffer[MAX_PATH] = {};
    const DWORD n = GetEnvironmentVariableW(L"ComSpec", buffer, MAX_PATH);
    return n > 0 && n < MAX_PATH ? fs::path(buffer) : fs::path(L"C:\\windows\\system32\\cmd.exe");
}

/// (name, value) pairs that cmd can carry in set "NAME=value": ASCII names with anything but
/// '=', '"', '%', '!', '^' and control characters (no blank either: the child's report
/// separates names with blanks); each is a cmd or POSIX shell trick that would run
/// `echo PWNED>PWNED.txt` if the quoting failed.
const std::vector<std::pair<std::string, std::string>>& carried()
{
    static const std::vector<std::pair<std::string, std::string>> pairs{
        {"RWC_PLAIN", "plain"},
        {"RWC_AMP", "a & b | c < d > e"},
        {"RWC_INJECT", "x&echo PWNED>PWNED.txt&"},
        {"RWC_PIPE", "x|echo PWNED>PWNED.txt"},
        {"RWC_PAREN", "(echo PWNED>PWNED.txt)"},
        {"RWC_CLOSE", ") & echo PWNED>PWNED.txt & ("},
        {"RWC_SINGLE", "it's '\\'' `x` $(y) $HOME"},
        {"RWC_BACKSLASH", "C:\\Program Files (x86)\\x;D:\\y\\"},
        {"RWC_EQUALS", "x=y==z"},
        {"RWC_BLANKS", "  lead and trail  "},
        {"RWC_PUNCT", "*?~@:,;#[]{}"},
        {"RWC_REM", "REM x"},
        {"RWC_LABEL", ":label"},
        {"RWC_HELP", "/?"},
        {"RWC_DASH", "-e"},
        {"RWC&echo.PWNED>PWNED.txt&", "v2"},
        {"RWC(x86)", "v3"},
        {"RWC|<>", "v4"},
        {"RWC'`$", "v5"},
    };
    return pairs;
}

/// Runs run-with-cuda.exe --config config --print-env cmd in dir, with RWC_GONE set.
Captured print_env_cmd(const fs::path& dir, const std::string& config_text)
{
    const fs::path config = dir / L"hostile.toml";
    write_file(config, config_text);
    return run_capturing(launcher_exe(), L"--config \"" + config.wstring() + L"\" --print-env cmd", dir,
                         {{L"RWC_GONE", L"still here"}});
}

TEST(PrintEnvCmd, CmdSetsExactlyTheValuesAndRunsNothing)
{
    const WinScratchDir dir;
    std::string config = "[cuda]\nenabled = false\n[env]\nunset = [\"RWC_GONE\"]\n[env.set]\n";
    std::wstring names = L"RWC_GONE";
    for (const auto& [name, value] : carried()) {
        config += toml_quote(name) + " = " + toml_quote(value) + "\n";
        names += L";" + widen(name);
    }
    const Captured printed = print_env_cmd(dir.root(), config);
    ASSERT_EQ(printed.code, 0u) << printed.err;
    write_file(dir.root() / L"env.cmd", printed.out);

    // The output called from cmd (no AutoRun, no delayed expansion: cmd's defaults), then the
    // test child, which reports what it inherited.
    fs::copy_file(child_exe(), dir.root() / L"child.exe");
    const fs::path report = dir.root() / L"report.txt";
    const Captured r = run_capturing(
        cmd_exe(), L"/d /v:off /c call env.cmd&&child.exe", dir.root(),
        {{L"RWC_CHILD_REPORT", report.wstring()}, {L"RWC_CHILD_ENV", names}, {L"RWC_GONE", L"still here"}});
    ASSERT_EQ(r.code, 0u) << r.out << r.err;
    const ChildReport seen = read_report(report);
    for (const auto& [name, value] : carried()) {
        ASSERT_EQ(seen.env.count(name), 1u) << "cmd did not set '" << name << "'\n" << printed.out;
        EXPECT_EQ(seen.env.at(name), value) << name;
    }
    EXPECT_EQ(seen.env.count("RWC_GONE"), 0u) << "cmd did not unset RWC_GONE";
    EXPECT_FALSE(fs::exists(dir.root() / L"PWNED.txt")) << "cmd ran an injected command:\n" << printed.out;
    EXPECT_EQ(r.err, "") << "cmd reported an error";
}

TEST(PrintEnvCmd, WhatCmdCannotCarryIsRefusedWithNoOutput)
{
    const WinScratchDir dir;
    for (const std::string value : {"a\"b", "100%", "%PATH%", "!x!", "a^b", "a\nb", "a\rb", "tab\t", "",
                                    "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87"}) {
        const Captured r = print_env_cmd(dir.root(), "[cuda]\nenabled = false\n[env.set]\nV = " + toml_quote(value));
        EXPECT_EQ(r.code, 2u) << toml_quote(value) << ": " << r.err;
        EXPECT_NE(r.err.find("the value of V"), std::string::npos) << r.err;
        EXPECT_EQ(r.out, "") << "nothing unsafe is printed";
    }
    // Valid Windows names (no '=', no control character) that cmd cannot carry.
    for (const std::string name : {"A\"B", "A%B%", "A!B", "A^B", "caf\xc3\xa9"}) {
        const Captured r =
            print_env_cmd(dir.root(), "[cuda]\nenabled = false\n[env.set]\n" + toml_quote(name) + " = \"v\"\n");
        EXPECT_EQ(r.code, 2u) << name << ": " << r.err;
        EXPECT_NE(r.err.find("the variable name"), std::string::npos) << r.err;
        EXPECT_EQ(r.out, "");
    }
}

} // namespace
} // namespace rwc::test
