// The caller sees the program's own exit status and signals (the launcher execs it), and
// the launcher's own statuses for a program it cannot start: 127 not found, 126 not
// executable (docs/design.md, "Command line").
#include "cuda_venv_test.hpp"

#include <algorithm>
#include <signal.h>
#include <sys/wait.h>

namespace rwc::e2e {
namespace {

using ExitStatus = CudaVenvTest;

/// Expects the launcher's one-line error and an empty stdout.
void expect_one_error_line(const ProcessResult& r)
{
    EXPECT_EQ(r.err.rfind("run-with-cuda: error: ", 0), 0u) << r.describe();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.describe();
    EXPECT_EQ(r.err.back(), '\n') << r.describe();
    EXPECT_EQ(r.out, "") << r.describe();
}

TEST_F(ExitStatus, TheProgramsExitStatusPassesThrough)
{
    for (int code : {0, 1, 37, 255}) {
        ProcessResult r = launch_in_venv({"python", "-c", "import sys; sys.exit(" + std::to_string(code) + ")"}, env());
        EXPECT_TRUE(r.exited_with(code)) << r.describe();
    }
}

TEST_F(ExitStatus, ASelfInflictedSigtermLooksTheSameAsWithoutTheLauncher)
{
    const std::string kill_self = "import os, signal; os.kill(os.getpid(), signal.SIGTERM)";
    ProcessResult direct = run_direct({venv().interpreter.string(), "-c", kill_self}, env(), work());
    ProcessResult launched = launch_in_venv({"python", "-c", kill_self}, env());
    ASSERT_TRUE(direct.killed_by(SIGTERM)) << direct.describe();
    EXPECT_TRUE(launched.killed_by(SIGTERM)) << launched.describe();
    EXPECT_EQ(launched.wait_status, direct.wait_status);
}

TEST_F(ExitStatus, ASigtermFromOutsideReachesTheProgramItself)
{
    const std::string wait_for_signal =
        "import os, sys, time; print('ready', os.getpid(), flush=True); time.sleep(120)";
    std::vector<std::string> argv{launcher_path().string(), "--python", venv().root.string(), "--", "python", "-c",
                                  wait_for_signal};
    RunningProcess process({argv, to_envp(env()), work()});
    std::string line = process.read_stdout_line(30000);
    ASSERT_EQ(line, "ready " + std::to_string(process.pid())) << "the program is not the launched process itself";
    process.send_signal(SIGTERM);
    ProcessResult r = process.wait();
    EXPECT_TRUE(r.killed_by(SIGTERM)) << r.describe();
}

TEST_F(ExitStatus, AMissingProgramGives127)
{
    for (const std::string& command : {std::string("rwc-no-such-program"), std::string("./rwc-no-such-program"),
                                       (work() / "missing" / "program").string()}) {
        SCOPED_TRACE(command);
        ProcessResult r = launch_in_venv({command, "arg"}, env());
        EXPECT_TRUE(r.exited_with(127)) << r.describe();
        expect_one_error_line(r);
    }
}

TEST_F(ExitStatus, AnEmptyCommandNameGives127)
{
    // As in sh ('': command not found) and env(1): an empty name names no file; it must not
    // match a PATH folder itself.
    ProcessResult r = launch_in_venv({"", "arg"}, env());
    EXPECT_TRUE(r.exited_with(127)) << r.describe();
    expect_one_error_line(r);
}

TEST_F(ExitStatus, AMissingPythonInterpreterGives127AndStartsNothing)
{
    const fs::path marker = work() / "marker";
    ProcessResult r = launch(
        {"--python", (work() / "no-venv" / "bin" / "python").string(), "--", "/usr/bin/touch", marker.string()}, env());
    EXPECT_TRUE(r.exited_with(127)) << r.describe();
    expect_one_error_line(r);
    EXPECT_FALSE(fs::exists(marker));
}

TEST_F(ExitStatus, AMissingConfigInterpreterGives127AndStartsNothing)
{
    const fs::path marker = work() / "marker";
    test::write_file(work() / "run-with-cuda.toml", "[python]\ninterpreter = \"no-venv/bin/python\"\n");
    ProcessResult r = launch({"/usr/bin/touch", marker.string()}, env());
    EXPECT_TRUE(r.exited_with(127)) << r.describe();
    expect_one_error_line(r);
    EXPECT_FALSE(fs::exists(marker));
}

TEST_F(ExitStatus, ANonExecutableFileGives126)
{
    const fs::path script = work() / "not-executable.sh";
    test::write_file(script, "#!/bin/sh\ntouch marker\n");
    fs::permissions(script, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    for (const std::string& command : {script.string(), std::string("./not-executable.sh")}) {
        SCOPED_TRACE(command);
        ProcessResult r = launch_in_venv({command}, env());
        EXPECT_TRUE(r.exited_with(126)) << r.describe();
        expect_one_error_line(r);
    }
    EXPECT_FALSE(fs::exists(work() / "marker"));
}

TEST_F(ExitStatus, AnExecutableScriptWithoutShebangRunsUnderSh)
{
    const fs::path script = work() / "no-shebang";
    test::write_file(script, "echo \"from sh: $1\"\nexit 42\n");
    fs::permissions(script, fs::perms::owner_all);
    ProcessResult r = launch_in_venv({"./no-shebang", "arg one"}, env());
    EXPECT_TRUE(r.exited_with(42)) << r.describe();
    EXPECT_EQ(r.out, "from sh: arg one\n");
}

TEST_F(ExitStatus, ADirectoryAsProgramGives126)
{
    fs::create_directories(work() / "a-folder");
    ProcessResult r = launch_in_venv({"./a-folder"}, env());
    EXPECT_TRUE(r.exited_with(126)) << r.describe();
    expect_one_error_line(r);
}

} // namespace
} // namespace rwc::e2e
