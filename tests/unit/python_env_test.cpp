// python_env: describe_python_env on fake trees, from the files only (docs/design.md, "Where
// site-packages is"); is_python_name; pyvenv_value.
#include "python_env.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

using Paths = std::vector<fs::path>;

/// A fake-tree fixture with an environment whose HOME holds no user site.
class PythonEnvTest : public ::testing::Test {
  protected:
    /// describe_python_env for p, which must describe an environment.
    PythonEnv describe(const fs::path& p, TargetOs os = TargetOs::linux) const
    {
        Environment env = m_env;
        if (os == TargetOs::windows) {
            env = Environment(TargetOs::windows);
            for (const auto& [name, value] : m_env.entries()) {
                env.set(name, value);
            }
        }
        auto py = describe_python_env(p, env, Log());
        if (!py) {
            ADD_FAILURE() << "no environment at " << p;
            return {};
        }
        return *py;
    }

    /// A venv at rel with pyvenv.cfg text, bin/python and lib/python<dir_version>/site-packages.
    fs::path make_venv(const std::string& rel, const std::string& cfg, const std::string& dir_version = "3.12") const
    {
        m_tree.file(rel + "/pyvenv.cfg", cfg);
        m_tree.executable(rel + "/bin/python");
        m_tree.dir(rel + "/lib/python" + dir_version + "/site-packages");
        return m_tree.path(rel);
    }

    test::ScratchDir m_tree;
    Environment m_env = [this] {
        Environment env(TargetOs::linux);
        env.set("HOME", m_tree.dir("home").string());
        return env;
    }();
};

TEST_F(PythonEnvTest, VenvFromItsInterpreter)
{
    const fs::path root = make_venv("proj/.venv", "home = /usr/bin\ninclude-system-site-packages = false\n"
                                                  "version = 3.12.1\n");
    const PythonEnv py = describe(root / "bin/python");
    EXPECT_EQ(py.kind, EnvKind::venv);
    EXPECT_EQ(py.interpreter, root / "bin/python");
    EXPECT_EQ(py.root, root);
    EXPECT_EQ(py.version, "3.12");
    EXPECT_EQ(py.site_packages, Paths{root / "lib/python3.12/site-packages"});
    EXPECT_EQ(py.path_folders, Paths{root / "bin"});
}

TEST_F(PythonEnvTest, VenvFromItsRootFolder)
{
    const fs::path root = make_venv("v", "version_info = 3.13.0.final.0\n", "3.13");
    const PythonEnv py = describe(root);
    EXPECT_EQ(py.kind, EnvKind::venv);
    EXPECT_EQ(py.interpreter, root / "bin/python");
    EXPECT_EQ(py.root, root);
    EXPECT_EQ(py.version, "3.13");
    EXPECT_EQ(py.site_packages, Paths{root / "lib/python3.13/site-packages"});
}

TEST_F(PythonEnvTest, FolderWithoutInterpreterIsNoEnvironment)
{
    m_tree.dir("empty/lib/python3.12/site-packages");
    EXPECT_EQ(describe_python_env(m_tree.path("empty"), m_env, Log()), std::nullopt);
    EXPECT_EQ(describe_python_env(m_tree.path("missing"), m_env, Log()), std::nullopt);
}

TEST_F(PythonEnvTest, SymlinkedInterpreterIsNotResolved)
{
#ifdef _WIN32
    // venv copies python.exe on Windows (no bin/ symlink), and symbolic links need
    // SeCreateSymbolicLinkPrivilege; the Windows layout is WindowsVenv* below.
    GTEST_SKIP() << "Windows venvs have no symlinked interpreter";
#endif
    // A venv's bin/python links to the base interpreter; following it would lose the venv.
    const fs::path base_python = m_tree.executable("base/bin/python3.12");
    m_tree.dir("base/lib/python3.12/site-packages");
    m_tree.file("venv/pyvenv.cfg", "home = " + m_tree.path("base/bin").string() + "\nversion = 3.12.4\n");
    m_tree.dir("venv/lib/python3.12/site-packages");
    const fs::path link = m_tree.symlink("venv/bin/python", base_python);
    m_tree.symlink("venv/bin/python3", "python");
    for (const fs::path& p : {link, m_tree.path("venv")}) {
        const PythonEnv py = describe(p);
        EXPECT_EQ(py.kind, EnvKind::venv) << p;
        EXPECT_EQ(py.root, m_tree.path("venv")) << p;
        EXPECT_EQ(py.interpreter.parent_path(), m_tree.path("venv/bin")) << p;
        EXPECT_EQ(py.site_packages, Paths{m_tree.path("venv/lib/python3.12/site-packages")}) << p;
    }
    EXPECT_EQ(describe(link).interpreter, link);
}

