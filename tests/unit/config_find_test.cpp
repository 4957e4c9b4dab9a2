// config_find: docs/design.md, "Finding the config", first hit wins: --config, then
// RUN_WITH_CUDA_CONFIG, then beside the executable (<own name>.toml, run-with-cuda.toml),
// then from the working directory upward (run-with-cuda.toml, pyproject.toml with the table).
#include "config.hpp"
#include "failure.hpp"
#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

namespace rwc {
namespace {

constexpr const char* k_table = "[tool.run-with-cuda]\n";

/// A tree with the launcher at app/bin/MyApp and the working directory at work/a/b.
class ConfigFind : public ::testing::Test {
  protected:
    /// find_config with the fixture's executable and working directory.
    std::optional<fs::path> find(const std::optional<std::string>& explicit_file = std::nullopt,
                                 bool no_config = false) const
    {
        return find_config({explicit_file, no_config, m_exe, m_cwd}, m_env, Log());
    }

    test::ScratchDir m_tree;
    fs::path m_exe = m_tree.executable("app/bin/MyApp");
    fs::path m_cwd = m_tree.dir("work/a/b");
    Environment m_env{TargetOs::linux};
};

TEST_F(ConfigFind, NothingFoundGivesDefaults)
{
    if (fs::exists("/run-with-cuda.toml") || fs::exists("/tmp/run-with-cuda.toml")) {
        GTEST_SKIP() << "a run-with-cuda.toml above the temporary folder would be found";
    }
    EXPECT_EQ(find(), std::nullopt);
}

TEST_F(ConfigFind, ExplicitFileWinsOverEverything)
{
    const fs::path named = m_tree.file("elsewhere/x.toml");
    m_tree.file("env.toml");
    m_env.set("RUN_WITH_CUDA_CONFIG", m_tree.path("env.toml").string());
    m_tree.file("app/bin/MyApp.toml");
    m_tree.file("work/a/b/run-with-cuda.toml");
    EXPECT_EQ(find(named.string()), named);
}

TEST_F(ConfigFind, ExplicitRelativeFileIsRelativeToTheWorkingDirectory)
{
    m_tree.file("work/a/b/cfg/x.toml");
    EXPECT_EQ(find(std::string("cfg/x.toml")), m_cwd / "cfg/x.toml");
}

TEST_F(ConfigFind, MissingExplicitFileIsAUsageError)
{
    m_tree.file("work/a/b/run-with-cuda.toml");
    const auto failure = test::catch_failure([&] { find(std::string("nope.toml")); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_STREQ(failure->what(), "config file nope.toml (--config) does not exist");
}

TEST_F(ConfigFind, ExplicitFolderIsNotAConfigFile)
{
    m_tree.dir("work/a/b/folder.toml");
    const auto failure = test::catch_failure([&] { find(std::string("folder.toml")); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
}

TEST_F(ConfigFind, EnvironmentVariableComesNext)
{
    m_tree.file("work/a/b/env.toml");
    m_env.set("RUN_WITH_CUDA_CONFIG", "env.toml");
    m_tree.file("app/bin/MyApp.toml");
    EXPECT_EQ(find(), m_cwd / "env.toml");
}

TEST_F(ConfigFind, MissingFileNamedByTheVariableIsAUsageError)
{
    m_env.set("RUN_WITH_CUDA_CONFIG", "/no/such.toml");
    const auto failure = test::catch_failure([&] { find(); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_STREQ(failure->what(), "config file /no/such.toml (RUN_WITH_CUDA_CONFIG) does not exist");
}

TEST_F(ConfigFind, EmptyVariableIsIgnored)
{
    m_env.set("RUN_WITH_CUDA_CONFIG", "");
    const fs::path beside = m_tree.file("app/bin/run-with-cuda.toml");
    EXPECT_EQ(find(), beside);
}

TEST_F(ConfigFind, OwnNameBesideTheExecutableWinsOverTheDefaultName)
{
    const fs::path own = m_tree.file("app/bin/MyApp.toml");
    m_tree.file("app/bin/run-with-cuda.toml");
    m_tree.file("work/a/b/run-with-cuda.toml");
    EXPECT_EQ(find(), own);
}

TEST_F(ConfigFind, OwnNameDropsExeCaseInsensitively)
{
    const fs::path exe = m_tree.executable("win/MyApp.EXE");
    const fs::path own = m_tree.file("win/MyApp.toml");
    EXPECT_EQ(find_config({std::nullopt, false, exe, m_cwd}, m_env, Log()), own);
}

TEST_F(ConfigFind, DefaultNameBesideTheExecutableWinsOverTheWorkingDirectory)
{
    const fs::path beside = m_tree.file("app/bin/run-with-cuda.toml");
    m_tree.file("work/a/b/run-with-cuda.toml");
    EXPECT_EQ(find(), beside);
}

TEST_F(ConfigFind, WorkingDirectoryItself)
{
    const fs::path here = m_tree.file("work/a/b/run-with-cuda.toml");
    m_tree.file("work/run-with-cuda.toml");
    EXPECT_EQ(find(), here);
}

TEST_F(ConfigFind, SearchesUpwardFromTheWorkingDirectory)
{
    const fs::path up = m_tree.file("work/run-with-cuda.toml");
    EXPECT_EQ(find(), up);
}

TEST_F(ConfigFind, PyprojectWithTheTableCounts)
{
    const fs::path pyproject = m_tree.file("work/a/pyproject.toml", std::string("[project]\nname = \"x\"\n") + k_table);
    m_tree.file("work/run-with-cuda.toml");
    EXPECT_EQ(find(), pyproject);
}

TEST_F(ConfigFind, RunWithCudaTomlWinsOverPyprojectInTheSameFolder)
{
    m_tree.file("work/a/pyproject.toml", k_table);
    const fs::path own = m_tree.file("work/a/run-with-cuda.toml");
    EXPECT_EQ(find(), own);
}

TEST_F(ConfigFind, PyprojectWithoutTheTableIsSkipped)
{
    m_tree.file("work/a/b/pyproject.toml", "[project]\nname = \"x\"\n");
    m_tree.file("work/a/pyproject.toml", "# run-with-cuda is mentioned, but\n[tool.other]\nrun-with-cuda = 1\n");
    const fs::path up = m_tree.file("work/run-with-cuda.toml");
    EXPECT_EQ(find(), up);
}

TEST_F(ConfigFind, PyprojectWithTheTableAsDottedKeysCounts)
{
    const fs::path pyproject = m_tree.file("work/a/b/pyproject.toml", "[tool]\nrun-with-cuda.cuda.enabled = false\n");
    EXPECT_EQ(find(), pyproject);
}

TEST_F(ConfigFind, BrokenPyprojectNamingTheToolIsAConfigError)
{
    const fs::path pyproject = m_tree.file("work/a/pyproject.toml", "[tool.run-with-cuda]\nx = \n");
    const auto failure = test::catch_failure([&] { find(); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_EQ(std::string(failure->what()).rfind(pyproject.string() + ":2:5: ", 0), 0U) << failure->what();
}

TEST_F(ConfigFind, FolderNamedLikeTheConfigIsSkipped)
{
    m_tree.dir("work/a/b/run-with-cuda.toml");
    const fs::path up = m_tree.file("work/a/run-with-cuda.toml");
    EXPECT_EQ(find(), up);
}

TEST_F(ConfigFind, NoConfigWinsOverEverything)
{
    m_tree.file("app/bin/MyApp.toml");
    m_tree.file("work/a/b/run-with-cuda.toml");
    m_env.set("RUN_WITH_CUDA_CONFIG", m_tree.path("app/bin/MyApp.toml").string());
    EXPECT_EQ(find(std::nullopt, true), std::nullopt);
    EXPECT_EQ(find(std::string("/no/such.toml"), true), std::nullopt);
}

TEST(LauncherName, DropsExeCaseInsensitively)
{
    EXPECT_EQ(launcher_name("/x/MyApp"), "MyApp");
    EXPECT_EQ(launcher_name("/x/MyApp.exe"), "MyApp");
    EXPECT_EQ(launcher_name("/x/MyApp.EXE"), "MyApp");
    EXPECT_EQ(launcher_name("/x/run-with-cuda"), "run-with-cuda");
    EXPECT_EQ(launcher_name("/x/.exe"), ".exe"); // nothing would be left
    EXPECT_EQ(launcher_name("/x/app.exe.bak"), "app.exe.bak");
}

TEST_F(ConfigFind, RenamedCopyConfig)
{
    const fs::path own = m_tree.file("app/bin/MyApp.toml");
    EXPECT_EQ(renamed_copy_config(m_exe), own);
    EXPECT_EQ(renamed_copy_config(m_tree.path("app/bin/Other")), std::nullopt);
    // The launcher under its own names is never a renamed copy, even with such a file beside it.
    m_tree.file("app/bin/run-with-cuda.toml");
    m_tree.file("app/bin/run-with-cuda-w.toml");
    EXPECT_EQ(renamed_copy_config(m_tree.path("app/bin/run-with-cuda")), std::nullopt);
    EXPECT_EQ(renamed_copy_config(m_tree.path("app/bin/run-with-cuda.exe")), std::nullopt);
    EXPECT_EQ(renamed_copy_config(m_tree.path("app/bin/run-with-cuda-w.exe")), std::nullopt);
}

} // namespace
} // namespace rwc
