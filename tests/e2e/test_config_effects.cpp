// What a valid config changes, seen from the program (config/README.md): [cuda] enabled,
// include, exclude, module-loading, xla-data-dir; [env] set/prepend/unset with ${config_dir}; where the
// config is found (RUN_WITH_CUDA_CONFIG, pyproject.toml, beside a renamed copy), --no-config.
#include "cuda_venv_test.hpp"

#include <set>

namespace rwc::e2e {
namespace {

class ConfigEffects : public CudaVenvTest {
  protected:
    /// The environment the program sees with toml written to work()/run-with-cuda.toml
    /// (found from the working directory) and the venv given by --python.
    EnvMap seen_with(const std::string& toml, const EnvMap& environment) const
    {
        test::write_file(work() / "run-with-cuda.toml", toml);
        return environment_seen(environment);
    }

    /// The library folders (under site-packages/nvidia) on a LD_LIBRARY_PATH value, as
    /// "<package>/lib" strings.
    std::set<std::string> nvidia_library_folders(const std::string& list) const
    {
        std::set<std::string> folders;
        for (const std::string& element : split_keeping_empty(list)) {
            fs::path p(element);
            if (lies_within(p, venv().site_packages / "nvidia")) {
                folders.insert(p.lexically_relative(venv().site_packages / "nvidia").generic_string());
            }
        }
        return folders;
    }
};

TEST_F(ConfigEffects, CudaDisabledAddsNothingCudaRelated)
{
    EnvMap seen = seen_with("[cuda]\nenabled = false\n", env());
    EXPECT_EQ(seen.count("LD_LIBRARY_PATH"), 0u) << seen["LD_LIBRARY_PATH"];
    EXPECT_EQ(seen.count("CUDA_PATH"), 0u);
    EXPECT_EQ(seen.count("CUDA_HOME"), 0u);
    EXPECT_EQ(seen.count("CUDA_MODULE_LOADING"), 0u);
    EXPECT_TRUE(same_file(seen["VIRTUAL_ENV"], venv().root)) << "the venv is still activated";
}

TEST_F(ConfigEffects, IncludeKeepsOnlyTheNamedPackages)
{
    EnvMap seen = seen_with("[cuda]\ninclude = [\"cudnn\"]\n", env());
    EXPECT_EQ(nvidia_library_folders(seen["LD_LIBRARY_PATH"]), std::set<std::string>{"cudnn/lib"});
}

TEST_F(ConfigEffects, ExcludeDropsTheNamedPackages)
{
    EnvMap seen = seen_with("[cuda]\nexclude = [\"nccl\"]\n", env());
    EXPECT_EQ(nvidia_library_folders(seen["LD_LIBRARY_PATH"]), (std::set<std::string>{"cu13/lib", "cudnn/lib"}));
}

TEST_F(ConfigEffects, ModuleLoadingEagerAndKeep)
{
    EXPECT_EQ(seen_with("[cuda]\nmodule-loading = \"eager\"\n", env())["CUDA_MODULE_LOADING"], "EAGER");
    EXPECT_EQ(seen_with("[cuda]\nmodule-loading = \"keep\"\n", env()).count("CUDA_MODULE_LOADING"), 0u);
}

/// docs/design.md, rule 3b: with the toolkit root's nvvm/libdevice/libdevice.10.bc, the
/// program sees the caller's XLA_FLAGS and then --xla_gpu_cuda_data_dir=<root>; a flag the
/// caller set is kept; xla-data-dir = false adds nothing.
TEST_F(ConfigEffects, XlaFlagsNameTheToolkitRootWhereItHoldsLibdevice)
{
    const fs::path libdevice = venv().toolkit_root / "nvvm" / "libdevice" / "libdevice.10.bc";
    fs::create_directories(libdevice.parent_path());
    test::write_file(libdevice, "BC");
    EnvMap environment = env();
    environment["XLA_FLAGS"] = "--xla_dump_to=/tmp/d";
    const std::string flags = seen_with("", environment)["XLA_FLAGS"];
    // The venv's path holds a space and '"': the value is quoted as XLA parses it
    // (--flag="...", '\\' before '"' and '\\').
    const std::string prefix = "--xla_dump_to=/tmp/d --xla_gpu_cuda_data_dir=\"";
    ASSERT_EQ(flags.substr(0, prefix.size()), prefix) << flags;
    ASSERT_EQ(flags.back(), '"') << flags;
    std::string root;
    for (std::size_t i = prefix.size(); i + 1 < flags.size(); ++i) {
        root.push_back(flags[i] == '\\' ? flags[++i] : flags[i]);
    }
    EXPECT_TRUE(same_file(root, venv().toolkit_root)) << flags;
    environment["XLA_FLAGS"] = "--xla_gpu_cuda_data_dir=/opt/mine";
    EXPECT_EQ(seen_with("", environment)["XLA_FLAGS"], "--xla_gpu_cuda_data_dir=/opt/mine");
    EXPECT_EQ(seen_with("[cuda]\nxla-data-dir = false\n", env()).count("XLA_FLAGS"), 0u);
    fs::remove_all(venv().toolkit_root / "nvvm");
    EXPECT_EQ(seen_with("", env()).count("XLA_FLAGS"), 0u) << "no libdevice: XLA_FLAGS is left alone";
}

TEST_F(ConfigEffects, EnvTableSetsPrependsAndUnsetsLast)
{
    fs::create_directories(work() / "tools" / "bin");
    EnvMap environment = env();
    environment["RWC_E2E_DROP_ME"] = "x";
    EnvMap seen = seen_with("[env]\nset = { HF_HOME = \"${config_dir}/models\", TOOLKIT_SEEN = \"${CUDA_PATH}\" }\n"
                            "prepend = { PATH = [\"tools/bin\"] }\nunset = [\"RWC_E2E_DROP_ME\"]\n",
                            environment);
    EXPECT_EQ(seen["HF_HOME"], (work() / "models").string());
    EXPECT_TRUE(same_file(seen["TOOLKIT_SEEN"], venv().toolkit_root)) << "[env] sees the new CUDA_PATH";
    EXPECT_EQ(split_keeping_empty(seen["PATH"]).front(), (work() / "tools" / "bin").string()) << seen["PATH"];
    EXPECT_EQ(seen.count("RWC_E2E_DROP_ME"), 0u);
}

TEST_F(ConfigEffects, RunWithCudaConfigVariableNamesTheFile)
{
    test::write_file(work() / "conf" / "special.toml", "[cuda]\nmodule-loading = \"eager\"\n");
    EnvMap environment = env();
    environment["RUN_WITH_CUDA_CONFIG"] = (work() / "conf" / "special.toml").string();
    EXPECT_EQ(environment_seen(environment)["CUDA_MODULE_LOADING"], "EAGER");
}

TEST_F(ConfigEffects, PyprojectToolTableIsFoundFromASubfolder)
{
    test::write_file(work() / "pyproject.toml",
                     "[project]\nname = \"demo\"\n\n[tool.run-with-cuda.cuda]\nmodule-loading = \"eager\"\n");
    const fs::path below = work() / "src" / "demo";
    fs::create_directories(below);
    ProcessResult r = run_launcher({"--python", venv().root.string(), "--", "/usr/bin/env", "-0"}, env(), below);
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(parse_env0(r.out)["CUDA_MODULE_LOADING"], "EAGER");
}

TEST_F(ConfigEffects, NoConfigIgnoresABrokenConfigInTheWorkingDirectory)
{
    test::write_file(work() / "run-with-cuda.toml", "[bogus]\n");
    ProcessResult r = launch({"--no-config", "--python", venv().root.string(), "--", "/usr/bin/true"}, env());
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
}

TEST_F(ConfigEffects, ARenamedCopyReadsItsOwnTomlAndRunsItsApp)
{
    const fs::path app = work() / "MyApp" / "MyApp";
    fs::create_directories(app.parent_path());
    copy_file_fast(launcher_path(), app);
    test::write_file(app.parent_path() / "MyApp.toml",
                     "[python]\ninterpreter = " + toml_quote(venv().interpreter.string()) +
                         "\n[app]\ncommand = [\"python\", \"-c\", "
                         "\"import os, sys; print(sys.prefix); print(os.environ['CUDA_MODULE_LOADING'])\"]\n"
                         "[cuda]\nmodule-loading = \"eager\"\n");
    ProcessResult r = run_direct({app.string()}, env(), work());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    const std::string prefix = r.out.substr(0, r.out.find('\n'));
    EXPECT_TRUE(same_file(prefix, venv().root)) << r.out;
    EXPECT_EQ(r.out.substr(prefix.size() + 1), "EAGER\n");
}

} // namespace
} // namespace rwc::e2e