TEST_F(PythonEnvTest, IncludeSystemSitePackages)
{
    m_tree.executable("base/bin/python3.12");
    const fs::path base_sp = m_tree.dir("base/lib/python3.12/site-packages");
    const fs::path user_sp = m_tree.dir("home/.local/lib/python3.12/site-packages");
    const std::string home = "home = " + m_tree.path("base/bin").string() + "\nversion = 3.12.0\n";
    const fs::path with = make_venv("with", home + "include-system-site-packages = true\n");
    const fs::path without = make_venv("without", home + "include-system-site-packages = false\n");
    const fs::path upper = make_venv("upper", "Include-System-Site-Packages = True\r\n" + home);
    // CPython's site.py: a venv's own site-packages, then (with system site) the user site, then the base.
    EXPECT_EQ(describe(with / "bin/python").site_packages,
              (Paths{with / "lib/python3.12/site-packages", user_sp, base_sp}));
    EXPECT_EQ(describe(upper / "bin/python").site_packages,
              (Paths{upper / "lib/python3.12/site-packages", user_sp, base_sp}));
    EXPECT_EQ(describe(without / "bin/python").site_packages, Paths{without / "lib/python3.12/site-packages"});
}

TEST_F(PythonEnvTest, FreeThreadedVenv)
{
    const fs::path root = make_venv("ft", "version = 3.13.1\n", "3.13t");
    const PythonEnv py = describe(root / "bin/python");
    EXPECT_EQ(py.version, "3.13");
    EXPECT_EQ(py.site_packages, Paths{root / "lib/python3.13t/site-packages"});
}

TEST_F(PythonEnvTest, FreeThreadedVersionFromTheInterpreterName)
{
    const fs::path root = make_venv("ft", "home = /nowhere\n", "3.13t");
    const fs::path python = m_tree.executable("ft/bin/python3.13t");
    const PythonEnv py = describe(python);
    EXPECT_EQ(py.version, "3.13");
    EXPECT_EQ(py.site_packages, Paths{root / "lib/python3.13t/site-packages"});
}

TEST_F(PythonEnvTest, CondaEnvironment)
{
    m_tree.dir("conda/conda-meta");
    const fs::path python = m_tree.executable("conda/bin/python");
    const fs::path sp = m_tree.dir("conda/lib/python3.11/site-packages");
    const PythonEnv py = describe(python);
    EXPECT_EQ(py.kind, EnvKind::conda);
    EXPECT_EQ(py.root, m_tree.path("conda"));
    EXPECT_EQ(py.version, "3.11");
    EXPECT_EQ(py.site_packages, Paths{sp});
    EXPECT_EQ(py.path_folders, Paths{m_tree.path("conda/bin")});
}

TEST_F(PythonEnvTest, SystemInterpreterWithUserSite)
{
    const fs::path python = m_tree.executable("usr/bin/python3.12");
    const fs::path sp = m_tree.dir("usr/lib/python3.12/site-packages");
    const fs::path user_sp = m_tree.dir("home/.local/lib/python3.12/site-packages");
    const PythonEnv py = describe(python);
    EXPECT_EQ(py.kind, EnvKind::system);
    EXPECT_EQ(py.root, m_tree.path("usr"));
    EXPECT_EQ(py.version, "3.12");
    EXPECT_EQ(py.site_packages, (Paths{user_sp, sp})); // CPython's site.main(): user site first
    EXPECT_TRUE(py.path_folders.empty());
}

TEST_F(PythonEnvTest, FreeThreadedSystemInterpreterHasAFreeThreadedUserSite)
{
    // CPython 3.13 site._get_path(): {userbase}/lib/python{X}.{Y}{abi_thread}/site-packages.
    const fs::path python = m_tree.executable("usr/bin/python3.13t");
    const fs::path sp = m_tree.dir("usr/lib/python3.13t/site-packages");
    const fs::path user_sp = m_tree.dir("home/.local/lib/python3.13t/site-packages");
    m_tree.dir("home/.local/lib/python3.13/site-packages"); // the default build's, not this one's
    EXPECT_EQ(describe(python).site_packages, (Paths{user_sp, sp}));
}

TEST_F(PythonEnvTest, NoUserSiteAndUserBase)
{
    const fs::path python = m_tree.executable("usr/bin/python3");
    const fs::path sp = m_tree.dir("usr/lib/python3.12/site-packages");
    m_tree.dir("home/.local/lib/python3.12/site-packages");
    const fs::path moved = m_tree.dir("userbase/lib/python3.12/site-packages");
    m_env.set("PYTHONUSERBASE", m_tree.path("userbase").string());
    EXPECT_EQ(describe(python).site_packages, (Paths{moved, sp}));
    m_env.set("PYTHONNOUSERSITE", "1");
    EXPECT_EQ(describe(python).site_packages, Paths{sp});
}

TEST_F(PythonEnvTest, WindowsVenv)
{
    m_tree.file("wv/pyvenv.cfg", "home = C:\\Python312\r\nversion = 3.12.2\r\n");
    const fs::path python = m_tree.executable("wv/Scripts/python.exe");
    const fs::path sp = m_tree.dir("wv/Lib/site-packages");
    m_tree.dir("wv/lib/python3.12/site-packages"); // a Linux folder is not a Windows site-packages
    const PythonEnv py = describe(python, TargetOs::windows);
    EXPECT_EQ(py.kind, EnvKind::venv);
    EXPECT_EQ(py.root, m_tree.path("wv"));
    EXPECT_EQ(py.version, "3.12");
    EXPECT_EQ(py.site_packages, Paths{sp});
    EXPECT_EQ(py.path_folders, Paths{m_tree.path("wv/Scripts")});
    EXPECT_EQ(describe(m_tree.path("wv"), TargetOs::windows).interpreter, python);
}

