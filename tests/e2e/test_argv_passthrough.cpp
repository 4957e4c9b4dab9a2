// COMMAND and everything after it reach the program byte for byte (docs/design.md, "Command
// line"): random, seeded argument vectors with spaces, quotes, backslashes, newlines, empty
// strings, option look-alikes, UTF-8 and invalid UTF-8.
#include "cuda_venv_test.hpp"

#include <random>

namespace rwc::e2e {
namespace {

using ArgvPassthrough = CudaVenvTest;

constexpr unsigned k_seed = 20240613;

/// Pieces that break naive quoting or option parsing; arguments are built from them.
const std::vector<std::string>& tricky_pieces()
{
    static const std::vector<std::string> pieces{"",
                                                 " ",
                                                 "a b",
                                                 "  lead",
                                                 "trail  ",
                                                 "'",
                                                 "\"",
                                                 "\\",
                                                 "\\\\\"",
                                                 "\n",
                                                 "line1\nline2",
                                                 "\t",
                                                 "$HOME",
                                                 "${PATH}",
                                                 "`id`",
                                                 "*",
                                                 "?",
                                                 "%PATH%",
                                                 "^",
                                                 "&",
                                                 "|",
                                                 ";",
                                                 "<>",
                                                 "=",
                                                 "a=b",
                                                 "--",
                                                 "-",
                                                 "-v",
                                                 "--verbose",
                                                 "--python",
                                                 "-p",
                                                 "--print-env",
                                                 "json",
                                                 "--dry-run",
                                                 "--version",
                                                 "-h",
                                                 "--config=x",
                                                 "-c",
                                                 "caf\xc3\xa9",
                                                 "\xe6\x97\xa5\xe6\x9c\xac",
                                                 "\xf0\x9f\x98\x80",
                                                 "\xff",
                                                 "\xc3\x28",
                                                 "\xe2\x82",
                                                 "\xed\xa0\x80",
                                                 "\x80\x80",
                                                 "\x01\x7f"};
    return pieces;
}

/// A random argument: empty, or 1 to 3 pieces, sometimes with a random non-NUL byte.
std::string random_argument(std::mt19937& rng)
{
    const auto& pieces = tricky_pieces();
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    std::uniform_int_distribution<int> count(0, 3);
    std::uniform_int_distribution<int> byte(1, 255);
    std::string arg;
    for (int n = count(rng); n > 0; --n) {
        arg += pieces[pick(rng)];
        if (byte(rng) < 64) {
            arg += static_cast<char>(byte(rng));
        }
    }
    return arg;
}

/// A random argument vector of 0 to 8 arguments.
std::vector<std::string> random_vector(std::mt19937& rng)
{
    std::uniform_int_distribution<int> size(0, 8);
    std::vector<std::string> args;
    for (int n = size(rng); n > 0; --n) {
        args.push_back(random_argument(rng));
    }
    return args;
}

/// What a dump probe writes for args: each argument followed by a NUL byte.
std::string nul_joined(const std::vector<std::string>& args)
{
    std::string joined;
    for (const std::string& arg : args) {
        joined += arg;
        joined += '\0';
    }
    return joined;
}

/// Expects the launched command prefix + args to dump exactly args.
void expect_passthrough(const ProcessResult& r, const std::vector<std::string>& args, int vector_index)
{
    ASSERT_TRUE(r.exited_with(0)) << "vector " << vector_index << ": " << r.describe();
    EXPECT_EQ(r.out, nul_joined(args)) << "vector " << vector_index << " (seed " << k_seed << ")";
}

TEST_F(ArgvPassthrough, RandomVectorsReachANativeProgram)
{
    std::mt19937 rng(k_seed);
    for (int i = 0; i < 60; ++i) {
        std::vector<std::string> args = random_vector(rng);
        std::vector<std::string> command{argv_dump_path().string()};
        command.insert(command.end(), args.begin(), args.end());
        expect_passthrough(launch_in_venv(command, env()), args, i);
    }
}

TEST_F(ArgvPassthrough, RandomVectorsReachThePythonOfTheVenv)
{
    std::mt19937 rng(k_seed + 1);
    for (int i = 0; i < 12; ++i) {
        std::vector<std::string> args = random_vector(rng);
        std::vector<std::string> command{"python", probe_script("argv_dump.py").string()};
        command.insert(command.end(), args.begin(), args.end());
        expect_passthrough(launch_in_venv(command, env()), args, i);
    }
}

TEST_F(ArgvPassthrough, OptionsAfterTheCommandBelongToTheProgram)
{
    const std::vector<std::string> args{"--", "-v", "--python", "/x", "--print-env", "json", "--version", "-h"};
    std::vector<std::string> launcher_args{"--python", venv().root.string(), argv_dump_path().string()};
    launcher_args.insert(launcher_args.end(), args.begin(), args.end());
    expect_passthrough(launch(launcher_args, env()), args, -1);
}

TEST_F(ArgvPassthrough, AnEmptyFirstArgumentIsKept)
{
    const std::vector<std::string> args{"", "", "x", ""};
    std::vector<std::string> command{argv_dump_path().string()};
    command.insert(command.end(), args.begin(), args.end());
    expect_passthrough(launch_in_venv(command, env()), args, -1);
}

TEST_F(ArgvPassthrough, LongAndManyArgumentsAreKept)
{
    std::vector<std::string> args(4000, "x y");
    args.push_back(std::string(100000, 'z'));
    std::vector<std::string> command{argv_dump_path().string()};
    command.insert(command.end(), args.begin(), args.end());
    expect_passthrough(launch_in_venv(command, env()), args, -1);
}

} // namespace
} // namespace rwc::e2e
