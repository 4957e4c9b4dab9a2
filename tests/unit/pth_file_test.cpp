// pth_file: the ._pth reader of the embeddable distribution (CPython Modules/getpath.py),
// and the site-packages describe_python_env takes from it with the Windows rules
// (docs/packaged-apps.md, "The embeddable distribution").
#include "hook_install.hpp"
#include "pth_file.hpp"
#include "python_env.hpp"
#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

namespace rwc {
namespace {

using Paths = std::vector<fs::path>;
using Strings = std::vector<std::string>;
using Numbers = std::vector<std::size_t>;

/// The ._pth file of CPython 3.12's embeddable zip as ComfyUI's portable release edits it:
/// "import site" uncommented and "../ComfyUI" added.
constexpr const char* k_comfyui_pth = "python312.zip\r\n.\r\n../ComfyUI\r\n\r\n# Uncomment to run site.main() "
                                      "automatically\r\nimport site\r\n";

TEST(ParsePth, CommentsBlankLinesAndImportSite)
{
    const PthLines lines = parse_pth(k_comfyui_pth);
    EXPECT_EQ(lines.entries, (Strings{"python312.zip", ".", "../ComfyUI"}));
    EXPECT_TRUE(lines.import_site);
    EXPECT_TRUE(lines.unsupported_imports.empty());
    EXPECT_TRUE(lines.unusable.empty());
}

TEST(ParsePth, ComfyUIsReleaseEditsMixLineEndings)
{
    // CPython's PC/layout/main.py writes CRLF lines; ComfyUI's workflow appends "import site"
    // and inserts "../ComfyUI" as line 1 with LF (.github/workflows/stable-release.yml).
    const PthLines lines = parse_pth("../ComfyUI\npython312.zip\r\n.\r\n\r\n# Uncomment to run site.main() "
                                     "automatically\r\n#import site\r\nimport site\n");
    EXPECT_EQ(lines.entries, (Strings{"../ComfyUI", "python312.zip", "."}));
    EXPECT_TRUE(lines.import_site);
}

TEST(ParsePth, TheShippedFileHasSiteCommentedOut)
{
    const PthLines lines =
        parse_pth("python312.zip\n.\n\n# Uncomment to run site.main() automatically\n#import site\n");
    EXPECT_FALSE(lines.import_site);
    EXPECT_EQ(lines.entries, (Strings{"python312.zip", "."}));
}

TEST(ParsePth, AHashAnywhereStartsACommentAndSpaceIsTrimmed)
{
    // getpath.py: line.partition('#')[0].strip(); 3.10's getpathp.c only skipped lines starting with '#'.
    const PthLines lines = parse_pth("  Lib\\site-packages   # the wheels\n\timport site\t# on\n#.\n   \n");
    EXPECT_EQ(lines.entries, Strings{"Lib\\site-packages"});
    EXPECT_TRUE(lines.import_site);
}

TEST(ParsePth, OtherImportLinesAreIgnoredAndCounted)
{
    const PthLines lines = parse_pth("import os\n.\nimport  site\nimportsite\nimport site\n");
    EXPECT_EQ(lines.unsupported_imports, (Numbers{1, 3}));
    EXPECT_EQ(lines.entries, (Strings{".", "importsite"})); // no space after "import": a path
    EXPECT_TRUE(lines.import_site);
}

TEST(ParsePth, LinesThatCannotBePathsAreSkipped)
{
    const std::string text = std::string("ok\nbad\xff\nnul\0here\n", 17) + std::string(k_max_pth_entry + 1, 'a') +
                             "\n" + std::string(k_max_pth_entry, 'b') +
                             "\nbell\a\n\\\\server\\share\n//?/C:/x\n/\\x\n\\x\n";
    const PthLines lines = parse_pth(text);
    EXPECT_EQ(lines.entries, (Strings{"ok", std::string(k_max_pth_entry, 'b'), "\\x"}));
    EXPECT_EQ(lines.unusable, (Numbers{2, 3, 4, 6, 7, 8, 9}));
}

TEST(ParsePth, EmptyAndWhitespaceOnlyTexts)
{
    EXPECT_TRUE(parse_pth("").entries.empty());
    EXPECT_TRUE(parse_pth("\n\r\n \t\n#\n").entries.empty());
    EXPECT_FALSE(parse_pth("#import site").import_site);
}

TEST(ResolvePthEntry, RelativeRootedAndAbsoluteOnEachOs)
{
    const fs::path dir = "/app/python_embeded";
    EXPECT_EQ(resolve_pth_entry(dir, ".", TargetOs::windows), fs::path("/app/python_embeded"));
    EXPECT_EQ(resolve_pth_entry(dir, "..\\ComfyUI", TargetOs::windows), fs::path("/app/ComfyUI"));
    EXPECT_EQ(resolve_pth_entry(dir, "../ComfyUI", TargetOs::windows), fs::path("/app/ComfyUI"));
    EXPECT_EQ(resolve_pth_entry(dir, "Lib\\site-packages", TargetOs::windows),
              fs::path("/app/python_embeded/Lib/site-packages"));
    EXPECT_EQ(resolve_pth_entry(dir, "/srv/extra", TargetOs::windows), fs::path("/srv/extra"));
    // On Linux a backslash is an ordinary character of a file name.
    EXPECT_EQ(resolve_pth_entry(dir, "a\\b", TargetOs::linux), fs::path("/app/python_embeded/a\\b"));
}

/// An embeddable folder: python.exe, python312.dll, python312.zip and a ._pth file.
class EmbeddableTest : public ::testing::Test {
  protected:
    fs::path make(const std::string& pth_text, const std::string& pth_name = "python312._pth") const
    {
        m_tree.file("app/python_embeded/python312.dll");
        m_tree.file("app/python_embeded/python3.dll");
        m_tree.file("app/python_embeded/python312.zip");
        m_tree.dir("app/ComfyUI");
        m_tree.file("app/python_embeded/" + pth_name, pth_text);
        return m_tree.executable("app/python_embeded/python.exe");
    }

