// env_plan: docs/design.md, "What changes in the environment": the six rules in order, the
// path-list rules, [env] expansion, the Windows spelling of Path, and idempotence.
#include "env_plan.hpp"
#include "failure.hpp"
#include "path_list.hpp"
#include "scratch_dir.hpp"
#include "version.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

/// Changes as "NAME=value" / "-NAME" strings, in plan order, for exact comparisons.
std::vector<std::string> changes(const EnvPlan& plan)
{
    std::vector<std::string> out;
    for (const auto& c : plan.changes) {
        out.push_back(c.value ? c.name + "=" + *c.value : "-" + c.name);
    }
    return out;
}

/// s in the host's preferred form, as the plan writes paths into variables ('\\' on a
/// Windows host; unchanged on POSIX).
std::string native(const std::string& s)
{
    return fs::path(s).make_preferred().string();
}

/// A venv with CUDA 13 wheels (cu13/lib, cu13/bin, cudnn/lib) laid out on disk.
class EnvPlanTest : public ::testing::Test {
  protected:
    /// The venv as python_env would describe it, for os.
    PythonEnv venv(TargetOs os = TargetOs::linux) const
    {
        PythonEnv py;
        py.kind = EnvKind::venv;
        py.root = m_tree.path("venv");
        py.interpreter =
            os == TargetOs::windows ? m_tree.path("venv/Scripts/python.exe") : m_tree.path("venv/bin/python");
        py.version = "3.12";
        py.site_packages = {m_sp};
        py.path_folders = {m_tree.dir(os == TargetOs::windows ? "venv/Scripts" : "venv/bin")};
        return py;
    }

    /// The scan result of the nvidia tree, built by hand with the Linux or Windows folders.
    CudaLayout layout(TargetOs os = TargetOs::linux) const
    {
        const bool win = os == TargetOs::windows;
        CudaLayout l;
        l.packages.push_back({"cu13",
                              m_nv / "cu13",
                              {m_tree.dir(win ? "sp/nvidia/cu13/bin/x86_64" : "sp/nvidia/cu13/lib")},
                              {m_tree.dir("sp/nvidia/cu13/bin")}});
        l.packages.push_back(
            {"cudnn", m_nv / "cudnn", {m_tree.dir(win ? "sp/nvidia/cudnn/bin" : "sp/nvidia/cudnn/lib")}, {}});
        l.toolkit_root = m_nv / "cu13";
        return l;
    }

    /// The plan for the current environment with the fixture's venv and layout.
    EnvPlan plan(const Environment& current, const Config& config) const
    {
        return make_env_plan(current, config, venv(current.os()), layout(current.os()), Log());
    }

    /// A config parsed from TOML text, as if read from proj/run-with-cuda.toml.
    Config config(const std::string& toml) const
    {
        return parse_config(toml, m_tree.path("proj/run-with-cuda.toml"), false);
    }

    /// A Linux environment with PATH, HOME and PYTHONHOME set.
    static Environment linux_env()
    {
        return Environment::from_strings({"PATH=/usr/bin:/bin", "HOME=/home/u", "PYTHONHOME=/opt/py"}, TargetOs::linux);
    }

    test::ScratchDir m_tree;
    fs::path m_sp = m_tree.dir("venv/lib/python3.12/site-packages");
    fs::path m_nv = m_tree.path("sp/nvidia");
    fs::path m_proj = m_tree.dir("proj");
};

TEST_F(EnvPlanTest, AllSixRulesInOrder)
{
    const EnvPlan p = plan(linux_env(), default_config(m_proj));
    const std::string nv = m_nv.string();
    const std::string venv_root = m_tree.path("venv").string();
    EXPECT_EQ(changes(p), (std::vector<std::string>{
                              "VIRTUAL_ENV=" + venv_root,
                              "-PYTHONHOME",
                              "LD_LIBRARY_PATH=" + native(nv + "/cu13/lib") + ":" + native(nv + "/cudnn/lib"),
                              // PATH starts with the venv's bin (docs/design.md, "Program lookup"), then the tools.
                              "PATH=" + native(venv_root + "/bin") + ":" + native(nv + "/cu13/bin") + ":/usr/bin:/bin",
                              "CUDA_PATH=" + native(nv + "/cu13"),
                              "CUDA_HOME=" + native(nv + "/cu13"),
                              "CUDA_MODULE_LOADING=LAZY",
                              std::string("RUN_WITH_CUDA=") + k_version,
                          }));
    EXPECT_EQ(p.environment.get("HOME"), std::optional<std::string>("/home/u"));
    EXPECT_EQ(p.environment.get("PYTHONHOME"), std::nullopt);
    EXPECT_EQ(p.environment.get("LD_LIBRARY_PATH"),
              std::optional<std::string>(native(nv + "/cu13/lib") + ":" + native(nv + "/cudnn/lib")));
}

