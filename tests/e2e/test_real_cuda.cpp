// With NVIDIA's real libraries: where /usr/local/cuda-13.0/lib holds them (listed in the
// ld.so cache, so a plain dlopen by soname finds them there), the venv gets hard links of
// the same files, and under the launcher Python must map the venv's copies, not the
// system's. A control run without the launcher shows the system copies, so this can fail.
#include "e2e_env.hpp"
#include "scratch_dir.hpp"
#include "venv_builder.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace rwc::e2e {
namespace {

const fs::path k_system_lib = "/usr/local/cuda-13.0/lib";

/// The real libraries to load, in dependency order (libcublas.so.13 needs libcublasLt.so.13).
const std::vector<std::string> k_sonames{"libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13", "libnvrtc.so.13",
                                         "libcudnn.so.9"};

class RealCudaLibraries : public ::testing::Test {
  protected:
    /// Builds a venv whose k_sonames are hard links of the system files, or records why not.
    static void SetUpTestSuite()
    {
        for (const std::string& soname : k_sonames) {
            if (!fs::is_regular_file(k_system_lib / soname)) {
                s_skip_reason = (k_system_lib / soname).string() + " is missing: no real CUDA 13 libraries here";
                return;
            }
        }
        std::string searched;
        std::optional<fs::path> python = find_base_interpreter(searched);
        if (!python) {
            s_skip_reason = "no CPython 3 interpreter found (looked at: " + searched + ")";
            return;
        }
        LayoutSources sources{cu13_manifest_dir(), standin_dir(), {}};
        for (const std::string& soname : k_sonames) {
            sources.real_libraries[soname] = k_system_lib / soname;
        }
        try {
            s_dir = std::make_unique<test::ScratchDir>("/tmp"); // hard links need the system files' device
            Venv venv = create_venv(*python, s_dir->root() / "venv");
            lay_out_nvidia_tree(venv, sources);
            s_venv = venv;
        } catch (const std::exception& e) {
            s_build_error = std::string("cannot build the venv with real libraries: ") + e.what();
        }
    }

    static void TearDownTestSuite()
    {
        s_venv.reset();
        s_dir.reset();
    }

    void SetUp() override
    {
        ASSERT_TRUE(s_build_error.empty()) << s_build_error;
        if (!s_venv) {
            GTEST_SKIP() << s_skip_reason;
        }
    }

    /// Runs argv (a python, or the launcher ending in python) on load_libs.py k_sonames.
    static nlohmann::json load(std::vector<std::string> argv)
    {
        argv.push_back(probe_script("load_libs.py").string());
        argv.insert(argv.end(), k_sonames.begin(), k_sonames.end());
        ProcessResult r = run_direct(argv, base_environment(s_dir->root()), s_dir->root());
        EXPECT_TRUE(r.exited_with(0)) << r.describe();
        return r.exited_with(0) ? nlohmann::json::parse(r.out) : nlohmann::json::object();
    }

    static std::unique_ptr<test::ScratchDir> s_dir;
    static std::optional<Venv> s_venv;
    static std::string s_skip_reason;
    static std::string s_build_error;
};

std::unique_ptr<test::ScratchDir> RealCudaLibraries::s_dir;
std::optional<Venv> RealCudaLibraries::s_venv;
std::string RealCudaLibraries::s_skip_reason;
std::string RealCudaLibraries::s_build_error;

TEST_F(RealCudaLibraries, TheVenvHoldsTheSystemFilesThemselves)
{
    for (const std::string& soname : k_sonames) {
        EXPECT_TRUE(same_file(s_venv->libraries.at(soname), k_system_lib / soname) ||
                    fs::file_size(s_venv->libraries.at(soname)) == fs::file_size(k_system_lib / soname))
            << soname << " is neither a hard link nor a copy of the system file";
    }
}

TEST_F(RealCudaLibraries, ControlWithoutTheLauncherTheSystemCopiesLoad)
{
    nlohmann::json report = load({s_venv->interpreter.string()});
    for (const std::string& soname : k_sonames) {
        SCOPED_TRACE(soname);
        const nlohmann::json& entry = report.at(soname);
        ASSERT_TRUE(entry.at("loaded").get<bool>()) << entry.dump();
        ASSERT_EQ(entry.at("mapped").size(), 1u) << entry.dump();
        EXPECT_EQ(entry.at("mapped")[0].get<std::string>(), (k_system_lib / soname).string());
    }
}

TEST_F(RealCudaLibraries, UnderTheLauncherTheVenvCopiesLoad)
{
    nlohmann::json report = load({launcher_path().string(), "--python", s_venv->root.string(), "--", "python"});
    for (const std::string& soname : k_sonames) {
        SCOPED_TRACE(soname);
        const nlohmann::json& entry = report.at(soname);
        ASSERT_TRUE(entry.at("loaded").get<bool>()) << entry.dump();
        EXPECT_TRUE(entry.at("identity").is_null()) << "a stand-in was loaded, not NVIDIA's library";
        ASSERT_EQ(entry.at("mapped").size(), 1u) << entry.dump();
        const std::string mapped = entry.at("mapped")[0].get<std::string>();
        EXPECT_TRUE(lies_within(mapped, s_venv->site_packages)) << mapped;
        EXPECT_EQ(fs::path(mapped).lexically_normal(), s_venv->libraries.at(soname).lexically_normal());
        EXPECT_FALSE(lies_within(mapped, k_system_lib)) << mapped;
    }
}

} // namespace
} // namespace rwc::e2e