    PythonEnv describe(const fs::path& p) const
    {
        Environment env(TargetOs::windows);
        env.set("APPDATA", m_tree.dir("appdata").string());
        m_tree.dir("appdata/Python/Python312/site-packages"); // a user site, which a ._pth file disables
        auto py = describe_python_env(p, env, Log());
        if (!py) {
            ADD_FAILURE() << "no environment at " << p;
            return {};
        }
        return *py;
    }

    test::ScratchDir m_tree;
    fs::path m_root = m_tree.path("app/python_embeded");
    fs::path m_sp = m_tree.path("app/python_embeded/Lib/site-packages");
};

TEST_F(EmbeddableTest, ComfyUIPortable)
{
    const fs::path python = make(k_comfyui_pth);
    m_tree.dir("app/python_embeded/Lib/site-packages");
    const PythonEnv py = describe(python);
    EXPECT_EQ(py.kind, EnvKind::embeddable);
    EXPECT_STREQ(env_kind_name(py.kind), "embeddable");
    EXPECT_EQ(py.root, m_root);
    EXPECT_EQ(py.version, "3.12");
    // The ._pth folders (the zip is a file: left out), then what site.py adds for the prefix.
    EXPECT_EQ(py.site_packages, (Paths{m_root, m_tree.path("app/ComfyUI"), m_sp}));
    EXPECT_TRUE(py.path_folders.empty());
    ASSERT_TRUE(py.pth);
    EXPECT_EQ(py.pth->file, m_root / "python312._pth");
    EXPECT_TRUE(py.pth->import_site);
    EXPECT_TRUE(py.pth_problem.empty());
    EXPECT_EQ(describe(m_root).interpreter, python); // the folder names the same environment
    EXPECT_EQ(hook_site_packages(py), m_sp);
}

TEST_F(EmbeddableTest, WithoutImportSiteLibSitePackagesIsNotOnSysPath)
{
    const fs::path python = make("python312.zip\n.\n#import site\n");
    m_tree.dir("app/python_embeded/Lib/site-packages");
    const PythonEnv py = describe(python);
    EXPECT_EQ(py.kind, EnvKind::embeddable);
    EXPECT_FALSE(py.pth->import_site);
    EXPECT_EQ(py.site_packages, Paths{m_root});
    // The hook still goes where site.py will read it once "import site" is added, but does not count.
    EXPECT_EQ(hook_site_packages(py), m_sp);
    install_hook(m_sp);
    EXPECT_FALSE(has_dll_hook(py));
    PythonEnv with_site = py;
    with_site.pth->import_site = true;
    EXPECT_TRUE(has_dll_hook(with_site));
}

TEST_F(EmbeddableTest, AFolderListedWithoutImportSiteIsScannedInItsPlace)
{
    const fs::path python = make("Lib\\site-packages\r\npython312.zip\r\n");
    m_tree.dir("app/python_embeded/Lib/site-packages");
    EXPECT_EQ(describe(python).site_packages, Paths{m_sp});
}

TEST_F(EmbeddableTest, FoldersThatDoNotExistAreSkipped)
{
    const fs::path python = make("missing\n..\\nowhere\n../ComfyUI\n../ComfyUI\nimport site\n");
    EXPECT_EQ(describe(python).site_packages, (Paths{m_tree.path("app/ComfyUI"), m_root}));
}

TEST_F(EmbeddableTest, TheExeStemNameIsTheFallback)
{
    const fs::path python = make(".\n", "python._pth");
    const PythonEnv py = describe(python);
    EXPECT_EQ(py.kind, EnvKind::embeddable);
    EXPECT_EQ(py.pth->file, m_root / "python._pth");
}

TEST_F(EmbeddableTest, TheDllNameWinsOverTheExeName)
{
    const fs::path python = make(".\nimport site\n", "python312._pth");
    m_tree.file("app/python_embeded/python._pth", "../ComfyUI\n");
    EXPECT_EQ(find_pth_file(python), m_root / "python312._pth");
    EXPECT_EQ(describe(python).site_packages, Paths{m_root});
}

TEST_F(EmbeddableTest, APyvenvCfgMakesItAVenvAndLinuxIgnoresPthFiles)
{
    const fs::path python = make(".\n");
    const Environment linux_env(TargetOs::linux);
    EXPECT_EQ(describe_python_env(python, linux_env, Log(), false)->kind, EnvKind::system);
    m_tree.file("app/python_embeded/pyvenv.cfg", "home = C:\\Python312\n");
    EXPECT_EQ(describe(python).kind, EnvKind::venv);
}

TEST_F(EmbeddableTest, AnUnreadablePthFileIsReportedAndAddsNothing)
{
    const fs::path python = make(std::string(k_max_pth_file + 1, '.'));
    const PythonEnv py = describe(python);
    EXPECT_EQ(py.kind, EnvKind::embeddable);
    EXPECT_TRUE(py.site_packages.empty());
    EXPECT_NE(py.pth_problem.find("python312._pth: larger than 32767 bytes"), std::string::npos) << py.pth_problem;
    // A folder under the ._pth name is not a file: no embeddable environment.
    fs::remove(m_root / "python312._pth");
    m_tree.dir("app/python_embeded/python312._pth");
    EXPECT_EQ(describe(python).kind, EnvKind::system);
}

TEST_F(EmbeddableTest, ReadPthFileRefusesAFolderAndAMissingFile)
{
    EXPECT_FALSE(read_pth_file(m_tree.dir("d._pth"), TargetOs::windows));
    EXPECT_FALSE(read_pth_file(m_tree.path("none._pth"), TargetOs::windows));
}

} // namespace
} // namespace rwc
