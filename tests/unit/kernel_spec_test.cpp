// kernel_spec and kernel_install: the kernelspec name rule, the defaults, kernel.json's
// content, jupyter_core's data folder on both OSes, and the folder writes of --install-kernel
// / --remove-kernel (docs/integrations.md, "Jupyter kernels").
#include "cli.hpp"
#include "failure.hpp"
#include "kernel_install.hpp"
#include "kernel_spec.hpp"
#include "scratch_dir.hpp"
#include "text_file.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rwc {
namespace {

PythonEnv env_at(const std::string& root, const std::string& version = "3.11")
{
    PythonEnv py;
    py.root = root;
    py.interpreter = root + "/bin/python";
    py.version = version;
    py.kind = EnvKind::venv;
    return py;
}

TEST(KernelName, AcceptsJupyterClientsCharacters)
{
    for (const char* name : {"cuda-demo", "Py3.11_x", "a", "..a", "-"}) {
        EXPECT_EQ(kernel_name_problem(name), std::nullopt) << name;
    }
}

TEST(KernelName, RefusesOtherCharactersNamingTheFirst)
{
    EXPECT_EQ(kernel_name_problem("my kernel"), "the kernel name 'my kernel' holds ' ': only ASCII letters, digits, "
                                                "'.', '_' and '-' are allowed (as jupyter_client allows)");
    EXPECT_NE(kernel_name_problem("a/b")->find("holds '/'"), std::string::npos);
    EXPECT_NE(kernel_name_problem("a\\b")->find("holds '\\'"), std::string::npos);
    EXPECT_NE(kernel_name_problem("caf\xc3\xa9")->find("byte 0xc3"), std::string::npos);
    EXPECT_NE(kernel_name_problem(std::string("a\nb"))->find("byte 0x0a"), std::string::npos);
    EXPECT_EQ(kernel_name_problem(""), "a kernel name cannot be empty");
    EXPECT_EQ(kernel_name_problem(".."), "the kernel name '..' is made of dots only");
    EXPECT_TRUE(kernel_name_problem("."));
    EXPECT_TRUE(kernel_name_problem(std::string(k_max_kernel_name + 1, 'a')));
    EXPECT_FALSE(kernel_name_problem(std::string(k_max_kernel_name, 'a')));
}

TEST(KernelDefaults, NameTheEnvironmentOrTheProjectAboveItsVenv)
{
    EXPECT_EQ(default_kernel_name(env_at("/w/My Env")), "cuda-my-env");
    EXPECT_EQ(default_kernel_name(env_at("/w/proj/.venv")), "cuda-proj");
    EXPECT_EQ(default_kernel_name(env_at("/w/proj/venv/")), "cuda-proj");
    EXPECT_EQ(default_kernel_name(env_at("/opt/conda/envs/torch2")), "cuda-torch2");
    EXPECT_EQ(default_kernel_name(env_at("/")), "cuda-python");
    EXPECT_EQ(kernel_name_problem(default_kernel_name(env_at("/w/\xc3\xa9t\xc3\xa9"))), std::nullopt);
    EXPECT_EQ(default_display_name(env_at("/w/proj/.venv")), "Python 3.11 (CUDA, proj)");
    EXPECT_EQ(default_display_name(env_at("/w/x", "")), "Python 3 (CUDA, x)");
}

TEST(KernelJson, StartsTheInterpreterThroughTheLauncherWithoutMetadataInterpreter)
{
    const auto text = kernel_json("/opt/rwc/run-with-cuda", "/w/proj/.venv/bin/python", "Python 3.11 (CUDA, proj)");
    ASSERT_TRUE(text);
    const auto spec = nlohmann::json::parse(*text);
    EXPECT_EQ(spec["argv"], nlohmann::json::array({"/opt/rwc/run-with-cuda", "/w/proj/.venv/bin/python", "-m",
                                                   "ipykernel_launcher", "-f", "{connection_file}"}));
    EXPECT_EQ(spec["display_name"], "Python 3.11 (CUDA, proj)");
    EXPECT_EQ(spec["language"], "python");
    EXPECT_FALSE(spec["metadata"].contains("interpreter"));
    EXPECT_FALSE(spec.contains("env"));
    EXPECT_EQ(text->back(), '\n');
}

TEST(KernelJson, EscapesAnyDisplayNameAndWindowsPaths)
{
    const std::string display = "say \"hi\" \\ \n\t\xc3\xa9 </script>";
    const auto text = kernel_json("C:\\rwc\\run-with-cuda.exe", "C:\\p\\.venv\\Scripts\\python.exe", display);
    ASSERT_TRUE(text);
    const auto spec = nlohmann::json::parse(*text);
    EXPECT_EQ(spec["display_name"], display);
    EXPECT_EQ(spec["argv"][0], "C:\\rwc\\run-with-cuda.exe");
    EXPECT_NE(text->find(R"("C:\\rwc\\run-with-cuda.exe")"), std::string::npos) << *text;
}

TEST(KernelJson, RefusesTextThatIsNotUtf8)
{
    const auto text = kernel_json("/opt/rwc", "/w/bin/python", "bad \xff");
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().exit_status, k_exit_usage);
    EXPECT_EQ(text.error().message, "the display name is not valid UTF-8, which kernel.json (JSON text) cannot hold");
}