TEST_F(EnvPlanTest, NoPythonAndNoCudaStillSetsRunWithCuda)
{
    const EnvPlan p = make_env_plan(linux_env(), default_config(m_proj), std::nullopt, CudaLayout{}, Log());
    EXPECT_EQ(changes(p), std::vector<std::string>{std::string("RUN_WITH_CUDA=") + k_version});
}

TEST_F(EnvPlanTest, SystemInterpreterIsNotActivated)
{
    PythonEnv py = venv();
    py.kind = EnvKind::system;
    py.path_folders.clear();
    const EnvPlan p = make_env_plan(linux_env(), default_config(m_proj), py, CudaLayout{}, Log());
    EXPECT_EQ(changes(p), std::vector<std::string>{std::string("RUN_WITH_CUDA=") + k_version});
}

TEST_F(EnvPlanTest, CondaIsActivatedWithoutVirtualEnv)
{
    PythonEnv py = venv();
    py.kind = EnvKind::conda;
    py.path_folders = {m_tree.dir("conda/bin")};
    const EnvPlan p = make_env_plan(linux_env(), default_config(m_proj), py, CudaLayout{}, Log());
    EXPECT_EQ(changes(p),
              (std::vector<std::string>{"-PYTHONHOME", "PATH=" + m_tree.path("conda/bin").string() + ":/usr/bin:/bin",
                                        std::string("RUN_WITH_CUDA=") + k_version}));
}

TEST_F(EnvPlanTest, ExistingLoaderPathKeepsItsElementsAfterTheNewOnes)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS();
    Environment env = linux_env();
    env.set("LD_LIBRARY_PATH", "/opt/lib:" + (m_nv / "cudnn/lib").string() + ":");
    const EnvPlan p = plan(env, default_config(m_proj));
    EXPECT_EQ(
        p.environment.get("LD_LIBRARY_PATH"),
        std::optional<std::string>((m_nv / "cu13/lib").string() + ":" + (m_nv / "cudnn/lib").string() + ":/opt/lib"));
}

TEST_F(EnvPlanTest, PathListChangesRecordTheElementsTheyAdd)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS();
    m_tree.dir("proj/py");
    Environment env = linux_env();
    env.set("LD_LIBRARY_PATH", "/opt/lib:" + (m_nv / "cudnn/lib").string());
    const auto added = [](const EnvPlan& p, const std::string& name) {
        for (const auto& c : p.changes) {
            if (c.name == name) {
                return c.added;
            }
        }
        return std::vector<std::string>{"(no change)"};
    };
    const EnvPlan p = plan(
        env, config("[env]\nset = { HF_HOME = \"/m\", PATH = \"/x:${PATH}\" }\nprepend = { PYTHONPATH = [\"py\"] }\n"));
    // cudnn/lib was on the loader path already: it moves to the front but is not added.
    EXPECT_EQ(added(p, "LD_LIBRARY_PATH"), std::vector<std::string>{(m_nv / "cu13/lib").string()});
    // A path list the [env] table sets counts too, against the value before the launcher.
    EXPECT_EQ(added(p, "PATH"),
              (std::vector<std::string>{"/x", m_tree.path("venv/bin").string(), (m_nv / "cu13/bin").string()}));
    EXPECT_EQ(added(p, "PYTHONPATH"), std::vector<std::string>{(m_proj / "py").string()});
    EXPECT_EQ(added(p, "HF_HOME"), std::vector<std::string>{});
    EXPECT_EQ(added(p, "CUDA_HOME"), std::vector<std::string>{});
}

TEST_F(EnvPlanTest, ExistingModuleLoadingIsKept)
{
    Environment env = linux_env();
    env.set("CUDA_MODULE_LOADING", "EAGER");
    const EnvPlan p = plan(env, default_config(m_proj));
    EXPECT_EQ(p.environment.get("CUDA_MODULE_LOADING"), std::optional<std::string>("EAGER"));
    for (const auto& c : p.changes) {
        EXPECT_NE(c.name, "CUDA_MODULE_LOADING");
    }
    env.set("CUDA_MODULE_LOADING", "");
    EXPECT_EQ(plan(env, default_config(m_proj)).environment.get("CUDA_MODULE_LOADING"), std::optional<std::string>(""));
}

