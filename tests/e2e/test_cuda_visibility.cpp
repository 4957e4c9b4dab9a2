// Under the launcher, Python finds the venv's NVIDIA libraries and tools: ctypes loads every
// stand-in by soname from site-packages/nvidia/*/lib, ptxas resolves to nvidia/cu13/bin,
// and CUDA_PATH/CUDA_HOME/CUDA_MODULE_LOADING are set (docs/design.md, "What changes").
#include "cuda_venv_test.hpp"

#include <nlohmann/json.hpp>

namespace rwc::e2e {
namespace {

using CudaVisibility = CudaVenvTest;

/// Runs probes/load_libs.py on every soname of the venv with python (launched or not).
nlohmann::json load_report(const ProcessResult& r)
{
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    return r.exited_with(0) ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

/// The probe's arguments: load_libs.py and every soname laid out in the venv.
std::vector<std::string> load_all_args(const Venv& venv)
{
    std::vector<std::string> args{probe_script("load_libs.py").string()};
    for (const auto& library : venv.libraries) {
        args.push_back(library.first);
    }
    return args;
}

TEST_F(CudaVisibility, TheFixtureHoldsTheWheelsLibraries)
{
    for (const char* soname : {"libcudart.so.13", "libcublas.so.13", "libcudnn_ops.so.9", "libnccl.so.2",
                               "libnvrtc-builtins.alt.so.13.0", "libcheckpoint.so"}) {
        ASSERT_EQ(venv().libraries.count(soname), 1u) << soname;
    }
    EXPECT_TRUE(fs::exists(venv().toolkit_root / "include" / "cuda.h"));
    EXPECT_TRUE(fs::exists(venv().ptxas));
}

TEST_F(CudaVisibility, CtypesLoadsEveryStandinFromTheVenv)
{
    std::vector<std::string> command{"python"};
    for (const std::string& arg : load_all_args(venv())) {
        command.push_back(arg);
    }
    nlohmann::json report = load_report(launch_in_venv(command, env()));
    ASSERT_EQ(report.size(), venv().libraries.size());
    for (const auto& [soname, file] : venv().libraries) {
        SCOPED_TRACE(soname);
        const nlohmann::json& entry = report.at(soname);
        ASSERT_TRUE(entry.at("loaded").get<bool>()) << entry.dump();
        ASSERT_FALSE(entry.at("identity").is_null()) << "not a stand-in: " << entry.dump();
        EXPECT_EQ(entry.at("identity").get<std::string>(), soname);
        EXPECT_TRUE(same_file(entry.at("path").get<std::string>(), file)) << entry.dump();
        ASSERT_EQ(entry.at("mapped").size(), 1u) << entry.dump();
        EXPECT_TRUE(same_file(entry.at("mapped")[0].get<std::string>(), file)) << entry.dump();
    }
}

TEST_F(CudaVisibility, ControlWithoutTheLauncherNoStandinLoads)
{
    std::vector<std::string> argv{venv().interpreter.string()};
    for (const std::string& arg : load_all_args(venv())) {
        argv.push_back(arg);
    }
    nlohmann::json report = load_report(run_direct(argv, env(), work()));
    for (const auto& [soname, file] : venv().libraries) {
        const nlohmann::json& entry = report.at(soname);
        EXPECT_TRUE(entry.at("identity").is_null()) << soname << ": " << entry.dump();
        for (const auto& mapped : entry.at("mapped")) {
            EXPECT_FALSE(lies_within(mapped.get<std::string>(), venv().root)) << soname;
        }
    }
}

TEST_F(CudaVisibility, PtxasOnPathIsTheVenvsCopy)
{
    EnvMap environment = env();
    fs::path decoy = work() / "decoy-bin" / "ptxas";
    test::write_file(decoy, "#!/bin/sh\necho decoy-ptxas\n");
    fs::permissions(decoy, fs::perms::owner_all);
    environment["PATH"] = decoy.parent_path().string() + ":/usr/bin:/bin";

    ProcessResult which = launch_in_venv({"python", "-c", "import shutil; print(shutil.which('ptxas'))"}, environment);
    ASSERT_TRUE(which.exited_with(0)) << which.describe();
    EXPECT_TRUE(same_file(which.out.substr(0, which.out.find('\n')), venv().ptxas)) << which.out;

    ProcessResult ptxas = launch_in_venv({"ptxas"}, environment);
    ASSERT_TRUE(ptxas.exited_with(0)) << ptxas.describe();
    ASSERT_EQ(ptxas.out.rfind("rwc-standin-ptxas ", 0), 0u) << ptxas.out;
    EXPECT_TRUE(same_file(ptxas.out.substr(18, ptxas.out.size() - 19), venv().ptxas)) << ptxas.out;
}

TEST_F(CudaVisibility, CudaPathEqualsCudaHomeInsideTheVenv)
{
    EnvMap seen = environment_seen(env());
    ASSERT_EQ(seen.count("CUDA_PATH"), 1u);
    ASSERT_EQ(seen.count("CUDA_HOME"), 1u);
    EXPECT_EQ(seen["CUDA_PATH"], seen["CUDA_HOME"]);
    EXPECT_TRUE(lies_within(seen["CUDA_PATH"], venv().root)) << seen["CUDA_PATH"];
    EXPECT_TRUE(same_file(seen["CUDA_PATH"], venv().toolkit_root)) << seen["CUDA_PATH"];
    EXPECT_TRUE(fs::exists(fs::path(seen["CUDA_PATH"]) / "include" / "cuda.h"));
}

TEST_F(CudaVisibility, TheVenvToolkitWinsOverASystemOne)
{
    EnvMap environment = env();
    environment["CUDA_PATH"] = "/usr/local/cuda-13.0";
    environment["CUDA_HOME"] = "/usr/local/cuda-13.0";
    EnvMap seen = environment_seen(environment);
    EXPECT_TRUE(same_file(seen["CUDA_PATH"], venv().toolkit_root)) << seen["CUDA_PATH"];
    EXPECT_EQ(seen["CUDA_HOME"], seen["CUDA_PATH"]);
}

TEST_F(CudaVisibility, ToolkitKeepLeavesTheUsersCudaPath)
{
    test::write_file(work() / "run-with-cuda.toml", "[cuda]\ntoolkit = \"keep\"\n");
    EnvMap environment = env();
    environment["CUDA_PATH"] = "/opt/my-cuda";
    environment["CUDA_HOME"] = "/opt/my-cuda";
    EnvMap seen = environment_seen(environment);
    EXPECT_EQ(seen["CUDA_PATH"], "/opt/my-cuda");
    EXPECT_EQ(seen["CUDA_HOME"], "/opt/my-cuda");
}

TEST_F(CudaVisibility, ModuleLoadingIsLazyWhenUnset)
{
    EnvMap seen = environment_seen(env());
    EXPECT_EQ(seen["CUDA_MODULE_LOADING"], "LAZY");
}

TEST_F(CudaVisibility, AnExistingModuleLoadingIsKept)
{
    EnvMap environment = env();
    environment["CUDA_MODULE_LOADING"] = "EAGER";
    EnvMap seen = environment_seen(environment);
    EXPECT_EQ(seen["CUDA_MODULE_LOADING"], "EAGER");
}

TEST_F(CudaVisibility, PythonMeansTheVenvsInterpreter)
{
    for (const std::string& name : {std::string("python"), std::string("python3"), "python" + venv().version}) {
        SCOPED_TRACE(name);
        ProcessResult r = launch_in_venv({name, "-c", "import sys; print(sys.prefix)"}, env());
        ASSERT_TRUE(r.exited_with(0)) << r.describe();
        EXPECT_TRUE(same_file(r.out.substr(0, r.out.find('\n')), venv().root)) << r.out;
    }
}

TEST_F(CudaVisibility, VirtualEnvSelectsTheVenvWithoutPythonOption)
{
    EnvMap environment = env();
    environment["VIRTUAL_ENV"] = venv().root.string();
    ProcessResult r =
        launch({"python", "-c", "import os, sys; print(sys.prefix); print(os.environ['CUDA_PATH'])"}, environment);
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    std::string prefix = r.out.substr(0, r.out.find('\n'));
    std::string cuda_path = r.out.substr(prefix.size() + 1, r.out.size() - prefix.size() - 2);
    EXPECT_TRUE(same_file(prefix, venv().root)) << r.out;
    EXPECT_TRUE(same_file(cuda_path, venv().toolkit_root)) << r.out;
}

} // namespace
} // namespace rwc::e2e
