// program: resolving COMMAND (docs/design.md, "Which Python environment", last paragraph, and
// "Command line": 126 for a program that can't be executed, 127 for one not found).
#include "cwd_guard.hpp"
#include "failure.hpp"
#include "program.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

/// The Error of result as a Failure (its exit status and message); nullopt, and a test
/// failure, when result holds a program.
std::optional<Failure> as_failure(const Expected<ResolvedProgram>& result)
{
    if (result) {
        ADD_FAILURE() << "expected an Error, got the program " << result->file;
        return std::nullopt;
    }
    return Failure(result.error().exit_status, result.error().message);
}

/// A venv with bin/python (and bin/python3.12), and an environment whose PATH is set per test.
class ProgramTest : public ::testing::Test {
  protected:
    /// resolve_program with the fixture's venv and an environment with PATH = path.
    ResolvedProgram resolve(const std::string& command, const std::string& path, bool with_python = true) const
    {
        Environment env(TargetOs::linux);
        env.set("PATH", path);
        return resolve_program(command, with_python ? std::optional<PythonEnv>(m_py) : std::nullopt, env, Log())
            .value_or_throw();
    }

    /// The Error of resolving command with PATH = path, as a Failure.
    std::optional<Failure> failure(const std::string& command, const std::string& path) const
    {
        Environment env(TargetOs::linux);
        env.set("PATH", path);
        return as_failure(resolve_program(command, m_py, env, Log()));
    }

    test::ScratchDir m_tree;
    PythonEnv m_py = [this] {
        PythonEnv py;
        py.kind = EnvKind::venv;
        py.root = m_tree.path("venv");
        py.interpreter = m_tree.executable("venv/bin/python");
        m_tree.executable("venv/bin/python3.12");
        py.path_folders = {m_tree.path("venv/bin")};
        return py;
    }();
};

TEST_F(ProgramTest, PythonNamesMeanTheEnvironmentsInterpreter)
{
    const fs::path interpreter = m_tree.path("venv/bin/python");
    m_tree.executable("elsewhere/python");
    m_tree.executable("elsewhere/python3");
    const std::string path = m_tree.path("elsewhere").string();
    for (const std::string name : {"python", "python3", "pythonw", "python3.13"}) {
        const ResolvedProgram p = resolve(name, path);
        EXPECT_EQ(p.file, interpreter) << name;
        EXPECT_EQ(p.argv0, interpreter.string()) << name; // so sys.executable is the venv's
    }
}

TEST_F(ProgramTest, VersionedPythonNameUsesTheSiblingOfThatName)
{
    const fs::path sibling = m_tree.path("venv/bin/python3.12");
    const ResolvedProgram p = resolve("python3.12", "/usr/bin");
    EXPECT_EQ(p.file, sibling);
    EXPECT_EQ(p.argv0, sibling.string());
}

TEST_F(ProgramTest, WithoutAnEnvironmentPythonIsSearchedOnPath)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // Windows: WindowsTriesPathextAndKeepsTheVenvInterpreter
    const fs::path found = m_tree.executable("sys/bin/python3");
    const ResolvedProgram p = resolve("python3", m_tree.path("sys/bin").string(), false);
    EXPECT_EQ(p.file, found);
    EXPECT_EQ(p.argv0, "python3");
}

TEST_F(ProgramTest, BareNameSearchedOnTheNewPathInOrder)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // Windows: WindowsTriesPathextAndKeepsTheVenvInterpreter
    m_tree.executable("venv/bin/pytest");
    m_tree.executable("usr/bin/pytest");
    const std::string path = m_tree.path("venv/bin").string() + ":" + m_tree.path("usr/bin").string();
    const ResolvedProgram p = resolve("pytest", path);
    EXPECT_EQ(p.file, m_tree.path("venv/bin/pytest"));
    EXPECT_EQ(p.argv0, "pytest"); // argv[0] stays as the user typed it
}

