// frozen_bundle: docs/packaged-apps.md, "PyInstaller bundles": a one-folder bundle is the
// _internal folder beside the program when it holds base_library.zip, or a [python]
// site-packages folder that holds it.
#include "frozen_bundle.hpp"
#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#ifndef _WIN32
#include <sys/stat.h>
#endif

namespace rwc {
namespace {

class FrozenBundleTest : public ::testing::Test {
  protected:
    /// A bundle at rel: rel/MyApp and rel/_internal/base_library.zip (as PyInstaller 6 writes them).
    fs::path bundle(const std::string& rel) const
    {
        m_tree.executable(rel + "/MyApp");
        m_tree.file(rel + "/_internal/base_library.zip", "PK");
        return m_tree.path(rel + "/_internal");
    }

    std::optional<FrozenBundle> find(const std::string& program, const std::vector<fs::path>& extra = {},
                                     TargetOs os = TargetOs::linux) const
    {
        return find_frozen_bundle(program, "COMMAND", m_tree.root(), extra, os, Log());
    }

    test::ScratchDir m_tree;
};

TEST_F(FrozenBundleTest, ContentsFolderBesideTheProgram)
{
    const fs::path contents = bundle("dist/MyApp");
    const auto found = find((m_tree.root() / "dist/MyApp/MyApp").string());
    ASSERT_TRUE(found);
    EXPECT_EQ(found->contents, contents);
    EXPECT_EQ(found->source, "COMMAND");
}

TEST_F(FrozenBundleTest, RelativeProgramIsResolvedAgainstTheWorkingDirectory)
{
    const fs::path contents = bundle("dist/MyApp");
    const auto found = find("./dist/MyApp/../MyApp/MyApp");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->contents, contents);
}

TEST_F(FrozenBundleTest, BareNameIsNotLookedUp)
{
    bundle(".");
    EXPECT_FALSE(find("MyApp")); // would need a PATH search: only a program named with a path counts
}

TEST_F(FrozenBundleTest, InternalWithoutTheMarkerIsNotABundle)
{
    m_tree.executable("app/MyApp");
    m_tree.dir("app/_internal/nvidia/cu13/lib");
    m_tree.file("app/_internal/libpython3.11.so.1.0");
    EXPECT_FALSE(find(m_tree.path("app/MyApp").string()));
}

TEST_F(FrozenBundleTest, MarkerMustBeARegularFile)
{
    m_tree.executable("app/MyApp");
    m_tree.dir("app/_internal/base_library.zip"); // a folder of that name
    EXPECT_FALSE(find(m_tree.path("app/MyApp").string()));
}

#ifndef _WIN32 // FIFOs and symbolic links made by the test are POSIX
TEST_F(FrozenBundleTest, MarkerThatIsAFifoIsNotOpened)
{
    m_tree.executable("fifo/MyApp");
    m_tree.dir("fifo/_internal");
    ASSERT_EQ(::mkfifo(m_tree.path("fifo/_internal/base_library.zip").c_str(), 0600), 0);
    EXPECT_FALSE(find(m_tree.path("fifo/MyApp").string())); // and does not hang: nothing is opened
}

TEST_F(FrozenBundleTest, SymlinkedContentsFolderCounts)
{
    const fs::path real = bundle("real");
    m_tree.executable("linked/MyApp");
    fs::create_directory_symlink(real, m_tree.path("linked/_internal"));
    const auto found = find(m_tree.path("linked/MyApp").string());
    ASSERT_TRUE(found);
    EXPECT_EQ(found->contents, m_tree.path("linked/_internal")); // the path as named, not resolved
}
#endif

TEST_F(FrozenBundleTest, SitePackagesNamingAContentsFolderWins)
{
    bundle("a");
    m_tree.file("b/lib/base_library.zip"); // --contents-directory lib
    const fs::path other = m_tree.dir("sp");
    const auto found = find(m_tree.path("a/MyApp").string(), {other, m_tree.path("b/lib")});
    ASSERT_TRUE(found);
    EXPECT_EQ(found->contents, m_tree.path("b/lib"));
    EXPECT_EQ(found->source, "[python] site-packages");
}

TEST_F(FrozenBundleTest, SitePackagesWithoutTheMarkerDoesNotMakeABundle)
{
    const fs::path sp = m_tree.dir("sp/nvidia/cu13/lib");
    EXPECT_FALSE(find("", {m_tree.path("sp")}));
    EXPECT_FALSE(find("python3", {m_tree.path("sp")}));
}

TEST_F(FrozenBundleTest, WindowsProgramWithExe)
{
    bundle("win/App");
    m_tree.executable("win/App/App.exe");
    const auto found = find(m_tree.path("win/App/App.exe").string(), {}, TargetOs::windows);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->contents, m_tree.path("win/App/_internal"));
    EXPECT_FALSE(find("App.exe", {}, TargetOs::windows));
}

} // namespace
} // namespace rwc