Environment make_env(TargetOs os, const std::vector<std::string>& entries)
{
    return Environment::from_strings(entries, os);
}

TEST(JupyterDataDir, FollowsJupyterCoreOnLinux)
{
    const TargetOs os = TargetOs::linux;
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {"HOME=/home/u"})), "/home/u/.local/share/jupyter");
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {"HOME=/home/u", "XDG_DATA_HOME=/x"})), "/x/jupyter");
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {"HOME=/home/u", "XDG_DATA_HOME="})), "/home/u/.local/share/jupyter");
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {"HOME=/home/u", "XDG_DATA_HOME=/x", "JUPYTER_DATA_DIR=/j"})), "/j");
    const auto none = jupyter_data_dir(make_env(os, {"JUPYTER_DATA_DIR="}));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().exit_status, k_exit_usage);
}

TEST(JupyterDataDir, FollowsJupyterCoreOnWindows)
{
    const TargetOs os = TargetOs::windows;
    const std::string appdata = "APPDATA=C:\\Users\\u\\AppData\\Roaming";
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {appdata, "XDG_DATA_HOME=/x"})),
              "C:\\Users\\u\\AppData\\Roaming\\jupyter");
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {appdata, "JUPYTER_DATA_DIR=D:\\j"})), "D:\\j");
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {appdata, "LOCALAPPDATA=C:\\L", "JUPYTER_PLATFORM_DIRS=1"})),
              "C:\\L\\Jupyter");
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {appdata, "LOCALAPPDATA=C:\\L", "JUPYTER_PLATFORM_DIRS=off"})),
              "C:\\Users\\u\\AppData\\Roaming\\jupyter");
    EXPECT_EQ(*jupyter_data_dir(make_env(os, {"USERPROFILE=C:\\Users\\u"})), "C:\\Users\\u\\.jupyter\\data");
    EXPECT_FALSE(jupyter_data_dir(make_env(os, {"HOME=/home/u"})));
}

class KernelFolderTest : public ::testing::Test {
  protected:
    fs::path kernels() const { return m_tree.path("data/kernels"); }
    std::vector<fs::path> entries() const
    {
        std::vector<fs::path> out;
        for (fs::directory_iterator it(kernels()), end; it != end; ++it) {
            out.push_back(it->path().filename());
        }
        return out;
    }
    test::ScratchDir m_tree;
};

TEST_F(KernelFolderTest, WritesTheFilesIntoOneNewFolder)
{
    ASSERT_TRUE(write_kernelspec(kernels(), "k", {{"kernel.json", "{}\n"}, {"logo-32x32.png", "\x89PNG"}}, false));
    EXPECT_EQ(read_text_file(kernels() / "k" / "kernel.json").value_or(""), "{}\n");
    EXPECT_EQ(read_text_file(kernels() / "k" / "logo-32x32.png").value_or(""), "\x89PNG");
    EXPECT_EQ(entries(), std::vector<fs::path>{"k"});
}

TEST_F(KernelFolderTest, AnExistingFolderIsKeptUnlessReplaced)
{
    ASSERT_TRUE(write_kernelspec(kernels(), "k", {{"kernel.json", "old"}, {"extra", "x"}}, false));
    const Status again = write_kernelspec(kernels(), "k", {{"kernel.json", "new"}}, false);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().exit_status, k_exit_usage);
    EXPECT_NE(again.error().message.find("pass --force"), std::string::npos);
    EXPECT_EQ(read_text_file(kernels() / "k" / "kernel.json").value_or(""), "old");
    ASSERT_TRUE(write_kernelspec(kernels(), "k", {{"kernel.json", "new"}}, true));
    EXPECT_EQ(read_text_file(kernels() / "k" / "kernel.json").value_or(""), "new");
    EXPECT_FALSE(fs::exists(kernels() / "k" / "extra"));
    EXPECT_EQ(entries(), std::vector<fs::path>{"k"});
}

TEST_F(KernelFolderTest, AFailedWriteLeavesNoHalfFolder)
{
    // A file name that cannot be created (a folder of that name does not exist below it).
    const Status failed = write_kernelspec(kernels(), "k", {{"kernel.json", "{}"}, {"no/such/dir", "x"}}, false);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().exit_status, k_exit_failure);
    EXPECT_TRUE(entries().empty());
}

TEST_F(KernelFolderTest, RemoveTakesTheFolderOutOrSaysItIsNotThere)
{
    ASSERT_TRUE(write_kernelspec(kernels(), "k", {{"kernel.json", "{}"}}, false));
    ASSERT_TRUE(remove_kernelspec(kernels(), "k"));
    EXPECT_TRUE(entries().empty());
    const Status missing = remove_kernelspec(kernels(), "k");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().exit_status, k_exit_usage);
    EXPECT_EQ(missing.error().message, "no kernelspec 'k' in " + kernels().string());
}

