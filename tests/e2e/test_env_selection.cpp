// Which Python environment the launcher picks, seen from the program (docs/design.md, "Which
// Python environment"): the venv's interpreter symlink is never resolved, COMMAND may be the
// interpreter itself, a .venv is found from the working directory upward, a relative
// [python] interpreter is relative to the config, and bare commands find the venv's bin.
#include "cuda_venv_test.hpp"

namespace rwc::e2e {
namespace {

using EnvSelection = CudaVenvTest;

/// Prints VIRTUAL_ENV and CUDA_PATH of the program, one per line.
const char* const k_print_selection = "import os; print(os.environ.get('VIRTUAL_ENV')); "
                                      "print(os.environ.get('CUDA_PATH'))";

/// The two lines k_print_selection printed: {VIRTUAL_ENV, CUDA_PATH}.
std::pair<std::string, std::string> selection_of(const ProcessResult& r)
{
    std::size_t newline = r.out.find('\n');
    if (newline == std::string::npos) {
        return {};
    }
    return {r.out.substr(0, newline), r.out.substr(newline + 1, r.out.find('\n', newline + 1) - newline - 1)};
}

/// Expects the program to have seen venv as VIRTUAL_ENV and its toolkit as CUDA_PATH.
void expect_selected(const ProcessResult& r, const Venv& venv)
{
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    auto [virtual_env, cuda_path] = selection_of(r);
    EXPECT_TRUE(same_file(virtual_env, venv.root)) << r.out;
    EXPECT_TRUE(lies_within(virtual_env, venv.root)) << "the interpreter symlink was resolved: " << r.out;
    EXPECT_TRUE(same_file(cuda_path, venv.toolkit_root)) << r.out;
}

TEST_F(EnvSelection, PythonOptionNamingTheVenvsInterpreterSymlink)
{
    ASSERT_TRUE(fs::is_symlink(venv().interpreter));
    expect_selected(launch({"--python", venv().interpreter.string(), "--", "python", "-c", k_print_selection}, env()),
                    venv());
}

TEST_F(EnvSelection, CommandThatIsTheVenvsInterpreter)
{
    expect_selected(launch({venv().interpreter.string(), "-c", k_print_selection}, env()), venv());
}

TEST_F(EnvSelection, DotVenvInTheWorkingDirectoryOrAbove)
{
    std::string searched;
    std::optional<fs::path> base = find_base_interpreter(searched);
    ASSERT_TRUE(base);
    Venv dot_venv = create_venv(*base, work() / ".venv");
    lay_out_nvidia_tree(dot_venv, {cu13_manifest_dir(), standin_dir(), {}});
    const fs::path below = work() / "src" / "pkg";
    fs::create_directories(below);
    for (const fs::path& cwd : {work(), below}) {
        SCOPED_TRACE(cwd.string());
        expect_selected(run_launcher({"python", "-c", k_print_selection}, env(), cwd), dot_venv);
    }
}

TEST_F(EnvSelection, RelativeConfigInterpreterIsRelativeToTheConfigFolder)
{
    const fs::path project = work() / "project";
    const fs::path elsewhere = work() / "elsewhere";
    fs::create_directories(elsewhere);
    const fs::path relative = venv().interpreter.lexically_relative(project);
    test::write_file(project / "run-with-cuda.toml", "[python]\ninterpreter = " + toml_quote(relative.string()) + "\n");
    ProcessResult r = run_launcher(
        {"--config", (project / "run-with-cuda.toml").string(), "python", "-c", k_print_selection}, env(), elsewhere);
    expect_selected(r, venv());
}

TEST_F(EnvSelection, ABareCommandIsFoundInTheVenvsBinFirst)
{
    const fs::path tool = venv().root / "bin" / "rwc-e2e-tool";
    test::write_file(tool, "#!/bin/sh\necho venv-tool\n");
    fs::permissions(tool, fs::perms::owner_all);
    const fs::path decoy = work() / "decoy" / "rwc-e2e-tool";
    test::write_file(decoy, "#!/bin/sh\necho decoy-tool\n");
    fs::permissions(decoy, fs::perms::owner_all);
    EnvMap environment = env();
    environment["PATH"] = decoy.parent_path().string() + ":/usr/bin:/bin";
    ProcessResult r = launch_in_venv({"rwc-e2e-tool"}, environment);
    fs::remove(tool);
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(r.out, "venv-tool\n");
}

} // namespace
} // namespace rwc::e2e
