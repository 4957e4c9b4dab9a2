// init: the --init starter config is valid, names the environment found and never
// overwrites a config.
#include "config.hpp"
#include "failure.hpp"
#include "init.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

/// A venv inside the project and a layout with cu13 and cudnn.
class InitTest : public ::testing::Test {
  protected:
    /// The venv as python_env describes it.
    PythonEnv venv(const std::string& rel) const
    {
        PythonEnv py;
        py.kind = EnvKind::venv;
        py.root = m_tree.path(rel);
        py.interpreter = m_tree.executable(rel + "/bin/python");
        py.version = "3.12";
        return py;
    }

    test::ScratchDir m_tree;
    fs::path m_proj = m_tree.dir("proj");
};

TEST_F(InitTest, StarterConfigLoadsBackWithTheInterpreterFound)
{
    const PythonEnv py = venv("proj/.venv");
    CudaLayout layout;
    layout.packages.push_back({"cu13", m_proj / ".venv/lib/python3.12/site-packages/nvidia/cu13", {}, {}});
    layout.toolkit_root = layout.packages[0].folder;
    const std::string text = starter_config(m_proj, py, layout);
    EXPECT_NE(text.find("interpreter = \".venv/bin/python\"\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# Found: a venv, Python 3.12.\n"), std::string::npos) << text;
    EXPECT_NE(text.find("#   cu13           .venv/lib/python3.12/site-packages/nvidia/cu13\n"), std::string::npos)
        << text;
    const fs::path file = write_starter_config(m_proj, text);
    EXPECT_EQ(file, m_proj / "run-with-cuda.toml");
    EXPECT_EQ(test::read_file(file), text);
    const Config c = load_config(file);
    EXPECT_EQ(c.interpreter, std::optional<fs::path>(py.interpreter));
    EXPECT_TRUE(c.cuda_enabled);
    EXPECT_EQ(c.toolkit, ToolkitMode::automatic);
    EXPECT_FALSE(c.app);
}

TEST_F(InitTest, InterpreterOutsideTheProjectIsAbsoluteAndQuoted)
{
#ifdef _WIN32
    // '"' cannot be in a Windows file name; the path's own '\\' separators need escaping.
    const PythonEnv py = venv("odd 'name' dir/env");
#else
    const PythonEnv py = venv("odd \"name\" \\ dir/env");
#endif
    const std::string text = starter_config(m_proj, py, CudaLayout{});
    EXPECT_NE(text.find("# No NVIDIA package (site-packages/nvidia/*) was found.\n"), std::string::npos) << text;
    const Config c = parse_config(text, m_proj / "run-with-cuda.toml", false);
    EXPECT_EQ(c.interpreter, std::optional<fs::path>(py.interpreter));
}

TEST_F(InitTest, WithoutAnEnvironmentTheInterpreterIsCommentedOut)
{
    const std::string text = starter_config(m_proj, std::nullopt, CudaLayout{});
    EXPECT_NE(text.find("# interpreter = \".venv/bin/python\"\n"), std::string::npos) << text;
    const Config c = parse_config(text, m_proj / "run-with-cuda.toml", false);
    EXPECT_FALSE(c.interpreter);
}

TEST_F(InitTest, AWindowsTargetNamesTheStartUpHookAndHowToInstallIt)
{
    PythonEnv py = venv("proj/.venv");
    py.site_packages = {m_tree.dir("proj/.venv/Lib/site-packages")};
    const std::string lacking = starter_config(m_proj, py, CudaLayout{}, TargetOs::windows);
    EXPECT_NE(lacking.find("# This environment lacks it: run-with-cuda --install-hook"), std::string::npos) << lacking;
    EXPECT_NE(lacking.find("docs/windows-dll-loading.md"), std::string::npos) << lacking;
    parse_config(lacking, m_proj / "run-with-cuda.toml", false); // still a valid config

    m_tree.file("proj/.venv/Lib/site-packages/run_with_cuda_dll_dirs.pth", "import _run_with_cuda_dll_dirs\n");
    const std::string having = starter_config(m_proj, py, CudaLayout{}, TargetOs::windows);
    EXPECT_NE(having.find("# This environment has the hook.\n"), std::string::npos) << having;
    EXPECT_EQ(starter_config(m_proj, py, CudaLayout{}, TargetOs::linux).find("--install-hook"), std::string::npos);
}

TEST_F(InitTest, NeverOverwrites)
{
    const fs::path existing = m_tree.file("proj/run-with-cuda.toml", "# mine\n");
    const auto failure = test::catch_failure([&] { write_starter_config(m_proj, "new"); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_EQ(std::string(failure->what()), existing.string() + " exists; --init never overwrites a config");
    EXPECT_EQ(test::read_file(existing), "# mine\n");
}

TEST_F(InitTest, UnwritableFolderIsASystemError)
{
    const auto failure = test::catch_failure([&] { write_starter_config(m_tree.path("no/such/dir"), "x"); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 1);
    EXPECT_EQ(std::string(failure->what()),
              "cannot write " + m_tree.path("no/such/dir/run-with-cuda.toml").string() + ": No such file or directory");
}

} // namespace
} // namespace rwc