TEST_F(ProgramTest, EmptyAndRelativePathElementsAreSkipped)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // Windows: WindowsTriesPathextAndKeepsTheVenvInterpreter
    // An empty or relative element would mean the working directory (or a folder below it).
    m_tree.executable("cwd/tool");
    m_tree.executable("cwd/rel/tool");
    const fs::path found = m_tree.executable("bin/tool");
    test::CwdGuard cwd(m_tree.path("cwd"));
    EXPECT_EQ(resolve("tool", "::rel:.:" + m_tree.path("bin").string()).file, found);
    const auto f = failure("tool", ":rel:.");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 127);
    EXPECT_STREQ(f->what(), "tool: command not found (searched PATH: empty)");
}

TEST_F(ProgramTest, MissingIsNotFoundNamingTheSearchedFolders)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // Windows: WindowsTriesPathextAndKeepsTheVenvInterpreter
    const std::string a = m_tree.dir("a").string();
    const std::string b = m_tree.dir("b").string();
    const auto f = failure("nosuchtool", a + "::" + b + ":relative");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 127);
    EXPECT_EQ(std::string(f->what()), "nosuchtool: command not found (searched PATH: " + a + ", " + b + ")");
}

TEST_F(ProgramTest, NonExecutableFileCannotBeExecuted)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // Windows: WindowsTriesPathextAndKeepsTheVenvInterpreter
    const fs::path plain = m_tree.file("a/tool", "#!/bin/sh\n");
    const auto f = failure("tool", m_tree.path("a").string());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 126);
    EXPECT_EQ(std::string(f->what()), "tool: " + plain.string() + " is not executable");
}

TEST_F(ProgramTest, ExecutableLaterOnPathWinsOverANonExecutableEarlier)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // Windows: WindowsTriesPathextAndKeepsTheVenvInterpreter
    m_tree.file("a/tool");
    const fs::path good = m_tree.executable("b/tool");
    EXPECT_EQ(resolve("tool", m_tree.path("a").string() + ":" + m_tree.path("b").string()).file, good);
}

TEST_F(ProgramTest, PathWithASlashIsUsedAsGiven)
{
    const fs::path tool = m_tree.executable("x/tool");
    m_tree.executable("venv/bin/tool");
    // The fixture applies the Linux rules, where only '/' separates: generic_string() gives
    // "C:/..." on a Windows host, the same string on POSIX.
    const ResolvedProgram absolute = resolve(tool.generic_string(), m_tree.path("venv/bin").string());
    EXPECT_EQ(absolute.file, tool);
    EXPECT_EQ(absolute.argv0, tool.generic_string());

    test::CwdGuard cwd(m_tree.path("x"));
    const ResolvedProgram relative = resolve("./tool", m_tree.path("venv/bin").string());
    EXPECT_EQ(relative.file, fs::path("./tool"));
    EXPECT_EQ(relative.argv0, "./tool");
}

TEST_F(ProgramTest, PathToAnInterpreterIsNotRedirected)
{
    const fs::path other = m_tree.executable("other/bin/python");
    // The fixture applies the Linux rules, where only '/' separates: generic_string() gives
    // "C:/..." on a Windows host, the same string on POSIX.
    const ResolvedProgram p = resolve(other.generic_string(), "");
    EXPECT_EQ(p.file, other);
    EXPECT_EQ(p.argv0, other.generic_string());
}

TEST_F(ProgramTest, PathWithASlashMissingOrNotExecutable)
{
    // The fixture applies the Linux rules, where only '/' separates: generic_string() gives
    // "C:/..." on a Windows host, the same string on POSIX.
    const std::string missing = m_tree.path("x/missing").generic_string();
    auto f = failure(missing, "");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 127);
    EXPECT_EQ(std::string(f->what()), missing + ": no such file");

#ifndef _WIN32 // Windows has no execute bit: the extension decides (host.hpp, is_executable_file)
    const fs::path plain = m_tree.file("x/plain");
    f = failure(plain.string(), "");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 126);
    EXPECT_EQ(std::string(f->what()), plain.string() + ": not an executable file");
#endif

    f = failure(m_tree.dir("x/folder").generic_string(), "");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 126);
}