TEST_F(EnvPlanTest, ModuleLoadingEagerAndKeep)
{
    EXPECT_EQ(plan(linux_env(), config("[cuda]\nmodule-loading = \"eager\"\n")).environment.get("CUDA_MODULE_LOADING"),
              std::optional<std::string>("EAGER"));
    EXPECT_EQ(plan(linux_env(), config("[cuda]\nmodule-loading = \"keep\"\n")).environment.get("CUDA_MODULE_LOADING"),
              std::nullopt);
}

TEST_F(EnvPlanTest, VenvToolkitWinsOverASystemOneUnlessKeep)
{
    Environment env = linux_env();
    env.set("CUDA_PATH", "/usr/local/cuda");
    const std::string toolkit = (m_nv / "cu13").string();
    const EnvPlan automatic = plan(env, default_config(m_proj));
    EXPECT_EQ(automatic.environment.get("CUDA_PATH"), std::optional<std::string>(toolkit));
    EXPECT_EQ(automatic.environment.get("CUDA_HOME"), std::optional<std::string>(toolkit));

    const EnvPlan keep = plan(env, config("[cuda]\ntoolkit = \"keep\"\n"));
    EXPECT_EQ(keep.environment.get("CUDA_PATH"), std::optional<std::string>("/usr/local/cuda"));
    EXPECT_EQ(keep.environment.get("CUDA_HOME"), std::nullopt);
    for (const auto& c : keep.changes) {
        EXPECT_TRUE(c.name != "CUDA_PATH" && c.name != "CUDA_HOME") << c.name;
    }
}

TEST_F(EnvPlanTest, ToolkitPath)
{
    const fs::path mine = m_tree.dir("proj/my-cuda");
    const EnvPlan p = plan(linux_env(), config("[cuda]\ntoolkit = \"my-cuda\"\n"));
    EXPECT_EQ(p.environment.get("CUDA_PATH"), std::optional<std::string>(mine.string()));
    EXPECT_EQ(p.environment.get("CUDA_HOME"), std::optional<std::string>(mine.string()));
}

TEST_F(EnvPlanTest, CudaDisabledKeepsActivationOnly)
{
    const EnvPlan p = plan(linux_env(), config("[cuda]\nenabled = false\n"));
    const std::string venv_root = m_tree.path("venv").string();
    EXPECT_EQ(changes(p), (std::vector<std::string>{"VIRTUAL_ENV=" + venv_root, "-PYTHONHOME",
                                                    "PATH=" + native(venv_root + "/bin") + ":/usr/bin:/bin",
                                                    std::string("RUN_WITH_CUDA=") + k_version}));
}

TEST_F(EnvPlanTest, EnvTableComesLastWithExpansion)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS();
    m_tree.dir("proj/tools/bin");
    m_tree.dir("proj/extra");
    Environment env = linux_env();
    env.set("PYTHONPATH", "/src");
    const EnvPlan p = plan(env, config(R"([env]
set = { HF_HOME = "${config_dir}/models", PRICE = "$$5 ${HOME}", ROOT = "${env_root}|${site_packages}", TK = "${CUDA_PATH}" }
prepend = { PATH = ["tools/bin", "missing/bin"] }
append = { LD_LIBRARY_PATH = ["${config_dir}/extra"] }
unset = ["PYTHONPATH", "NOT_SET"]
)"));
    const std::string proj = m_proj.string();
    EXPECT_EQ(p.environment.get("HF_HOME"), std::optional<std::string>(proj + "/models"));
    EXPECT_EQ(p.environment.get("PRICE"), std::optional<std::string>("$5 /home/u"));
    EXPECT_EQ(p.environment.get("PYTHONPATH"), std::nullopt);
    EXPECT_EQ(p.environment.get("ROOT"),
              std::optional<std::string>(m_tree.path("venv").string() + "|" + m_sp.string()));
    EXPECT_EQ(p.environment.get("TK"), std::optional<std::string>((m_nv / "cu13").string()));
    EXPECT_EQ(p.environment.get("PATH"),
              std::optional<std::string>(proj + "/tools/bin:" + m_tree.path("venv/bin").string() + ":" +
                                         (m_nv / "cu13/bin").string() + ":/usr/bin:/bin"));
    EXPECT_EQ(p.environment.get("LD_LIBRARY_PATH"),
              std::optional<std::string>((m_nv / "cu13/lib").string() + ":" + (m_nv / "cudnn/lib").string() + ":" +
                                         proj + "/extra"));
}

