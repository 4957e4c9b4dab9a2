// python_select: docs/design.md, "Which Python environment", first hit wins: --python; COMMAND
// as a path to an interpreter; [python] interpreter; VIRTUAL_ENV; CONDA_PREFIX; .venv beside
// the config, then in the working directory or above; the launcher's own environment; PATH.
#include "cwd_guard.hpp"
#include "failure.hpp"
#include "python_env.hpp"
#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

namespace rwc {
namespace {

/// One candidate environment of each source, all present; tests remove the earlier ones.
class PythonSelect : public ::testing::Test {
  protected:
    /// Makes a venv at rel (pyvenv.cfg, bin/python, lib/python3.12/site-packages).
    fs::path venv(const std::string& rel) const
    {
        m_tree.file(rel + "/pyvenv.cfg", "version = 3.12.0\n");
        m_tree.executable(rel + "/bin/python");
        m_tree.dir(rel + "/lib/python3.12/site-packages");
        return m_tree.path(rel);
    }

    /// select_python_env with the fixture's query, config and environment.
    std::optional<PythonEnv> select() const { return select_python_env(m_query, m_config, m_env, Log()); }

    /// The root of the selected environment, and its source, as "source: root".
    std::string selected() const
    {
        const auto py = select();
        return py ? py->source + ": " + py->root.string() : "none";
    }

    /// "source: root" for the expected source and tree-relative root.
    std::string expect(const std::string& source, const std::string& rel) const
    {
        return source + ": " + m_tree.path(rel).string();
    }