TEST_F(ProgramTest, UnsetPathFindsNothing)
{
    Environment env(TargetOs::linux);
    const auto f = as_failure(resolve_program("tool", std::nullopt, env, Log()));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 127);
    EXPECT_STREQ(f->what(), "tool: command not found (searched PATH: empty)");
}

TEST_F(ProgramTest, WindowsTriesPathextAndKeepsTheVenvInterpreter)
{
    const fs::path exe = m_tree.executable("win/tool.EXE");
    Environment env(TargetOs::windows);
    env.set("Path", m_tree.path("win").string());
    env.set("PATHEXT", ".COM;.EXE;.BAT");
    EXPECT_EQ(resolve_program("tool", std::nullopt, env, Log()).value_or_throw().file, exe);
    EXPECT_EQ(resolve_program("tool.EXE", std::nullopt, env, Log()).value_or_throw().file, exe);

    PythonEnv py = m_py;
    py.interpreter = m_tree.executable("wv/Scripts/python.exe");
    const fs::path pythonw = m_tree.executable("wv/Scripts/pythonw.exe");
    EXPECT_EQ(resolve_program("python", py, env, Log()).value_or_throw().file, py.interpreter);
    EXPECT_EQ(resolve_program("pythonw", py, env, Log()).value_or_throw().file, pythonw);
    EXPECT_EQ(resolve_program("python3", py, env, Log()).value_or_throw().file, py.interpreter);
}

TEST_F(ProgramTest, WindowsSearchesThePathInOrderSkippingRelativeElements)
{
    // The Windows rules of the PATH tests above, which run natively only: the first
    // absolute folder holding the name with a PATHEXT extension wins; empty and relative
    // elements (the working directory) are skipped; "not found" names the folders searched.
    m_tree.executable("cwd/tool.exe");
    m_tree.executable("cwd/rel/tool.exe");
    const std::string empty = m_tree.dir("empty").string();
    const std::string b = m_tree.dir("b").string();
    const fs::path first = m_tree.executable("b/tool.exe");
    m_tree.executable("c/tool.exe");
    const fs::path python3 = m_tree.executable("c/python3.exe");
    test::CwdGuard cwd(m_tree.path("cwd"));
    Environment env(TargetOs::windows);
    env.set("PATHEXT", ".com;.exe");
    env.set("PATH", ";rel;.;" + empty + ";" + b + ";" + m_tree.path("c").string());
    EXPECT_EQ(resolve_program("tool", std::nullopt, env, Log()).value_or_throw().file, first);
    EXPECT_EQ(resolve_program("python3", std::nullopt, env, Log()).value_or_throw().file,
              python3); // no environment: PATH
    env.set("PATH", ";rel;" + empty + ";" + b);
    const auto f = as_failure(resolve_program("nosuchtool", std::nullopt, env, Log()));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exit_status(), 127);
    EXPECT_EQ(std::string(f->what()), "nosuchtool: command not found (searched PATH: " + empty + ", " + b + ")");
}

TEST_F(ProgramTest, WindowsGuiMeansPythonwAndTheConsoleOneMeansPython)
{
    // run-with-cuda-w.exe, or [app] gui = true: no console window.
    Environment env(TargetOs::windows);
    env.set("Path", m_tree.dir("empty").string());
    PythonEnv py = m_py;
    py.interpreter = m_tree.executable("wv/Scripts/python.exe");
    const fs::path pythonw = m_tree.executable("wv/Scripts/pythonw.exe");
    for (const std::string name : {"python", "python3", "pythonw", "python.exe"}) {
        const ResolvedProgram p = resolve_program(name, py, env, Log(), true).value_or_throw();
        EXPECT_EQ(p.file, pythonw) << name;
        EXPECT_EQ(p.argv0, pythonw.string()) << name;
    }
    EXPECT_EQ(resolve_program("python", py, env, Log(), false).value_or_throw().file, py.interpreter);
    // On Linux there is no pythonw: gui changes nothing.
    Environment linux_env(TargetOs::linux);
    EXPECT_EQ(resolve_program("python", m_py, linux_env, Log(), true).value_or_throw().file, m_py.interpreter);
}

} // namespace
} // namespace rwc
