// --doctor through the built binary: the command line (--json only with --doctor), the exit
// statuses 0 / 1 / 2, JSON on stdout, no colour when stdout is not a terminal, and the trust
// decision for the config used (config/README.md, "Trust").
#include "cli.hpp"
#include "doctor_fixture.hpp"
#include "error.hpp"
#include "scratch_dir.hpp"

#include <boost/asio/io_context.hpp>
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
#include <sys/stat.h>
#include <unistd.h>

namespace rwc::doctor_test {
namespace {

namespace bp = boost::process;

struct Result {
    int status = -1;
    std::string out, err;
};

/// Runs the launcher with args in a clean environment (PATH=/usr/bin:/bin, HOME=home, extra).
Result launch(const std::vector<std::string>& args, const fs::path& home, const std::vector<std::string>& extra = {})
{
    bp::environment env;
    env["PATH"] = "/usr/bin:/bin";
    env["HOME"] = home.string();
    env["PYTHONNOUSERSITE"] = "1";
    for (const auto& e : extra) {
        env[e.substr(0, e.find('='))] = e.substr(e.find('=') + 1);
    }
    boost::asio::io_context io;
    std::future<std::string> out, err;
    bp::child child(bp::exe = RWC_DOCTOR_LAUNCHER, bp::args = args, bp::env = env,
                    bp::std_in<bp::null, bp::std_out> out, bp::std_err > err, bp::start_dir = home.string(), io);
    io.run_for(std::chrono::seconds(60));
    child.wait();
    return {child.exit_code(), out.get(), err.get()};
}

/// How many findings of report are driver-too-old (a real driver older than CUDA 13).
int driver_too_old(const nlohmann::json& report)
{
    int n = 0;
    for (const auto& finding : report["findings"]) {
        n += finding["code"] == "driver-too-old" ? 1 : 0;
    }
    return n;
}

TEST(DoctorCli, ParsesDoctorAndJson)
{
    EXPECT_EQ(parse_cli({"--doctor"}).action, Action::doctor);
    EXPECT_FALSE(parse_cli({"--doctor"}).json);
    EXPECT_TRUE(parse_cli({"--json", "--doctor"}).json);
    EXPECT_EQ(parse_cli({"--doctor", "--json", "-p", "x"}).python, std::optional<std::string>("x"));
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--json"},
                                                 {"--json", "python"},
                                                 {"--print-env", "--json"},
                                                 {"--dry-run", "--json", "x"}}) {
        try {
            parse_cli(args);
            ADD_FAILURE() << "no usage error for " << args.front();
        } catch (const Failure& f) {
            EXPECT_EQ(f.exit_status(), 2);
            EXPECT_STREQ(f.what(), "--json is only valid with --doctor (see --help)");
        }
    }
    EXPECT_NE(usage_text().find("--doctor [--json]"), std::string::npos);
}

TEST(DoctorCli, JsonWithoutDoctorIsAUsageError)
{
    FixtureVenv venv;
    const Result r = launch({"--json", "--python", venv.root().string()}, venv.root());
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "run-with-cuda: error: --json is only valid with --doctor (see --help)\n");
}

TEST(DoctorCli, ExitsZeroWithoutErrorsAndPrintsJson)
{
    FixtureVenv venv;
    venv.add_cu13_wheels();
    const Result r = launch({"--doctor", "--json", "--python", venv.root().string()}, venv.root());
    const auto report = nlohmann::json::parse(r.out);
    // The one error a CUDA 13 venv may get from this machine itself: a driver older than CUDA 13.
    const int old_driver = driver_too_old(report);
    EXPECT_EQ(r.status, old_driver > 0 ? 1 : 0) << r.out << r.err;
    EXPECT_EQ(report["summary"]["errors"], old_driver);
    EXPECT_EQ(report["nvidia_wheels"].size(), 19U);
    EXPECT_EQ(report["python"]["selected_by"], "--python");
    EXPECT_EQ(report["cuda"]["tools"][0]["path"], (venv.site_packages() / "nvidia/cu13/bin/ptxas").string());
}

