// The GoogleTest fixture of the e2e suites that need the CUDA 13 venv: one venv per test
// process (ctest runs each test in its own process), built from the wheels' RECORDs with
// stand-in libraries, plus a fresh working folder per test that is also HOME.
#pragma once

#include "child_process.hpp"
#include "e2e_env.hpp"
#include "scratch_dir.hpp"
#include "venv_builder.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rwc::e2e {

/// Skips the test (naming the places searched) when no CPython is found; fails it when the
/// venv cannot be built.
class CudaVenvTest : public ::testing::Test {
  protected:
    /// Builds the shared venv, or records why it cannot be built.
    static void SetUpTestSuite();
    /// Removes the shared venv.
    static void TearDownTestSuite();
    /// Skips when there is no venv; makes the per-test working folder.
    void SetUp() override;

    /// The venv with the CUDA 13 layout.
    static const Venv& venv() { return *s_venv; }
    /// This test's working folder (cwd and HOME of every child).
    const fs::path& work() const { return m_work->root(); }
    /// base_environment(work()).
    EnvMap env() const { return base_environment(work()); }

    /// run-with-cuda args in work() with env.
    ProcessResult launch(const std::vector<std::string>& args, const EnvMap& env) const;
    /// run-with-cuda --python <venv root> -- command... in work() with env.
    ProcessResult launch_in_venv(const std::vector<std::string>& command, const EnvMap& env) const;
    /// run-with-cuda --python <venv root> -- /usr/bin/env -0, parsed; fails the test
    /// (returning {}) when the launch does not exit 0.
    EnvMap environment_seen(const EnvMap& env) const;

  private:
    static std::unique_ptr<test::ScratchDir> s_venv_dir;
    static std::optional<Venv> s_venv;
    static std::string s_skip_reason; ///< no interpreter: the tests are skipped
    static std::string s_build_error; ///< the venv could not be built: the tests fail
    std::unique_ptr<test::ScratchDir> m_work;
};

} // namespace rwc::e2e