TEST_F(EnvPlanTest, DollarDollarIsALiteralDollar)
{
    const EnvPlan p = plan(linux_env(), config("[env]\nset = { A = \"$$5 and $${HOME} and $HOME and $\" }\n"));
    EXPECT_EQ(p.environment.get("A"), std::optional<std::string>("$5 and ${HOME} and $HOME and $"));
}

TEST_F(EnvPlanTest, UndefinedVariableIsAConfigErrorWithItsPosition)
{
    const Config c = config("[env]\nset = { A = \"x${NOPE}y\" }\n");
    const auto failure = test::catch_failure([&] { plan(linux_env(), c); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_EQ(std::string(failure->what()), m_tree.path("proj/run-with-cuda.toml").string() +
                                                ":2:13: ${NOPE} is not defined (neither an environment variable nor "
                                                "one of config_dir, env_root, site_packages)");
}

TEST_F(EnvPlanTest, UndefinedVariableInAFolderListHasTheElementsPosition)
{
    const Config c = config("[env]\nprepend = { PATH = [\"/ok\", \"${NOPE}/bin\"] }\n");
    const auto failure = test::catch_failure([&] { plan(linux_env(), c); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_EQ(std::string(failure->what()).rfind(m_tree.path("proj/run-with-cuda.toml").string() + ":2:28: ", 0), 0U)
        << failure->what();
}

TEST_F(EnvPlanTest, ExpandVariables)
{
    Environment vars(TargetOs::linux);
    vars.set("A", "1");
    vars.set("EMPTY", "");
    EXPECT_EQ(expand_variables("${A}${EMPTY}-${x}", vars, {{"x", "X"}}).value_or("?"), "1-X");
    EXPECT_EQ(expand_variables("${unclosed", vars, {}).value_or("?"), "${unclosed");
    EXPECT_EQ(expand_variables("$$$$ $", vars, {}).value_or("?"), "$$ $");
    const auto undefined = expand_variables("a${B}c", vars, {});
    ASSERT_FALSE(undefined);
    EXPECT_EQ(undefined.error().message.rfind("${B} is not defined", 0), 0u) << undefined.error().message;
    EXPECT_EQ(undefined.error().exit_status, k_exit_usage);
}

TEST_F(EnvPlanTest, WindowsKeepsThePathSpellingAndUsesSemicolons)
{
    const Environment env = Environment::from_strings(
        {"Path=C:\\Windows;C:\\Windows\\System32", "SystemRoot=C:\\Windows"}, TargetOs::windows);
    const EnvPlan p = plan(env, default_config(m_proj));
    const std::string nv = m_nv.string();
    const std::string venv_root = m_tree.path("venv").string();
    // Scripts first (as activate.bat does), then the DLL folders, then the tool folders.
    const std::string path = native(venv_root + "/Scripts") + ";" + native(nv + "/cu13/bin/x86_64") + ";" +
                             native(nv + "/cudnn/bin") + ";" + native(nv + "/cu13/bin") +
                             ";C:\\Windows;C:\\Windows\\System32";
    EXPECT_EQ(changes(p),
              (std::vector<std::string>{"VIRTUAL_ENV=" + venv_root, "Path=" + path,
                                        "RUN_WITH_CUDA_DLL_DIRS=" + native(nv + "/cu13/bin/x86_64") + ";" +
                                            native(nv + "/cudnn/bin"),
                                        "CUDA_PATH=" + native(nv + "/cu13"), "CUDA_HOME=" + native(nv + "/cu13"),
                                        "CUDA_MODULE_LOADING=LAZY", std::string("RUN_WITH_CUDA=") + k_version}));
    ASSERT_EQ(p.environment.entries()[0].first, "Path");
    EXPECT_EQ(p.environment.get("LD_LIBRARY_PATH"), std::nullopt);
}

TEST_F(EnvPlanTest, WindowsDllDirsAreThePathDllFoldersInOrderWithSemicolons)
{
    // A third library folder that does not exist is on neither list.
    CudaLayout l = layout(TargetOs::windows);
    l.packages.push_back({"nccl", m_nv / "nccl", {m_nv / "nccl" / "bin"}, {}});
    const Environment env = Environment::from_strings({"Path=C:\\Windows"}, TargetOs::windows);
    const EnvPlan p = make_env_plan(env, default_config(m_proj), venv(TargetOs::windows), l, Log());
    const std::string nv = m_nv.string();
    const std::string dlls = native(nv + "/cu13/bin/x86_64") + ";" + native(nv + "/cudnn/bin");
    ASSERT_EQ(p.environment.get("RUN_WITH_CUDA_DLL_DIRS"), std::optional<std::string>(dlls));
    // The same folders, in the same order, right after Scripts on PATH.
    const std::string path = *p.environment.get("PATH");
    EXPECT_EQ(path.find(";" + dlls + ";"), path.find(';'));
    for (const auto& dir : split_path_list(dlls, TargetOs::windows)) {
        EXPECT_TRUE(fs::path(dir).is_absolute()) << dir;
    }
}

TEST_F(EnvPlanTest, DllDirsOnlyForWindowsAndOnlyWithCuda)
{
    EXPECT_EQ(plan(linux_env(), default_config(m_proj)).environment.get("RUN_WITH_CUDA_DLL_DIRS"), std::nullopt);
    const Environment env = Environment::from_strings({"Path=C:\\Windows"}, TargetOs::windows);
    const EnvPlan off = plan(env, config("[cuda]\nenabled = false\n"));
    EXPECT_EQ(off.environment.get("RUN_WITH_CUDA_DLL_DIRS"), std::nullopt);
    const EnvPlan none = make_env_plan(env, default_config(m_proj), venv(TargetOs::windows), CudaLayout{}, Log());
    EXPECT_EQ(none.environment.get("RUN_WITH_CUDA_DLL_DIRS"), std::nullopt);
}

/// Rule 3b: the toolkit root holds XLA's libdevice, so XLA_FLAGS gains
/// --xla_gpu_cuda_data_dir=<root> after the caller's flags, never replacing one it set.
TEST_F(EnvPlanTest, XlaDataDirAppendedWhereTheRootHoldsLibdevice)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // a Linux rule (XLA's CUDA builds are Linux only) on host paths
    m_tree.file("sp/nvidia/cu13/nvvm/libdevice/libdevice.10.bc", "BC");
    const std::string root = native(m_nv.string() + "/cu13");
    const auto xla_flags = [&](std::optional<std::string> caller, const Config& c) {
        Environment env = linux_env();
        if (caller) {
            env.set("XLA_FLAGS", *caller);
        }
        return plan(env, c).environment.get("XLA_FLAGS");
    };
    const Config defaults = default_config(m_proj);
    EXPECT_EQ(xla_flags(std::nullopt, defaults), "--xla_gpu_cuda_data_dir=" + root);
    EXPECT_EQ(xla_flags("", defaults), "--xla_gpu_cuda_data_dir=" + root);
    EXPECT_EQ(xla_flags("--xla_dump_to=/tmp/d  ", defaults), "--xla_dump_to=/tmp/d --xla_gpu_cuda_data_dir=" + root);
    // A flag of another name that only starts with it is not the caller's data dir.
    EXPECT_EQ(xla_flags("--xla_gpu_cuda_data_dir_x=1", defaults),
              "--xla_gpu_cuda_data_dir_x=1 --xla_gpu_cuda_data_dir=" + root);
    // The caller's own flag, with one or two dashes, with or without a value, is kept as it is.
    for (const std::string mine : {"--xla_gpu_cuda_data_dir=/opt/cuda", "--xla_dump_to=/d -xla_gpu_cuda_data_dir=/c",
                                   "\t--xla_gpu_cuda_data_dir"}) {
        EXPECT_EQ(xla_flags(mine, defaults), mine);
    }
    // The opt-out key, and toolkit = "keep" (no root set), leave XLA_FLAGS alone.
    EXPECT_EQ(xla_flags(std::nullopt, config("[cuda]\nxla-data-dir = false\n")), std::nullopt);
    EXPECT_EQ(xla_flags("--a", config("[cuda]\nxla-data-dir = false\n")), "--a");
    EXPECT_EQ(xla_flags(std::nullopt, config("[cuda]\ntoolkit = \"keep\"\n")), std::nullopt);
    // Under itself, nothing changes a second time.
    const EnvPlan once = plan(linux_env(), defaults);
    EXPECT_EQ(changes(plan(once.environment, defaults)), std::vector<std::string>{});
}

TEST_F(EnvPlanTest, XlaDataDirIsQuotedAsXlaParsesIt)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // a Linux rule (XLA's CUDA builds are Linux only) on host paths
    CudaLayout l = layout();
    l.toolkit_root = m_tree.dir("a b\"c\\d");
    m_tree.file("a b\"c\\d/nvvm/libdevice/libdevice.10.bc", "BC");
    const EnvPlan p = make_env_plan(linux_env(), default_config(m_proj), venv(), l, Log());
    EXPECT_EQ(p.environment.get("XLA_FLAGS"),
              "--xla_gpu_cuda_data_dir=\"" + m_tree.root().string() + "/a b\\\"c\\\\d\"");
}

/// Rule 3b with NVIDIA's CUDA 12 wheels: the root (nvidia/cuda_runtime) has no libdevice,
/// nvidia/cuda_nvcc has it and ptxas, so with toolkit = "auto" the flag names cuda_nvcc; a
/// root that holds libdevice itself still wins, and a toolkit path given in the config is
/// never traded for a folder of the venv.
TEST_F(EnvPlanTest, XlaDataDirFallsBackToCuda12NvccWhereTheRootHasNoLibdevice)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // a Linux rule (XLA's CUDA builds are Linux only) on host paths
    CudaLayout l;
    l.packages.push_back({"cuda_nvcc", m_nv / "cuda_nvcc", {}, {m_tree.dir("sp/nvidia/cuda_nvcc/bin")}});
    l.packages.push_back({"cuda_runtime", m_nv / "cuda_runtime", {m_tree.dir("sp/nvidia/cuda_runtime/lib")}, {}});
    l.toolkit_root = m_nv / "cuda_runtime";
    const auto xla_flags = [&](const Config& c) {
        return make_env_plan(linux_env(), c, venv(), l, Log()).environment.get("XLA_FLAGS");
    };
    // No libdevice anywhere yet: nothing.
    EXPECT_EQ(xla_flags(default_config(m_proj)), std::nullopt);
    m_tree.file("sp/nvidia/cuda_nvcc/nvvm/libdevice/libdevice.10.bc", "BC");
    EXPECT_EQ(xla_flags(default_config(m_proj)), "--xla_gpu_cuda_data_dir=" + native(m_nv.string() + "/cuda_nvcc"));
    EXPECT_EQ(xla_flags(config("[cuda]\nxla-data-dir = false\n")), std::nullopt);
    m_tree.dir("tk");
    EXPECT_EQ(xla_flags(config("[cuda]\ntoolkit = \"" + m_tree.path("tk").generic_string() + "\"\n")), std::nullopt);
    m_tree.file("sp/nvidia/cuda_runtime/nvvm/libdevice/libdevice.10.bc", "BC");
    EXPECT_EQ(xla_flags(default_config(m_proj)), "--xla_gpu_cuda_data_dir=" + native(m_nv.string() + "/cuda_runtime"));
}

TEST_F(EnvPlanTest, XlaDataDirNeedsLibdeviceAsARegularFile)
{
    m_tree.dir("sp/nvidia/cu13/nvvm/libdevice/libdevice.10.bc");
    EXPECT_EQ(plan(linux_env(), default_config(m_proj)).environment.get("XLA_FLAGS"), std::nullopt);
}

TEST_F(EnvPlanTest, IdempotentUnderItself)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS();
    m_tree.dir("proj/tools/bin");
    const Config c = config("[env]\nset = { HF_HOME = \"${config_dir}/m\" }\nprepend = { PATH = [\"tools/bin\"] }\n"
                            "append = { LD_LIBRARY_PATH = [\"/usr/lib\"] }\nunset = [\"PYTHONPATH\"]\n");
    Environment env = linux_env();
    env.set("PYTHONPATH", "/x");
    const EnvPlan once = plan(env, c);
    ASSERT_FALSE(once.changes.empty());
    const EnvPlan twice = plan(once.environment, c);
    EXPECT_EQ(changes(twice), std::vector<std::string>{});
    EXPECT_EQ(twice.environment.to_strings(), once.environment.to_strings());
}

TEST_F(EnvPlanTest, WindowsIdempotentUnderItself)
{
    const Environment env = Environment::from_strings({"Path=C:\\Windows"}, TargetOs::windows);
    const EnvPlan once = plan(env, default_config(m_proj));
    ASSERT_TRUE(once.environment.get("RUN_WITH_CUDA_DLL_DIRS"));
    const EnvPlan twice = plan(once.environment, default_config(m_proj));
    EXPECT_EQ(changes(twice), std::vector<std::string>{});
    EXPECT_EQ(twice.environment.to_strings(), once.environment.to_strings());
}

} // namespace
} // namespace rwc
