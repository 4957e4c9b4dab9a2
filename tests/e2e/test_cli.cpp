// The actions of the command line seen from outside (docs/design.md, "Command line"): --version,
// --help, --dry-run and --print-env start nothing; -v and RUN_WITH_CUDA_DEBUG=1 explain on
// stderr and still run the program; with no COMMAND the config's [app] command runs.
#include "cuda_venv_test.hpp"

#include <algorithm>

namespace rwc::e2e {
namespace {

using Cli = CudaVenvTest;

TEST_F(Cli, VersionPrintsTheProjectVersion)
{
    ProcessResult r = launch({"--version"}, env());
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_NE(r.out.find(expected_version()), std::string::npos) << r.out;
}

TEST_F(Cli, HelpPrintsUsage)
{
    ProcessResult r = launch({"--help"}, env());
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_NE(r.out.find("--print-env"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--python"), std::string::npos) << r.out;
}

TEST_F(Cli, DryRunAndPrintEnvStartNothing)
{
    const fs::path marker = work() / "marker";
    for (const char* action : {"--dry-run", "--print-env"}) {
        SCOPED_TRACE(action);
        ProcessResult r = launch({"--python", venv().root.string(), action, "/usr/bin/touch", marker.string()}, env());
        EXPECT_TRUE(r.exited_with(0)) << r.describe();
        EXPECT_FALSE(fs::exists(marker));
        EXPECT_NE(r.out.find("LD_LIBRARY_PATH"), std::string::npos) << r.out;
    }
}

TEST_F(Cli, DryRunNamesTheResolvedProgram)
{
    ProcessResult r = launch({"--python", venv().root.string(), "--dry-run", "python", "-c", "pass"}, env());
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_NE(r.out.find(venv().interpreter.string()), std::string::npos) << r.out;
}

TEST_F(Cli, VerboseExplainsOnStderrAndStillRuns)
{
    EnvMap debug = env();
    debug["RUN_WITH_CUDA_DEBUG"] = "1";
    for (const auto& [args, environment] :
         {std::pair{std::vector<std::string>{"-v"}, env()}, std::pair{std::vector<std::string>{}, debug}}) {
        std::vector<std::string> full = args;
        full.insert(full.end(), {"--python", venv().root.string(), "--", "python", "-c", "import sys; sys.exit(5)"});
        ProcessResult r = launch(full, environment);
        EXPECT_TRUE(r.exited_with(5)) << r.describe();
        EXPECT_EQ(r.err.rfind("run-with-cuda: ", 0), 0u) << r.err;
        EXPECT_EQ(r.out, "");
    }
}

TEST_F(Cli, WithoutVerboseStderrStaysQuiet)
{
    ProcessResult r = launch_in_venv({"python", "-c", "pass"}, env());
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(r.err, "");
}

TEST_F(Cli, AnUnknownOptionIsAUsageError)
{
    ProcessResult r = launch({"--no-such-option", "/usr/bin/true"}, env());
    EXPECT_TRUE(r.exited_with(2)) << r.describe();
    EXPECT_EQ(r.err.rfind("run-with-cuda: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(Cli, NoCommandAndNoAppIsAUsageError)
{
    ProcessResult r = launch({"--python", venv().root.string()}, env());
    EXPECT_TRUE(r.exited_with(2)) << r.describe();
}

TEST_F(Cli, NoCommandRunsTheAppCommandOfTheConfig)
{
    test::write_file(work() / "run-with-cuda.toml",
                     "[python]\ninterpreter = " + toml_quote(venv().interpreter.string()) +
                         "\n\n[app]\n"
                         "command = [\"python\", \"-c\", \"import os, sys; open('app-ran', "
                         "'w').write(sys.prefix); sys.exit(3)\"]\n");
    ProcessResult r = launch({}, env());
    EXPECT_TRUE(r.exited_with(3)) << r.describe();
    ASSERT_TRUE(fs::exists(work() / "app-ran"));
    EXPECT_TRUE(same_file(test::read_file(work() / "app-ran"), venv().root));
}

} // namespace
} // namespace rwc::e2e