TEST_F(KernelFolderTest, IpykernelIsFoundFromItsDistInfoAndTheLogosFromItsKernelspec)
{
    const fs::path sp = m_tree.dir("env/lib/python3.11/site-packages");
    EXPECT_FALSE(has_ipykernel({sp}));
    m_tree.file("env/lib/python3.11/site-packages/ipykernel-6.29.5.dist-info", "not a folder");
    EXPECT_FALSE(has_ipykernel({sp}));
    m_tree.dir("env/lib/python3.11/site-packages/ipykernel_helper-1.0.dist-info");
    EXPECT_FALSE(has_ipykernel({sp}));
    m_tree.dir("env/lib/python3.11/site-packages/IPyKernel-7.0.1.dist-info");
    EXPECT_TRUE(has_ipykernel({m_tree.path("nowhere"), sp}));

    m_tree.file("env/share/jupyter/kernels/python3/logo-64x64.png", "png64");
    m_tree.file("env/share/jupyter/kernels/python3/logo-svg.svg", std::string(k_max_logo_file + 1, 'x'));
    const auto logos = ipykernel_logos(m_tree.path("env"));
    ASSERT_EQ(logos.size(), 1u);
    EXPECT_EQ(logos[0].name, "logo-64x64.png");
    EXPECT_EQ(logos[0].bytes, "png64");
}

TEST_F(KernelFolderTest, TheLocationOptionsNameTheirKernelsFolders)
{
    // Compared as generic strings: the Linux rules give '/' even where the host is Windows.
    const auto same = [](const fs::path& a, const fs::path& b) {
        return a.lexically_normal().generic_string() == b.lexically_normal().generic_string();
    };
    const PythonEnv py = env_at(m_tree.path("env").string());
    const fs::path home = m_tree.path("home");
    const fs::path cwd = m_tree.path("cwd");
    const Environment env = make_env(TargetOs::linux, {"HOME=" + home.string()});
    KernelOptions options;
    EXPECT_TRUE(same(*kernels_folder(options, &py, env, cwd), home / ".local/share/jupyter/kernels"));
    options.location = KernelLocation::sys_prefix;
    EXPECT_TRUE(same(*kernels_folder(options, &py, env, cwd), py.root / "share/jupyter/kernels"));
    EXPECT_FALSE(kernels_folder(options, nullptr, env, cwd));
    options.location = KernelLocation::prefix;
    options.prefix = "rel";
    EXPECT_TRUE(same(*kernels_folder(options, &py, env, cwd), cwd / "rel/share/jupyter/kernels"));
}

TEST(KernelCli, ParsesTheKernelOptions)
{
    const Cli cli = parse_cli(
        {"--python", "/e", "--install-kernel", "--name=k1", "--display-name", "K 1", "--prefix", "/p", "--force"});
    EXPECT_EQ(cli.action, Action::install_kernel);
    EXPECT_EQ(cli.kernel.name, "k1");
    EXPECT_EQ(cli.kernel.display_name, "K 1");
    EXPECT_EQ(cli.kernel.location, KernelLocation::prefix);
    EXPECT_EQ(cli.kernel.prefix, "/p");
    EXPECT_TRUE(cli.kernel.force);
    const Cli removal = parse_cli({"--remove-kernel", "k1", "--sys-prefix"});
    EXPECT_EQ(removal.action, Action::remove_kernel);
    EXPECT_EQ(removal.kernel.name, "k1");
    EXPECT_EQ(removal.kernel.location, KernelLocation::sys_prefix);
}

TEST(KernelCli, MisplacedKernelOptionsAreUsageErrors)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--name", "k", "python"}, "--name is only valid with --install-kernel (see --help)"},
        {{"--remove-kernel", "k", "--force"}, "--force is only valid with --install-kernel (see --help)"},
        {{"--user", "--print-env"}, "--user is only valid with --install-kernel or --remove-kernel (see --help)"},
        {{"--install-kernel", "--user", "--prefix", "/p"}, "--user and --prefix exclude each other (see --help)"},
        {{"--install-kernel", "python"},
         "--install-kernel takes no COMMAND ('python'); name the environment with "
         "--python"},
        {{"--install-kernel", "--force=yes"}, "option --force takes no value (see --help)"},
        {{"--remove-kernel"}, "option --remove-kernel needs a value (see --help)"},
    };
    for (const auto& [args, message] : cases) {
        const auto failure = test::catch_failure([&] { parse_cli(args); });
        ASSERT_TRUE(failure) << message;
        EXPECT_EQ(failure->exit_status(), k_exit_usage);
        EXPECT_EQ(std::string(failure->what()), message);
    }
}

} // namespace
} // namespace rwc