TEST_F(PythonEnvTest, WindowsVenvWithSystemSiteAndAppDataUserSite)
{
    const fs::path base = m_tree.dir("Python312");
    m_tree.executable("Python312/python.exe");
    const fs::path base_sp = m_tree.dir("Python312/Lib/site-packages");
    const fs::path user_sp = m_tree.dir("appdata/Python/Python312/site-packages");
    m_env.set("APPDATA", m_tree.path("appdata").string());
    m_tree.file("wv/pyvenv.cfg",
                "home = " + base.string() + "\ninclude-system-site-packages = true\nversion = 3.12.2\n");
    m_tree.executable("wv/Scripts/python.exe");
    const fs::path sp = m_tree.dir("wv/Lib/site-packages");
    EXPECT_EQ(describe(m_tree.path("wv/Scripts/python.exe"), TargetOs::windows).site_packages,
              (Paths{sp, user_sp, base_sp}));
}

TEST_F(PythonEnvTest, WindowsSystemInstallWithAppDataUserSite)
{
    // A python.org install: python.exe, python312.dll and Lib/ in one folder. The DLL's name
    // tells the version, so the user site (%APPDATA%/Python/Python312) comes first.
    const fs::path python = m_tree.executable("Python312/python.exe");
    m_tree.file("Python312/python312.dll");
    m_tree.file("Python312/python3.dll");
    const fs::path sp = m_tree.dir("Python312/Lib/site-packages");
    const fs::path user_sp = m_tree.dir("appdata/Python/Python312/site-packages");
    m_env.set("APPDATA", m_tree.path("appdata").string());
    const PythonEnv py = describe(python, TargetOs::windows);
    EXPECT_EQ(py.kind, EnvKind::system);
    EXPECT_EQ(py.root, m_tree.path("Python312"));
    EXPECT_EQ(py.version, "3.12");
    EXPECT_EQ(py.site_packages, (Paths{user_sp, sp}));
}

TEST_F(PythonEnvTest, WindowsCondaActivationFolders)
{
    m_tree.dir("c/conda-meta");
    const fs::path python = m_tree.executable("c/python.exe");
    m_tree.dir("c/Lib/site-packages");
    m_tree.dir("c/Library/bin");
    m_tree.dir("c/Scripts");
    const PythonEnv py = describe(python, TargetOs::windows);
    EXPECT_EQ(py.kind, EnvKind::conda);
    EXPECT_EQ(py.root, m_tree.path("c"));
    EXPECT_EQ(py.path_folders, (Paths{m_tree.path("c"), m_tree.path("c/Library/bin"), m_tree.path("c/Scripts")}));
}

TEST(IsPythonName, Linux)
{
    for (const char* name : {"python", "python3", "python3.12", "python3.13t", "pythonw", "python2.7", "python3.100"}) {
        EXPECT_TRUE(is_python_name(name, TargetOs::linux)) << name;
    }
    for (const char* name : {"pythonista", "python3.", "ipython", "python.", "python3.12.1", "Python3", "python.exe",
                             "python3.t", "python3t", "py", "", "python3.12x", "python-config", "python3.12t2"}) {
        EXPECT_FALSE(is_python_name(name, TargetOs::linux)) << name;
    }
}

TEST(IsPythonName, WindowsIsCaseInsensitiveWithExe)
{
    for (const char* name :
         {"python", "python.exe", "PYTHON.EXE", "Python3.12.exe", "pythonw.exe", "PythonW", "python3.13t.exe"}) {
        EXPECT_TRUE(is_python_name(name, TargetOs::windows)) << name;
    }
    for (const char* name : {"pythonista.exe", "python3..exe", "ipython.exe", "python.exe.exe", "python.bat"}) {
        EXPECT_FALSE(is_python_name(name, TargetOs::windows)) << name;
    }
}

TEST(PyvenvValue, CPythonSiteRules)
{
    const std::string text = "home = /usr/local/bin\r\nInclude-System-Site-Packages=TRUE\n  version  =  3.12.1  \n"
                             "command = /usr/bin/python3 -m venv /x=y\nnot a key line\n";
    EXPECT_EQ(pyvenv_value(text, "home"), std::optional<std::string>("/usr/local/bin"));
    EXPECT_EQ(pyvenv_value(text, "include-system-site-packages"), std::optional<std::string>("TRUE"));
    EXPECT_EQ(pyvenv_value(text, "version"), std::optional<std::string>("3.12.1"));
    EXPECT_EQ(pyvenv_value(text, "command"), std::optional<std::string>("/usr/bin/python3 -m venv /x=y"));
    EXPECT_EQ(pyvenv_value(text, "version_info"), std::nullopt);
    EXPECT_EQ(pyvenv_value("", "home"), std::nullopt);
    EXPECT_EQ(pyvenv_value("home =", "home"), std::optional<std::string>(""));
}

} // namespace
} // namespace rwc
