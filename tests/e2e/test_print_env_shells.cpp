// --print-env output evaluated by the real shells Debian has (sh = dash, bash, fish; cmd runs
// under Wine in tests/win32/print_env_cmd_win32_test.cpp; PowerShell is not in Debian): over
// a corpus of hostile values, the environment after evaluation must be exactly the shell's
// own environment with the changes --print-env json reports applied (every value set
// byte for byte, the removed variable gone, nothing else changed), and no command hidden in
// a value may run (README.md, "--print-env").
#include "child_process.hpp"
#include "e2e_env.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace rwc::e2e {
namespace {

/// Hostile values: the syntax of every evaluating shell (quotes, substitutions, separators,
/// line continuations, comments, globs, cmd's % ! ^), control characters, non-ASCII.
const std::vector<std::string>& hostile_values()
{
    static const std::vector<std::string> values{"plain",
                                                 "",
                                                 "it's",
                                                 "'\\''",
                                                 "a\"b",
                                                 "back\\slash",
                                                 "trailing\\",
                                                 "$(touch PWNED)",
                                                 "`touch PWNED`",
                                                 "; touch PWNED;",
                                                 "x\ntouch PWNED\n",
                                                 "$HOME $PATH \\$x $",
                                                 "${HOME} $$ $? $0 $argv[1]",
                                                 "(touch PWNED)",
                                                 "{a,b} * ? ~ [ab]",
                                                 "%PATH% !x! !!",
                                                 "& | < > ^",
                                                 "\\'; touch PWNED; echo '",
                                                 "\\\\'; touch PWNED; echo '",
                                                 "line\\\ncontinued",
                                                 "\"$(touch PWNED)\"",
                                                 "\xc3\x9f \xe2\x80\x98quote\xe2\x80\x99",
                                                 "tab\there",
                                                 "a\rb",
                                                 "esc\x1b[31m\x07"
                                                 "bell",
                                                 "#comment",
                                                 "-e",
                                                 "--",
                                                 "x=y"};
    return values;
}

/// The name the config gives hostile_values()[i].
std::string value_name(std::size_t i)
{
    return "V" + std::to_string(i);
}

/// A shell that evaluates a file: argv, then the file's path; it must print `env -0`.
struct Shell {
    std::string format;            ///< the --print-env format it reads
    std::vector<std::string> argv; ///< {program, ...}
};

/// The shells Debian has; fish is installed by scripts/install-deps.sh.
std::vector<Shell> shells()
{
    std::vector<Shell> out{{"sh", {"/bin/sh", "-c", ". \"$0\"; env -0"}},
                           {"sh", {"/bin/dash", "-c", ". \"$0\"; env -0"}},
                           {"sh", {"/bin/bash", "-c", ". \"$0\"; env -0"}},
                           {"sh", {"/bin/bash", "--posix", "-c", ". \"$0\"; env -0"}}};
    if (fs::exists("/usr/bin/fish")) {
        out.push_back({"fish", {"/usr/bin/fish", "-c", "source $argv[1]; env -0", "--"}});
    } else {
        ADD_FAILURE() << "fish is not installed (scripts/install-deps.sh installs it)";
    }
    return out;
}

class PrintEnvShells : public ::testing::Test {
  protected:
    fs::path work() const { return m_dir.root() / "work"; }

    /// The environment of every run: the hermetic base and RWC_GONE, which the config unsets.
    EnvMap env() const
    {
        EnvMap e = base_environment(m_dir.root() / "home");
        e["RWC_GONE"] = "set before";
        return e;
    }

    void SetUp() override
    {
        fs::create_directories(work());
        std::string toml = "[cuda]\nenabled = false\n[env]\nunset = [\"RWC_GONE\"]\n[env.set]\n";
        for (std::size_t i = 0; i < hostile_values().size(); ++i) {
            // Every '$' doubled: config values expand ${NAME}, and $$ is a literal '$' (config/README.md).
            std::string literal;
            for (const char c : hostile_values()[i]) {
                literal += c == '$' ? std::string("$$") : std::string(1, c);
            }
            toml += value_name(i) + " = " + toml_quote(literal) + "\n";
        }
        test::write_file(work() / "run-with-cuda.toml", toml);
    }

    /// Runs the launcher with args in work(), stopped after 60 s.
    ProcessResult launch(std::vector<std::string> args) const
    {
        args.insert(args.begin(), {"/usr/bin/timeout", "-s", "KILL", "60", launcher_path().string()});
        return run_direct(args, env(), work());
    }

    /// Runs shell on a file holding script in work(); the environment it printed.
    EnvMap evaluate(const Shell& shell, const std::string& script, const std::string& file) const
    {
        test::write_file(work() / file, script);
        std::vector<std::string> argv = shell.argv;
        argv.push_back((work() / file).string());
        const auto r = run_direct(argv, env(), work());
        EXPECT_TRUE(r.exited_with(0)) << shell.argv[0] << ": " << r.describe();
        EXPECT_EQ(r.err, "") << shell.argv[0];
        return parse_env0(r.out);
    }

  private:
    test::ScratchDir m_dir{test::tmpfs_scratch_base()};
};

TEST_F(PrintEnvShells, EachShellEndsWithExactlyTheChangesAndRunsNothing)
{
    // The changes as data: every hostile value under its name, RWC_GONE removed.
    const auto json = launch({"--print-env", "json"});
    ASSERT_TRUE(json.exited_with(0)) << json.describe();
    const auto changes = nlohmann::json::parse(json.out);
    for (std::size_t i = 0; i < hostile_values().size(); ++i) {
        ASSERT_EQ(changes.at(value_name(i)).get<std::string>(), hostile_values()[i]) << value_name(i);
    }
    ASSERT_TRUE(changes.at("RWC_GONE").is_null());

    for (const auto& shell : shells()) {
        const auto printed = launch({"--print-env", shell.format});
        ASSERT_TRUE(printed.exited_with(0)) << printed.describe();
        EnvMap expected = evaluate(shell, "", "empty." + shell.format);
        ASSERT_EQ(expected.count("RWC_GONE"), 1u) << shell.argv[0] << " did not inherit RWC_GONE";
        for (const auto& [name, value] : changes.items()) {
            if (value.is_null()) {
                expected.erase(name);
            } else {
                expected[name] = value.get<std::string>();
            }
        }
        const EnvMap seen = evaluate(shell, printed.out, "env." + shell.format);
        for (std::size_t i = 0; i < hostile_values().size(); ++i) {
            ASSERT_EQ(seen.count(value_name(i)), 1u) << shell.argv[0] << " lacks " << value_name(i);
            EXPECT_EQ(seen.at(value_name(i)), hostile_values()[i]) << shell.argv[0] << " " << value_name(i);
        }
        EXPECT_EQ(seen.count("RWC_GONE"), 0u) << shell.argv[0] << " kept RWC_GONE";
        EXPECT_EQ(seen, expected) << shell.argv[0] << ": another variable changed";
        EXPECT_FALSE(fs::exists(work() / "PWNED")) << shell.argv[0] << " ran an injected command";
    }
}

} // namespace
} // namespace rwc::e2e
