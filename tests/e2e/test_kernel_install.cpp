// --install-kernel and --remove-kernel seen from outside (docs/integrations.md, "Jupyter
// kernels"): the kernelspec folder, its three locations, and the error cases, each one line
// with exit status 2 and nothing written; installing starts nothing a config names.
#include "cuda_venv_test.hpp"

#include <boost/filesystem/operations.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace rwc::e2e {
namespace {

class KernelInstall : public CudaVenvTest {
  protected:
    void SetUp() override
    {
        CudaVenvTest::SetUp();
        if (!IsSkipped()) {
            fs::create_directories(ipykernel_dist_info());
        }
    }
    void TearDown() override
    {
        boost::system::error_code ec;
        fs::remove_all(ipykernel_dist_info(), ec);
        fs::remove_all(venv().root / "share", ec);
    }
    static fs::path ipykernel_dist_info() { return venv().site_packages / "ipykernel-7.4.0.dist-info"; }
    fs::path data() const { return work() / "jupyter-data"; }
    /// env() with JUPYTER_DATA_DIR = data().
    EnvMap jupyter_env() const
    {
        EnvMap e = env();
        e["JUPYTER_DATA_DIR"] = data().string();
        return e;
    }
    ProcessResult install(const std::vector<std::string>& extra, const EnvMap& environment) const
    {
        std::vector<std::string> args{"--python", venv().root.string(), "--install-kernel"};
        args.insert(args.end(), extra.begin(), extra.end());
        return launch(args, environment);
    }
    static std::string read(const fs::path& p)
    {
        std::ifstream in(p.string(), std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }
    /// Every path below root, relative to it, sorted ("" when root does not exist).
    static std::vector<std::string> tree(const fs::path& root)
    {
        std::vector<std::string> out;
        boost::system::error_code ec;
        for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
            out.push_back(it->path().lexically_relative(root).string());
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    /// Asserts the one-line error with exit status 2.
    static void expect_usage_error(const ProcessResult& r, const std::string& text)
    {
        EXPECT_TRUE(r.exited_with(2)) << r.describe();
        EXPECT_EQ(r.err.rfind("run-with-cuda: error: ", 0), 0u) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
        EXPECT_EQ(r.out, "");
    }
};

TEST_F(KernelInstall, WritesKernelJsonStartingTheInterpreterThroughTheLauncher)
{
    const fs::path logos = venv().root / "share/jupyter/kernels/python3";
    fs::create_directories(logos);
    std::ofstream(logos / "logo-32x32.png", std::ios::binary) << "\x89PNG32";
    std::ofstream(logos / "logo-svg.svg") << "<svg/>";

    ProcessResult r = install({}, jupyter_env());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    // The default name: "cuda-" and the environment's folder name (the project's, above a
    // folder named venv), sanitised to [a-z0-9._-].
    const auto names = tree(data() / "kernels");
    ASSERT_EQ(names.size(), 4u) << r.out;
    const std::string name = names.front();
    EXPECT_EQ(name.rfind("cuda-", 0), 0u) << name;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-"), std::string::npos) << name;
    const fs::path spec_dir = data() / "kernels" / name;
    EXPECT_NE(r.out.find(spec_dir.string()), std::string::npos) << r.out;
    EXPECT_EQ(names, (std::vector<std::string>{name, name + "/kernel.json", name + "/logo-32x32.png",
                                               name + "/logo-svg.svg"}));
    EXPECT_EQ(read(spec_dir / "logo-32x32.png"), "\x89PNG32");

    const auto spec = nlohmann::json::parse(read(spec_dir / "kernel.json"));
    ASSERT_EQ(spec["argv"].size(), 6u) << spec.dump();
    EXPECT_EQ(fs::path(spec["argv"][0].get<std::string>()), fs::canonical(launcher_path()));
    EXPECT_TRUE(same_file(spec["argv"][1].get<std::string>(), venv().interpreter)) << spec.dump();
    EXPECT_TRUE(lies_within(spec["argv"][1].get<std::string>(), venv().root)) << spec.dump();
    EXPECT_EQ(spec["argv"][2], "-m");
    EXPECT_EQ(spec["argv"][3], "ipykernel_launcher");
    EXPECT_EQ(spec["argv"][5], "{connection_file}");
    EXPECT_EQ(spec["language"], "python");
    const fs::path root = venv().root;
    const std::string project = (root.filename() == "venv" ? root.parent_path() : root).filename().string();
    EXPECT_EQ(spec["display_name"], "Python " + venv().version + " (CUDA, " + project + ")");
    EXPECT_FALSE(spec["metadata"].contains("interpreter"));
}

TEST_F(KernelInstall, TheThreeLocations)
{
    EnvMap home_only = env(); // HOME = work(): jupyter_core's ~/.local/share/jupyter
    ASSERT_TRUE(install({"--name", "k"}, home_only).exited_with(0));
    EXPECT_TRUE(fs::is_regular_file(work() / ".local/share/jupyter/kernels/k/kernel.json"));
    EnvMap xdg = env();
    xdg["XDG_DATA_HOME"] = (work() / "xdg").string();
    ASSERT_TRUE(install({"--name", "k"}, xdg).exited_with(0));
    EXPECT_TRUE(fs::is_regular_file(work() / "xdg/jupyter/kernels/k/kernel.json"));
    ASSERT_TRUE(install({"--name", "k", "--sys-prefix"}, jupyter_env()).exited_with(0));
    EXPECT_TRUE(fs::is_regular_file(venv().root / "share/jupyter/kernels/k/kernel.json"));
    ASSERT_TRUE(install({"--name=K", "--prefix", "pre"}, jupyter_env()).exited_with(0));
    EXPECT_TRUE(fs::is_regular_file(work() / "pre/share/jupyter/kernels/k/kernel.json")) << "lower-cased";
    EXPECT_FALSE(fs::exists(data()));
}

TEST_F(KernelInstall, ABadNameIsRefusedAndNothingIsWritten)
{
    for (const char* name : {"my kernel", "../up", "a/b", "..", ""}) {
        SCOPED_TRACE(name);
        expect_usage_error(install({"--name", name}, jupyter_env()), "kernel name");
    }
    EXPECT_FALSE(fs::exists(data()));
}

TEST_F(KernelInstall, AnEnvironmentWithoutIpykernelIsRefusedAndNothingIsWritten)
{
    fs::remove_all(ipykernel_dist_info());
    expect_usage_error(install({}, jupyter_env()), "pip install ipykernel");
    EXPECT_FALSE(fs::exists(data()));
}

TEST_F(KernelInstall, AnExistingKernelspecIsKeptUnlessForced)
{
    const fs::path spec_dir = data() / "kernels" / "k";
    fs::create_directories(spec_dir);
    std::ofstream(spec_dir / "kernel.json") << "{\"mine\": true}";
    expect_usage_error(install({"--name", "k"}, jupyter_env()), "pass --force");
    EXPECT_EQ(read(spec_dir / "kernel.json"), "{\"mine\": true}");
    EXPECT_EQ(tree(data() / "kernels"), (std::vector<std::string>{"k", "k/kernel.json"}));

    ProcessResult forced = install({"--name", "k", "--force", "--display-name", "Mine \"2\""}, jupyter_env());
    ASSERT_TRUE(forced.exited_with(0)) << forced.describe();
    EXPECT_EQ(nlohmann::json::parse(read(spec_dir / "kernel.json"))["display_name"], "Mine \"2\"");
    EXPECT_EQ(tree(data() / "kernels"), (std::vector<std::string>{"k", "k/kernel.json"}));
}

TEST_F(KernelInstall, RemoveTakesTheFolderOutAndAMissingOneIsAnError)
{
    ASSERT_TRUE(install({"--name", "k"}, jupyter_env()).exited_with(0));
    ProcessResult removed = launch({"--remove-kernel", "k"}, jupyter_env());
    ASSERT_TRUE(removed.exited_with(0)) << removed.describe();
    EXPECT_EQ(tree(data() / "kernels"), std::vector<std::string>{});
    expect_usage_error(launch({"--remove-kernel", "k"}, jupyter_env()), "no kernelspec 'k' in ");
    expect_usage_error(launch({"--remove-kernel", "a b"}, jupyter_env()), "kernel name");
}

TEST_F(KernelInstall, InstallingStartsNothingTheConfigNames)
{
    // A found config whose interpreter and [app] command would leave a marker if started.
    const fs::path marker = work() / "started";
    const fs::path fake = work() / "fake/bin/python3";
    fs::create_directories(fake.parent_path());
    std::ofstream(fake.string()) << "#!/bin/sh\ntouch " << marker.string() << "\n";
    fs::permissions(fake, fs::owner_all);
    std::ofstream(work() / "run-with-cuda.toml")
        << "[python]\ninterpreter = " << toml_quote(fake.string()) << "\n[app]\ncommand = [\"/usr/bin/touch\", "
        << toml_quote(marker.string()) << "]\n";
    ProcessResult r = launch({"--install-kernel"}, jupyter_env());
    EXPECT_TRUE(r.exited_with(2)) << r.describe();
    EXPECT_NE(r.err.find("run-with-cuda: error: --install-kernel: the environment at " + (work() / "fake").string() +
                         " has no ipykernel"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(marker));
    EXPECT_FALSE(fs::exists(data()));
}

} // namespace
} // namespace rwc::e2e
