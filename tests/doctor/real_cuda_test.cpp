// With /usr/local/cuda-13.0 (the project's Debian machines): a venv with the real CUDA 13
// layout (every file of the 19 wheels' RECORDs; ptxas and nvcc are the real binaries) and
// the real host probes. Every wheel is listed with its version and CUDA major 13, the ld.so
// cache entries for /usr/local/cuda-13.0/lib are what would load without the launcher, and
// no finding is an error. Skipped where there is no CUDA.
#include "doctor_fixture.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/filesystem/operations.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/io.hpp>
#include <boost/process/start_dir.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>
#include <set>

namespace rwc::doctor_test {
namespace {

namespace bp = boost::process;
using nlohmann::json;

const fs::path k_cuda = "/usr/local/cuda-13.0";

/// Runs program args with PATH=/usr/bin:/bin; returns (exit status, stdout).
std::pair<int, std::string> run(const fs::path& program, const std::vector<std::string>& args, const fs::path& cwd)
{
    bp::environment env;
    env["PATH"] = "/usr/bin:/bin";
    env["HOME"] = cwd.string();
    boost::asio::io_context io;
    std::future<std::string> out;
    bp::child child(bp::exe = program, bp::args = args, bp::env = env, bp::std_in<bp::null, bp::std_out> out,
                    bp::std_err > bp::null, bp::start_dir = cwd.string(), io);
    io.run_for(std::chrono::seconds(60));
    child.wait();
    return {child.exit_code(), out.get()};
}

class RealCuda13 : public ::testing::Test {
  protected:
    void SetUp() override
    {
        if (!fs::is_directory(k_cuda / "lib") || !fs::exists(k_cuda / "bin/ptxas")) {
            GTEST_SKIP() << k_cuda.string() << " is missing: no real CUDA 13 here";
        }
        m_venv.add_cu13_wheels();
        for (const char* tool : {"ptxas", "nvcc"}) {
            const fs::path in_venv = m_venv.site_packages() / "nvidia/cu13/bin" / tool;
            fs::remove(in_venv);
            fs::create_symlink(k_cuda / "bin" / tool, in_venv);
        }
    }

    FixtureVenv m_venv;
};

TEST_F(RealCuda13, EveryWheelItsVersionAndCudaMajor)
{
    const auto [status, out] =
        run(RWC_DOCTOR_LAUNCHER, {"--doctor", "--json", "--python", m_venv.root().string()}, m_venv.root());
    const json report = json::parse(out);
    // No false error: the only error allowed is a true one of this machine, a driver older than CUDA 13.
    int old_driver = 0;
    for (const auto& finding : report["findings"]) {
        old_driver += finding["code"] == "driver-too-old" ? 1 : 0;
    }
    EXPECT_EQ(report["summary"]["errors"], old_driver) << report["findings"].dump(2);
    EXPECT_EQ(status, old_driver > 0 ? 1 : 0);
    ASSERT_EQ(report["nvidia_wheels"].size(), 19U);
    for (fs::directory_iterator it(cu13_manifests()), end; it != end; ++it) {
        const std::string folder = it->path().filename().string(); // nvidia_cublas-13.1.0.3.dist-info
        const std::string version = folder.substr(folder.find('-') + 1, folder.size() - folder.find('-') - 11);
        bool found = false;
        for (const auto& wheel : report["nvidia_wheels"]) {
            if (fs::path(wheel["dist_info"].get<std::string>()).filename() == folder) {
                found = true;
                EXPECT_EQ(wheel["version"], version) << folder;
                EXPECT_EQ(wheel["cuda_major"], 13) << folder;
            }
        }
        EXPECT_TRUE(found) << folder;
    }
    const json& ptxas = report["cuda"]["tools"][0];
    EXPECT_NE(ptxas["version_line"].get<std::string>().find("release 13.0"), std::string::npos) << ptxas.dump();
    EXPECT_EQ(report["cuda"]["toolkit_root"], (m_venv.site_packages() / "nvidia/cu13").string());
}

TEST_F(RealCuda13, TheLdCacheEntriesAreWhatLoadsWithoutTheLauncher)
{
    // The expectation, independently of the launcher's parser: `ldconfig -p` lines naming a
    // file in /usr/local/cuda-13.0/lib whose name is a library file of the venv.
    const auto [ld_status, cache] = run("/sbin/ldconfig", {"-p"}, m_venv.root());
    ASSERT_EQ(ld_status, 0);
    std::set<std::string> expected;
    for (std::size_t at = cache.find("=> " + k_cuda.string() + "/lib/"); at != std::string::npos;
         at = cache.find("=> " + k_cuda.string() + "/lib/", at + 1)) {
        const auto name_start = at + 3 + k_cuda.string().size() + 5;
        const std::string name = cache.substr(name_start, cache.find('\n', name_start) - name_start);
        const std::string line = cache.substr(cache.rfind('\n', at) + 1, at - cache.rfind('\n', at) - 1);
        const std::string soname =
            line.substr(line.find_first_not_of(" \t"), line.find(" (") - line.find_first_not_of(" \t"));
        for (const char* folder : {"cu13/lib", "cudnn/lib", "nccl/lib"}) {
            if (soname == name && fs::exists(m_venv.site_packages() / "nvidia" / folder / name)) {
                expected.insert(name);
            }
        }
    }
    // How many depends on the machine: some list a dozen CUDA 13 libraries, some two or three.
    ASSERT_FALSE(expected.empty()) << "the ld.so cache lists no library of " << k_cuda.string();

    const auto [status, out] =
        run(RWC_DOCTOR_LAUNCHER, {"--doctor", "--json", "--python", m_venv.root().string()}, m_venv.root());
    ASSERT_LE(status, 1) << out;
    const json report = json::parse(out);
    std::set<std::string> reported;
    for (const auto& site : report["without_launcher"]) {
        if (site["path"].get<std::string>().rfind(k_cuda.string() + "/lib/", 0) == 0 &&
            !site["environment_path"].is_null()) {
            EXPECT_EQ(site["source"], "ld.so cache");
            EXPECT_EQ(fs::path(site["path"].get<std::string>()).filename(), site["library"].get<std::string>());
            reported.insert(site["library"].get<std::string>());
        }
    }
    EXPECT_EQ(reported, expected);
    bool warned = false;
    for (const auto& finding : report["findings"]) {
        warned = warned || (finding["code"] == "system-cuda-shadows" &&
                            finding["message"].get<std::string>().find(k_cuda.string() + "/lib (ld.so cache)") !=
                                std::string::npos);
    }
    EXPECT_TRUE(warned) << report["findings"].dump(2);
}

TEST_F(RealCuda13, TheHumanReportListsEveryWheel)
{
    const auto [status, out] =
        run(RWC_DOCTOR_LAUNCHER, {"--doctor", "--python", m_venv.root().string()}, m_venv.root());
    EXPECT_LE(status, 1) << out;
    EXPECT_NE(out.find("NVIDIA wheels (19)"), std::string::npos) << out;
    for (const char* line : {"nvidia-cublas             13.1.0.3   CUDA 13  nvidia/cu13",
                             "nvidia-cudnn-cu13         9.19.0.56  CUDA 13  nvidia/cudnn",
                             "nvidia-nccl-cu13          2.28.9     CUDA 13  nvidia/nccl"}) {
        EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;
    }
    const bool only_driver_errors =
        out.find("  error    ") == std::string::npos || out.find("  error    driver-too-old") != std::string::npos;
    EXPECT_TRUE(only_driver_errors) << out; // the JSON test above counts them exactly
}

} // namespace
} // namespace rwc::doctor_test