TEST(DoctorCli, ExitsOneOnAnErrorAndPrintsNoColourToAPipe)
{
    FixtureVenv venv;
    venv.add_cu13_wheels();
    venv.add_wheel("torch", "2.5.1+cu124"); // torch-cuda-mismatch: an error
    const Result r = launch({"--doctor", "--python", venv.root().string()}, venv.root());
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("error    torch-cuda-mismatch"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
    EXPECT_NE(r.out.find(": exit status 1\n"), std::string::npos);
}

TEST(DoctorCli, NamesEachDuplicatedSonameOnceWithTheCopyThatLoads)
{
    // nvidia-curand / -cu12 and nvidia-cusparse / -cu12: the same sonames in nvidia/cu13/lib and
    // the CUDA 12 folders (docs/layouts.md, "The same soname in two folders").
    FixtureVenv venv;
    venv.add_wheel("nvidia-curand", "10.4.0.35", {"nvidia/cu13/lib/libcurand.so.10"});
    venv.add_wheel("nvidia-cusparse", "12.6.3.3", {"nvidia/cu13/lib/libcusparse.so.12"});
    venv.add_wheel("nvidia-curand-cu12", "10.3.10.19", {"nvidia/curand/lib/libcurand.so.10"});
    venv.add_wheel("nvidia-cusparse-cu12", "12.5.10.65", {"nvidia/cusparse/lib/libcusparse.so.12"});
    const fs::path nv = venv.site_packages() / "nvidia";
    const Result r = launch({"--doctor", "--json", "--python", venv.root().string()}, venv.root());
    EXPECT_EQ(r.status, 1) << r.err; // mixed-cuda-majors is the error; duplicate-soname a warning
    const auto report = nlohmann::json::parse(r.out);
    const auto& duplicates = report["cuda"]["duplicate_sonames"];
    ASSERT_EQ(duplicates.size(), 2U) << duplicates.dump();
    EXPECT_EQ(duplicates[0]["soname"], "libcurand.so.10");
    EXPECT_EQ(duplicates[1]["soname"], "libcusparse.so.12");
    for (const auto& d : duplicates) {
        EXPECT_EQ(d["loads"], (nv / "cu13/lib").string());
        EXPECT_EQ(d["shadowed"].size(), 1U);
    }
    int warnings = 0;
    for (const auto& finding : report["findings"]) {
        if (finding["code"] == "duplicate-soname") {
            ++warnings;
            EXPECT_EQ(finding["severity"], "warning");
        }
    }
    EXPECT_EQ(warnings, 2);
    const Result text = launch({"--doctor", "--python", venv.root().string()}, venv.root());
    EXPECT_NE(text.out.find("warning  duplicate-soname   libcurand.so.10 is in 2 library folders: the copy in " +
                            (nv / "cu13/lib").string() + " loads"),
              std::string::npos)
        << text.out;
}

TEST(DoctorCli, ConfigErrorsExitTwo)
{
    FixtureVenv venv;
    const fs::path config = venv.file("../../../../bad.toml", "[cuda]\nenabled = 3\n");
    const Result r = launch({"--doctor", "--config", config.string()}, venv.root());
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("bad.toml:2:"), std::string::npos) << r.err;
}

TEST(DoctorCli, ShowsTheTrustDecisionForTheConfigItUsed)
{
    FixtureVenv venv;
    const fs::path config = venv.root() / "run-with-cuda.toml"; // found from the working directory
    test::write_file(config, "[cuda]\nenabled = false\n");
    const std::vector<std::string> args{"--doctor", "--json", "--python", venv.root().string()};
    Result r = launch(args, venv.root());
    EXPECT_LE(r.status, 1) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["config_trust"],
              "found; owned by you (uid " + std::to_string(::geteuid()) + "), not writable by everyone");
    ASSERT_EQ(::chmod(config.c_str(), 0606), 0);
    r = launch(args, venv.root());
    EXPECT_EQ(r.status, 2) << "writable by everyone: " << r.out;
    r = launch(args, venv.root(), {"RUN_WITH_CUDA_TRUST=" + venv.root().string()});
    EXPECT_EQ(nlohmann::json::parse(r.out)["config_trust"],
              "found; writable by everyone (mode 0606), but " + venv.root().string() + " is in RUN_WITH_CUDA_TRUST");
    r = launch({"--doctor", "--config", config.string(), "--python", venv.root().string()}, venv.root());
    EXPECT_NE(r.out.find("config trust   named with --config or RUN_WITH_CUDA_CONFIG: always used"), std::string::npos)
        << r.out;
}

TEST(DoctorCli, NeedsNoCommandAndNoApp)
{
    FixtureVenv venv;
    const Result r = launch({"--doctor", "--json"}, venv.root(), {"VIRTUAL_ENV=" + venv.root().string()});
    EXPECT_LE(r.status, 1) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["python"]["selected_by"], "VIRTUAL_ENV");
}

} // namespace
} // namespace rwc::doctor_test
