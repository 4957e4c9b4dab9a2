// process_win32.cpp through start_program: the child gets the argv, environment block and
// working folder of the Launch, and its full 32-bit exit code comes back.
#include "error.hpp"
#include "process.hpp"
#include "win32_test_support.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace rwc::test {
namespace {

/// A Launch of the test child that reports to dir/report.txt.
Launch child_launch(const WinScratchDir& dir, std::vector<std::string> args = {})
{
    Launch launch;
    launch.program = child_exe();
    launch.argv = {"rwc_win32_child"};
    launch.argv.insert(launch.argv.end(), args.begin(), args.end());
    launch.environment = Environment(TargetOs::windows);
    launch.environment.set("SystemRoot", "C:\\windows");
    launch.environment.set("RWC_CHILD_REPORT", (dir.root() / "report.txt").string());
    return launch;
}

ChildReport report_of(const WinScratchDir& dir)
{
    return read_report(dir.root() / "report.txt");
}

TEST(StartProgram, ArgumentsArriveUnchanged)
{
    const WinScratchDir dir;
    std::mt19937 rng(7);
    const std::vector<std::string> pieces = {"a", " ", "\"", "\\", "\\\\", "\xe4\xb8\xad\xe6\x96\x87", "\t", ""};
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), length(0, 5), count(1, 5);
    for (int round = 0; round < 12; ++round) {
        std::vector<std::string> args(count(rng));
        for (auto& arg : args) {
            for (std::size_t n = length(rng); n > 0; --n) {
                arg += pieces[pick(rng)];
            }
        }
        ASSERT_EQ(start_program(child_launch(dir, args)), 0);
        const ChildReport report = report_of(dir);
        ASSERT_EQ(report.argv.size(), args.size() + 1) << report.command_line;
        EXPECT_EQ(std::vector<std::string>(report.argv.begin() + 1, report.argv.end()), args) << report.command_line;
    }
}

TEST(StartProgram, ArgvZeroIsTheProgramQuoted)
{
    const WinScratchDir dir;
    ASSERT_EQ(start_program(child_launch(dir, {"x"})), 0);
    const ChildReport report = report_of(dir);
    EXPECT_EQ(report.command_line, "\"" + child_exe().string() + "\" x");
}

TEST(StartProgram, ReturnsTheFull32BitExitCode)
{
    const WinScratchDir dir;
    for (const std::string code : {"300", "0xC0000005", "0x12345678"}) {
        Launch launch = child_launch(dir);
        launch.environment.set("RWC_CHILD_EXIT", code);
        EXPECT_EQ(static_cast<unsigned>(start_program(launch)), std::stoul(code, nullptr, 0)) << code;
    }
}

TEST(StartProgram, PassesTheEnvironmentBlock)
{
    const WinScratchDir dir;
    Launch launch = child_launch(dir);
    launch.environment.set("Path", "C:\\\xe4\xb8\xad\xe6\x96\x87 dir;C:\\windows");
    launch.environment.set("CUDA_PATH", "C:\\v\\nvidia\\cu13");
    launch.environment.set("EMPTY", "");
    launch.environment.set("RWC_CHILD_ENV", "PATH;CUDA_PATH;EMPTY;NOT_SET");
    ASSERT_EQ(start_program(launch), 0);
    const ChildReport report = report_of(dir);
    EXPECT_EQ(report.env.at("PATH"), "C:\\\xe4\xb8\xad\xe6\x96\x87 dir;C:\\windows");
    EXPECT_EQ(report.env.at("CUDA_PATH"), "C:\\v\\nvidia\\cu13");
    EXPECT_EQ(report.env.at("EMPTY"), "");
    EXPECT_EQ(report.env.count("NOT_SET"), 0u);
}

TEST(StartProgram, LoadLibrarySearchesTheNewPath)
{
    // A stand-in cudart64_12.dll in a venv's nvidia/cuda_runtime/bin (docs/layouts.md, Windows cu12).
    const WinScratchDir dir;
    const fs::path bin = dir.root() / "venv" / "Lib" / "site-packages" / "nvidia" / "cuda_runtime" / "bin";
    fs::create_directories(bin);
    fs::copy_file(test_dir() / "rwc_win32_standin.dll", bin / "cudart64_12.dll");
    Launch launch = child_launch(dir);
    launch.environment.set("PATH", bin.string() + ";C:\\windows\\system32");
    launch.environment.set("RWC_CHILD_DLL", "cudart64_12.dll");
    ASSERT_EQ(start_program(launch), 0);
    const ChildReport report = report_of(dir);
    ASSERT_EQ(report.dll.count("cudart64_12.dll"), 1u);
    EXPECT_TRUE(fs::equivalent(fs::path(report.dll.at("cudart64_12.dll")), bin / "cudart64_12.dll"));
}

TEST(StartProgram, RunsInTheWorkingDirectory)
{
    const WinScratchDir dir;
    Launch launch = child_launch(dir);
    launch.working_directory = dir.root();
    ASSERT_EQ(start_program(launch), 0);
    EXPECT_TRUE(fs::equivalent(fs::path(report_of(dir).cwd), dir.root()));
}

TEST(StartProgram, RefusesBatchFiles)
{
    const WinScratchDir dir;
    for (const char* name : {"run.bat", "RUN.CMD"}) {
        std::ofstream((dir.root() / name).c_str()) << "@echo off\r\n";
        Launch launch = child_launch(dir);
        launch.program = dir.root() / name;
        try {
            start_program(launch);
            ADD_FAILURE() << name << " was started";
        } catch (const Failure& failure) {
            EXPECT_EQ(failure.exit_status(), k_exit_cannot_execute);
            EXPECT_NE(std::string(failure.what()).find("CVE-2024-24576"), std::string::npos) << failure.what();
        }
    }
}

TEST(StartProgram, MissingProgramIs127)
{
    const WinScratchDir dir;
    Launch launch = child_launch(dir);
    launch.program = dir.root() / "missing.exe";
    try {
        start_program(launch);
        ADD_FAILURE() << "started";
    } catch (const Failure& failure) {
        EXPECT_EQ(failure.exit_status(), k_exit_not_found) << failure.what();
        EXPECT_NE(std::string(failure.what()).find("CreateProcessW("), std::string::npos) << failure.what();
    }
}

} // namespace
} // namespace rwc::test
