// command_line_win32.hpp: the UCRT's argv rules, quoting, and the child's command line.
// Pure, so this file also runs in the native suite. Expected splits follow MSDN's table in
// "Parsing C command-line arguments" and the UCRT's argv_parsing.cpp.
#include "command_line_win32.hpp"

#include <gtest/gtest.h>

#include <random>

namespace rwc {
namespace {

std::vector<std::wstring> values(std::wstring_view line)
{
    std::vector<std::wstring> out;
    for (const auto& arg : split_command_line(line)) {
        out.push_back(arg.value);
    }
    return out;
}

using Args = std::vector<std::wstring>;

TEST(SplitCommandLine, SpacesAndTabsSeparateArguments)
{
    EXPECT_EQ(values(L"prog a  b\tc   "), (Args{L"prog", L"a", L"b", L"c"}));
    EXPECT_TRUE(values(L"").empty());
    EXPECT_EQ(values(L"prog"), (Args{L"prog"}));
}

TEST(SplitCommandLine, OffsetsPointAtEachArgumentsText)
{
    const auto args = split_command_line(L"p  \"a b\" c");
    ASSERT_EQ(args.size(), 3u);
    EXPECT_EQ(args[0].offset, 0u);
    EXPECT_EQ(args[1].offset, 3u);
    EXPECT_EQ(args[2].offset, 9u);
}

TEST(SplitCommandLine, ProgramNameHasNoEscapes)
{
    EXPECT_EQ(values(L"\"C:\\a b\\p.exe\" x"), (Args{L"C:\\a b\\p.exe", L"x"}));
    EXPECT_EQ(values(L"\"C:\\dir\\\" x"), (Args{L"C:\\dir\\", L"x"}));           // "\ is not an escape
    EXPECT_EQ(values(L"C:\\x\\\"y z\".exe q"), (Args{L"C:\\x\\y z.exe", L"q"})); // quotes toggle
}

TEST(SplitCommandLine, MsdnExamples)
{
    // MSDN "Parsing C command-line arguments", the results table (argv[1..]).
    EXPECT_EQ(values(L"p \"abc\" d e"), (Args{L"p", L"abc", L"d", L"e"}));
    EXPECT_EQ(values(L"p a\\\\b d\"e f\"g h"), (Args{L"p", L"a\\\\b", L"de fg", L"h"}));
    EXPECT_EQ(values(L"p a\\\\\\\"b c d"), (Args{L"p", L"a\\\"b", L"c", L"d"}));
    EXPECT_EQ(values(L"p a\\\\\\\\\"b c\" d e"), (Args{L"p", L"a\\\\b c", L"d", L"e"}));
    EXPECT_EQ(values(L"p a\"b\"\" c d"), (Args{L"p", L"ab\" c d"}));
}

TEST(SplitCommandLine, EmptyAndDoubledQuotes)
{
    EXPECT_EQ(values(L"p \"\" x"), (Args{L"p", L"", L"x"}));
    EXPECT_EQ(values(L"p \"a\"\"b\""), (Args{L"p", L"a\"b"})); // "" inside quotes: a literal "
    EXPECT_EQ(values(L"p trailing\\"), (Args{L"p", L"trailing\\"}));
}

TEST(QuoteArgument, LeavesPlainArgumentsAlone)
{
    EXPECT_EQ(quote_argument(L"abc"), L"abc");
    EXPECT_EQ(quote_argument(L"C:\\dir\\"), L"C:\\dir\\");
    EXPECT_EQ(quote_argument(L""), L"\"\"");
    EXPECT_EQ(quote_argument(L"a b"), L"\"a b\"");
    EXPECT_EQ(quote_argument(L"a\"b"), L"\"a\\\"b\"");
    EXPECT_EQ(quote_argument(L"a b\\"), L"\"a b\\\\\"");
    EXPECT_EQ(quote_argument(L"a\\\"b"), L"\"a\\\\\\\"b\"");
}

/// Random arguments from the characters that matter to the rules, and non-ASCII text.
Args random_args(std::mt19937& rng)
{
    static const std::wstring alphabet = L"ab \t\"\\\\\\\u4e2d\u00e9\n";
    std::uniform_int_distribution<std::size_t> count(0, 6), length(0, 8), pick(0, alphabet.size() - 1);
    Args args(count(rng));
    for (auto& arg : args) {
        for (std::size_t n = length(rng); n > 0; --n) {
            arg.push_back(alphabet[pick(rng)]);
        }
    }
    return args;
}

TEST(QuoteArgument, SplitGivesEveryArgumentBack)
{
    std::mt19937 rng(20240410);
    for (int round = 0; round < 2000; ++round) {
        const Args args = random_args(rng);
        const std::wstring line = child_command_line(L"C:\\p q\\prog.exe", L"", args);
        Args expected{L"C:\\p q\\prog.exe"};
        expected.insert(expected.end(), args.begin(), args.end());
        ASSERT_EQ(values(line), expected) << "round " << round;
    }
}

TEST(ChildCommandLine, CopiesTheCallersTailUnchanged)
{
    const std::wstring caller = L"run-with-cuda.exe -v python  x  \"a\"\"b\"  c\\\"d   ";
    EXPECT_EQ(child_command_line(L"C:\\v\\python.exe", caller, {L"x", L"a\"b", L"c\"d"}),
              L"\"C:\\v\\python.exe\" x  \"a\"\"b\"  c\\\"d   ");
}

TEST(ChildCommandLine, QuotesArgumentsThatAreNotTheCallersTail)
{
    // An [app] command from a config: the caller's line holds none of its arguments.
    EXPECT_EQ(child_command_line(L"C:\\v\\python.exe", L"MyApp.exe", {L"-m", L"my app"}),
              L"\"C:\\v\\python.exe\" -m \"my app\"");
    EXPECT_EQ(child_command_line(L"C:\\v\\python.exe", L"r.exe python -m x", {L"-m", L"y"}),
              L"\"C:\\v\\python.exe\" -m y");
}

TEST(ChildCommandLine, NeverTakesTheCallersProgramName)
{
    EXPECT_EQ(child_command_line(L"C:\\p.exe", L"x", {L"x"}), L"\"C:\\p.exe\" x");
    EXPECT_EQ(child_command_line(L"C:\\p.exe", L"r.exe python", {}), L"\"C:\\p.exe\"");
}

} // namespace
} // namespace rwc
