// See cuda_venv_test.hpp.
#include "cuda_venv_test.hpp"

namespace rwc::e2e {

std::unique_ptr<test::ScratchDir> CudaVenvTest::s_venv_dir;
std::optional<Venv> CudaVenvTest::s_venv;
std::string CudaVenvTest::s_skip_reason;
std::string CudaVenvTest::s_build_error;

void CudaVenvTest::SetUpTestSuite()
{
    std::string searched;
    std::optional<fs::path> python = find_base_interpreter(searched);
    if (!python) {
        s_skip_reason = "no CPython 3 interpreter found (looked at: " + searched + "); set RWC_E2E_PYTHON to one";
        return;
    }
    try {
        s_venv_dir = std::make_unique<test::ScratchDir>(test::tmpfs_scratch_base());
        // Quotes, a space, '$' and UTF-8 in the path: every value the launcher prints or
        // passes on must survive them (':' cannot be in a path-list element).
        Venv venv = create_venv(*python, s_venv_dir->root() / "it's a \"$HOME\" caf\xc3\xa9" / "venv");
        lay_out_nvidia_tree(venv, {cu13_manifest_dir(), standin_dir(), {}});
        s_venv = venv;
    } catch (const std::exception& e) {
        s_build_error = std::string("cannot build the CUDA 13 venv: ") + e.what();
    }
}

void CudaVenvTest::TearDownTestSuite()
{
    s_venv.reset();
    s_venv_dir.reset();
}

void CudaVenvTest::SetUp()
{
    ASSERT_TRUE(s_build_error.empty()) << s_build_error;
    if (!s_venv) {
        GTEST_SKIP() << s_skip_reason;
    }
    m_work = std::make_unique<test::ScratchDir>(test::tmpfs_scratch_base());
}

ProcessResult CudaVenvTest::launch(const std::vector<std::string>& args, const EnvMap& env) const
{
    return run_launcher(args, env, work());
}

ProcessResult CudaVenvTest::launch_in_venv(const std::vector<std::string>& command, const EnvMap& env) const
{
    std::vector<std::string> args{"--python", venv().root.string(), "--"};
    args.insert(args.end(), command.begin(), command.end());
    return launch(args, env);
}

EnvMap CudaVenvTest::environment_seen(const EnvMap& env) const
{
    ProcessResult r = launch_in_venv({"/usr/bin/env", "-0"}, env);
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    return r.exited_with(0) ? parse_env0(r.out) : EnvMap{};
}

} // namespace rwc::e2e
