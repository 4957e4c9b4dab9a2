// hook_install: --install-hook / --remove-hook put the start-up hook's two files
// (packaging/hook/, compiled in) into the environment's own site-packages and take them out
// again; --doctor and --init see them with has_dll_hook (docs/windows-dll-loading.md).
#include "failure.hpp"
#include "hook_install.hpp"
#include "scratch_dir.hpp"
#include "text_file.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

namespace rwc {
namespace {

class HookInstallTest : public ::testing::Test {
  protected:
    /// A venv whose user site comes first, then its own site-packages (as for a conda env).
    PythonEnv env() const
    {
        PythonEnv py;
        py.root = m_tree.dir("env");
        py.site_packages = {m_user, m_sp};
        return py;
    }

    test::ScratchDir m_tree;
    fs::path m_user = m_tree.dir("home/.local/lib/python3.12/site-packages");
    fs::path m_sp = m_tree.dir("env/Lib/site-packages");
};

TEST_F(HookInstallTest, TheFilesAreThoseOfPackagingHook)
{
    const auto files = hook_files();
    ASSERT_EQ(files.size(), 2u);
    EXPECT_STREQ(files[1].name, "run_with_cuda_dll_dirs.pth");
    EXPECT_EQ(files[1].text, "import _run_with_cuda_dll_dirs\n");
    EXPECT_STREQ(files[0].name, "_run_with_cuda_dll_dirs.py");
    EXPECT_EQ(read_text_file(fs::path(RWC_UNIT_HOOK_DIR) / files[0].name).value_or(""), files[0].text);
}

TEST_F(HookInstallTest, GoesIntoTheEnvironmentsOwnSitePackagesNotTheUserSite)
{
    EXPECT_EQ(hook_site_packages(env()), m_sp);
    PythonEnv elsewhere = env();
    elsewhere.site_packages = {m_user};
    EXPECT_EQ(hook_site_packages(elsewhere), m_user);
    elsewhere.site_packages.clear();
    EXPECT_EQ(hook_site_packages(elsewhere), std::nullopt);
}

TEST_F(HookInstallTest, InstallWritesBothFilesOnceAndRemoveTakesThemOut)
{
    EXPECT_FALSE(has_dll_hook(env()));
    EXPECT_EQ(install_hook(m_sp), HookChange::written);
    for (const auto& f : hook_files()) {
        EXPECT_EQ(read_text_file(m_sp / f.name).value_or(""), f.text) << f.name;
        EXPECT_FALSE(fs::exists(m_sp / (std::string(f.name) + ".rwc-tmp")));
    }
    EXPECT_TRUE(has_dll_hook(env()));
    EXPECT_EQ(install_hook(m_sp), HookChange::unchanged);

    m_tree.file("env/Lib/site-packages/_run_with_cuda_dll_dirs.py", "# an older hook\n");
    EXPECT_EQ(install_hook(m_sp), HookChange::written);
    EXPECT_EQ(read_text_file(m_sp / "_run_with_cuda_dll_dirs.py").value_or(""), hook_files()[0].text);

    m_tree.file("env/Lib/site-packages/__pycache__/_run_with_cuda_dll_dirs.cpython-312.pyc", "pyc");
    const fs::path other = m_tree.file("env/Lib/site-packages/__pycache__/other.cpython-312.pyc", "pyc");
    EXPECT_EQ(remove_hook(m_sp), HookChange::removed);
    EXPECT_FALSE(has_dll_hook(env()));
    EXPECT_FALSE(fs::exists(m_sp / "_run_with_cuda_dll_dirs.py"));
    EXPECT_FALSE(fs::exists(m_sp / "__pycache__" / "_run_with_cuda_dll_dirs.cpython-312.pyc"));
    EXPECT_TRUE(fs::exists(other));
    EXPECT_EQ(remove_hook(m_sp), HookChange::absent);
}

TEST_F(HookInstallTest, AHookInTheUserSiteCounts)
{
    m_tree.file("home/.local/lib/python3.12/site-packages/run_with_cuda_dll_dirs.pth", "import x\n");
    EXPECT_TRUE(has_dll_hook(env()));
}

TEST_F(HookInstallTest, NoEnvironmentOrNoSitePackagesIsAUsageError)
{
    const auto none = test::catch_failure([] { run_hook_action(std::nullopt, true); });
    ASSERT_TRUE(none);
    EXPECT_EQ(none->exit_status(), 2);
    EXPECT_NE(std::string(none->what()).find("--install-hook: no Python environment was found"), std::string::npos);
    PythonEnv empty = env();
    empty.site_packages.clear();
    const auto no_sp = test::catch_failure([&] { run_hook_action(empty, false); });
    ASSERT_TRUE(no_sp);
    EXPECT_EQ(no_sp->exit_status(), 2);
    EXPECT_NE(std::string(no_sp->what()).find("--remove-hook: the environment at"), std::string::npos);
}

TEST_F(HookInstallTest, ASystemInterpreterFoundOnPathIsChangedOnlyWhenNamed)
{
    PythonEnv system = env();
    system.kind = EnvKind::system;
    system.source = "PATH";
    const auto refused = test::catch_failure([&] { run_hook_action(system, true); });
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->exit_status(), 2);
    EXPECT_NE(std::string(refused->what()).find("name it with --python"), std::string::npos);
    EXPECT_FALSE(has_dll_hook(system));
    system.source = "--python";
    testing::internal::CaptureStdout();
    EXPECT_EQ(run_hook_action(system, true), 0);
    EXPECT_NE(testing::internal::GetCapturedStdout().find("installed the start-up hook into"), std::string::npos);
    EXPECT_TRUE(has_dll_hook(system));
}

TEST_F(HookInstallTest, AnUnwritableFolderIsASystemError)
{
    const auto missing = test::catch_failure([&] { install_hook(m_tree.path("no/such/folder")); });
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->exit_status(), 1);
    EXPECT_NE(std::string(missing->what()).find("cannot write"), std::string::npos);
}

} // namespace
} // namespace rwc