    test::ScratchDir m_tree;
    PythonQuery m_query{std::nullopt, {}, m_tree.executable("tool/bin/run-with-cuda"), m_tree.dir("work/a/b")};
    Config m_config = default_config(m_tree.dir("proj"));
    Environment m_env{TargetOs::linux};
};

TEST_F(PythonSelect, EachSourceInOrder)
{
    venv("opt");
    venv("cmd");
    venv("cfg");
    venv("virtual");
    venv("conda");
    venv("proj/.venv");
    venv("work/a/.venv");
    m_tree.file("tool/pyvenv.cfg", "version = 3.12.0\n");
    m_tree.executable("tool/bin/python");
    m_tree.dir("tool/lib/python3.12/site-packages");
    m_tree.executable("sys/bin/python3");
    m_tree.dir("sys/lib/python3.12/site-packages");

    m_query.python_option = m_tree.path("opt").string();
    m_query.command = {m_tree.path("cmd/bin/python").generic_string(), "app.py"};
    m_config.file = m_tree.path("proj/run-with-cuda.toml");
    m_config.interpreter = m_tree.path("cfg/bin/python");
    m_env.set("VIRTUAL_ENV", m_tree.path("virtual").string());
    m_env.set("CONDA_PREFIX", m_tree.path("conda").string());
    m_env.set("PATH", "/nonexistent:" + m_tree.path("sys/bin").string());

    EXPECT_EQ(selected(), expect("--python", "opt"));
    m_query.python_option.reset();
    EXPECT_EQ(selected(), expect("COMMAND", "cmd"));
    m_query.command = {"python", "app.py"}; // a bare name is not a path to an interpreter
    EXPECT_EQ(selected(), expect("[python] interpreter", "cfg"));
    m_config.interpreter.reset();
    EXPECT_EQ(selected(), expect("VIRTUAL_ENV", "virtual"));
    m_env.unset("VIRTUAL_ENV");
    EXPECT_EQ(selected(), expect("CONDA_PREFIX", "conda"));
    m_env.unset("CONDA_PREFIX");
    EXPECT_EQ(selected(), expect(".venv beside the config", "proj/.venv"));
    m_config.file.clear(); // built-in defaults: no config folder
    EXPECT_EQ(selected(), expect(".venv", "work/a/.venv"));
    fs::remove_all(m_tree.path("work/a/.venv"));
    EXPECT_EQ(selected(), expect("the launcher's environment", "tool"));
    fs::remove(m_tree.path("tool/pyvenv.cfg"));
#ifndef _WIN32 // the Linux PATH of C:\ paths does not exist (scratch_dir.hpp); see WindowsVirtualEnvAndPath
    EXPECT_EQ(selected(), expect("PATH", "sys"));
#endif
}

TEST_F(PythonSelect, NothingFound)
{
    if (fs::exists("/.venv") || fs::exists("/tmp/.venv")) {
        GTEST_SKIP() << "a .venv above the temporary folder would be found";
    }
    m_env.set("PATH", m_tree.dir("empty").string());
    EXPECT_EQ(select(), std::nullopt);
}

TEST_F(PythonSelect, MissingPythonOptionIsNotFound)
{
    venv("virtual");
    m_env.set("VIRTUAL_ENV", m_tree.path("virtual").string());
    m_query.python_option = "no/such/python";
    const auto failure = test::catch_failure([&] { select(); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 127);
    EXPECT_EQ(std::string(failure->what()),
              "--python: no interpreter or environment at " +
                  (m_query.working_directory / "no/such/python").make_preferred().string());
}

TEST_F(PythonSelect, RelativePythonOptionIsRelativeToTheWorkingDirectory)
{
    venv("work/a/b/env");
    m_query.python_option = "env/bin/python";
    const auto py = select();
    ASSERT_TRUE(py);
    EXPECT_EQ(py->interpreter, m_tree.path("work/a/b/env/bin/python"));
    EXPECT_EQ(py->root, m_tree.path("work/a/b/env"));
}

TEST_F(PythonSelect, CommandPathToAMissingInterpreterIsNotFound)
{
    m_query.command = {m_tree.path("gone/bin/python3").generic_string()}; // '/': a path on Linux
    const auto failure = test::catch_failure([&] { select(); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 127);
}

TEST_F(PythonSelect, CommandPathToAnotherProgramIsNotAnInterpreter)
{
    venv("virtual");
    m_tree.executable("virtual/bin/pytest");
    m_env.set("VIRTUAL_ENV", m_tree.path("virtual").string());
    m_query.command = {m_tree.path("virtual/bin/pytest").generic_string()}; // '/': a path on Linux
    EXPECT_EQ(selected(), expect("VIRTUAL_ENV", "virtual"));
}

TEST_F(PythonSelect, MissingConfigInterpreterIsNotFoundWithItsPosition)
{
    m_config.file = m_tree.path("proj/run-with-cuda.toml");
    m_config.interpreter = m_tree.path("proj/.venv/bin/python");
    m_config.interpreter_pos = {m_config.file.string(), 2, 15};
    const auto failure = test::catch_failure([&] { select(); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 127);
    EXPECT_EQ(std::string(failure->what()), m_config.file.string() +
                                                ":2:15: [python] interpreter: no interpreter or environment at " +
                                                m_config.interpreter->string());
}

TEST_F(PythonSelect, VariableNamingNoEnvironmentIsSkipped)
{
    venv("conda");
    m_env.set("VIRTUAL_ENV", m_tree.dir("not-an-env").string());
    m_env.set("CONDA_PREFIX", m_tree.path("conda").string());
    EXPECT_EQ(selected(), expect("CONDA_PREFIX", "conda"));
    m_env.set("CONDA_PREFIX", "");
    venv("work/.venv");
    EXPECT_EQ(selected(), expect(".venv", "work/.venv"));
}

TEST_F(PythonSelect, LauncherOutsideAnEnvironmentIsSkipped)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS();
    // tool/bin holds the launcher, but tool/ has neither pyvenv.cfg nor conda-meta.
    m_tree.executable("tool/bin/python");
    m_tree.executable("sys/bin/python3");
    m_tree.dir("sys/lib/python3.12/site-packages");
    m_env.set("PATH", m_tree.path("sys/bin").string());
    EXPECT_EQ(selected(), expect("PATH", "sys"));
}

TEST_F(PythonSelect, PathSkipsRelativeAndEmptyElements)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS();
    m_tree.executable("work/a/b/rel/python3");
    m_tree.dir("work/a/b/lib/python3.12/site-packages");
    m_tree.executable("sys/bin/python");
    m_tree.dir("sys/lib/python3.12/site-packages");
    m_env.set("PATH", "::rel:" + m_tree.path("sys/bin").string());
    test::CwdGuard cwd(m_query.working_directory);
    EXPECT_EQ(selected(), expect("PATH", "sys"));
}

TEST_F(PythonSelect, WindowsVirtualEnvAndPath)
{
    Environment env(TargetOs::windows);
    m_tree.file("wv/pyvenv.cfg", "version = 3.12.0\n");
    m_tree.executable("wv/Scripts/python.exe");
    m_tree.dir("wv/Lib/site-packages");
    env.set("Virtual_Env", m_tree.path("wv").string());
    auto py = select_python_env(m_query, m_config, env, Log());
    ASSERT_TRUE(py);
    EXPECT_EQ(py->source, "VIRTUAL_ENV");
    EXPECT_EQ(py->interpreter, m_tree.path("wv/Scripts/python.exe"));

    m_tree.executable("Python312/python.exe");
    m_tree.dir("Python312/Lib/site-packages");
    env.unset("VIRTUAL_ENV");
    env.set("Path", "C:\\Windows;" + m_tree.path("Python312").string());
    py = select_python_env(m_query, m_config, env, Log());
    ASSERT_TRUE(py);
    EXPECT_EQ(py->source, "PATH");
    EXPECT_EQ(py->interpreter, m_tree.path("Python312/python.exe"));
}

TEST_F(PythonSelect, WindowsCommandPathWithUpperCaseName)
{
    m_tree.file("wv/pyvenv.cfg", "version = 3.12.0\n");
    m_tree.executable("wv/Scripts/python.exe");
    m_tree.dir("wv/Lib/site-packages");
    // The interpreter's name is matched case-insensitively on Windows.
    m_tree.executable("wv/Scripts/PYTHON.EXE");
    m_query.command = {m_tree.path("wv/Scripts/PYTHON.EXE").string()};
    const auto py = select_python_env(m_query, m_config, Environment(TargetOs::windows), Log());
    ASSERT_TRUE(py);
    EXPECT_EQ(py->source, "COMMAND");
    EXPECT_EQ(py->root, m_tree.path("wv"));
}

} // namespace
} // namespace rwc
