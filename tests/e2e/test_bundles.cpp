// PyInstaller one-folder bundles, laid out by hand (docs/packaged-apps.md, "PyInstaller
// bundles"): the frozen program is a shell script in the bundle folder beside
// _internal/base_library.zip and _internal/nvidia/cu13/lib. The launcher puts the bundle's
// folders on the loader path and adds no other environment's, even with VIRTUAL_ENV naming a
// venv with CUDA wheels; CUDA_PATH points into the bundle only when it holds include/cuda.h.
// tests/real/test_bundles.py builds a real bundle with PyInstaller.
#include "cuda_venv_test.hpp"

namespace rwc::e2e {
namespace {

/// The frozen program: prints its arguments, then the variables the launcher sets, one per line.
const char* const k_frozen_program = "#!/bin/sh\n"
                                     "for a in \"$@\"; do printf 'arg=%s\\n' \"$a\"; done\n"
                                     "printf 'LD_LIBRARY_PATH=%s\\n' \"${LD_LIBRARY_PATH-<unset>}\"\n"
                                     "printf 'CUDA_PATH=%s\\n' \"${CUDA_PATH-<unset>}\"\n"
                                     "printf 'CUDA_HOME=%s\\n' \"${CUDA_HOME-<unset>}\"\n"
                                     "printf 'VIRTUAL_ENV=%s\\n' \"${VIRTUAL_ENV-<unset>}\"\n";

class Bundles : public CudaVenvTest {
  protected:
    /// Lays out the bundle folder dir: dir/MyApp (the frozen program) and dir/<contents>/ with
    /// base_library.zip (when marker) and nvidia/cu13/lib/libcudart.so.13 (and
    /// nvidia/cu13/include/cuda.h when headers). Returns the contents folder.
    fs::path lay_out_bundle(const fs::path& dir, const std::string& contents = "_internal", bool marker = true,
                            bool headers = false) const
    {
        test::write_file(dir / "MyApp", k_frozen_program);
        fs::permissions(dir / "MyApp", fs::perms::owner_all);
        const fs::path internal = dir / contents;
        if (marker) {
            test::write_file(internal / "base_library.zip", "PK\x05\x06");
        }
        test::write_file(internal / "nvidia" / "cu13" / "lib" / "libcudart.so.13", "");
        if (headers) {
            test::write_file(internal / "nvidia" / "cu13" / "include" / "cuda.h", "");
        }
        return internal;
    }

    /// The renamed launcher copy release/MyApp with release/MyApp.toml running app/MyApp (the
    /// bundle folder beside it, so that the copy and the frozen program do not collide), plus
    /// extra TOML; returns the copy.
    fs::path renamed_copy(const std::string& extra = "") const
    {
        const fs::path release = work() / "release";
        fs::create_directories(release);
        copy_file_fast(launcher_path(), release / "MyApp");
        test::write_file(release / "MyApp.toml", "[app]\ncommand = [\"app/MyApp\", \"--fixed\"]\n" + extra);
        return release / "MyApp";
    }

    /// The value of NAME= in the frozen program's output; "" when absent.
    static std::string value(const ProcessResult& r, const std::string& name)
    {
        const std::string key = "\n" + name + "=";
        const std::string out = "\n" + r.out;
        const auto at = out.find(key);
        if (at == std::string::npos) {
            return {};
        }
        const auto start = at + key.size();
        return out.substr(start, out.find('\n', start) - start);
    }

    /// base_environment with VIRTUAL_ENV naming the suite's venv (CUDA 13 wheels' layout).
    EnvMap env_with_venv() const
    {
        EnvMap e = env();
        e["VIRTUAL_ENV"] = venv().root.string();
        return e;
    }
};

TEST_F(Bundles, RenamedCopyPutsTheBundlesFoldersOnTheLoaderPathAndNoOthers)
{
    const fs::path contents = lay_out_bundle(work() / "release" / "app");
    const fs::path copy = renamed_copy();
    const fs::path elsewhere = work() / "elsewhere";
    fs::create_directories(elsewhere);
    ProcessResult r = run_direct({copy.string(), "a b", "", "--help"}, env_with_venv(), elsewhere);
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(r.out.substr(0, r.out.find("LD_LIBRARY_PATH")), "arg=--fixed\narg=a b\narg=\narg=--help\n");
    EXPECT_EQ(value(r, "LD_LIBRARY_PATH"), (contents / "nvidia" / "cu13" / "lib").string()) << r.out;
    EXPECT_EQ(value(r, "CUDA_PATH"), "<unset>") << "the bundle has no include/cuda.h: " << r.out;
    EXPECT_EQ(value(r, "CUDA_HOME"), "<unset>") << r.out;
    EXPECT_EQ(value(r, "VIRTUAL_ENV"), venv().root.string()) << "left as it was: " << r.out;
}

TEST_F(Bundles, CommandNamingTheFrozenProgram)
{
    const fs::path contents = lay_out_bundle(work() / "dist" / "MyApp");
    ProcessResult r = launch({"./dist/MyApp/MyApp", "x"}, env_with_venv());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(value(r, "arg"), "x");
    EXPECT_EQ(value(r, "LD_LIBRARY_PATH"), (contents / "nvidia" / "cu13" / "lib").string()) << r.out;
}

TEST_F(Bundles, ToolkitRootInsideTheBundleOnlyWithItsHeaders)
{
    const fs::path contents = lay_out_bundle(work() / "release" / "app", "_internal", true, true);
    ProcessResult r = run_direct({renamed_copy().string()}, env(), work());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(value(r, "CUDA_PATH"), (contents / "nvidia" / "cu13").string()) << r.out;
    EXPECT_EQ(value(r, "CUDA_HOME"), (contents / "nvidia" / "cu13").string()) << r.out;
}

TEST_F(Bundles, SystemToolkitInCudaPathIsKeptWhenTheBundleHasNone)
{
    lay_out_bundle(work() / "release" / "app");
    EnvMap e = env();
    e["CUDA_PATH"] = "/usr/local/cuda-13.0";
    ProcessResult r = run_direct({renamed_copy().string()}, e, work());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(value(r, "CUDA_PATH"), "/usr/local/cuda-13.0") << r.out;
}

TEST_F(Bundles, InternalWithoutBaseLibraryZipIsNoBundle)
{
    lay_out_bundle(work() / "release" / "app", "_internal", false);
    ProcessResult r = run_direct({renamed_copy().string()}, env_with_venv(), work());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    // Not a bundle: the environment search applies, and VIRTUAL_ENV's venv is used.
    EXPECT_EQ(value(r, "LD_LIBRARY_PATH").rfind((venv().site_packages / "nvidia").string(), 0), 0u) << r.out;
    EXPECT_EQ(value(r, "LD_LIBRARY_PATH").find("_internal"), std::string::npos) << r.out;
}

TEST_F(Bundles, SitePackagesNamingAnotherContentsFolder)
{
    // Built with --contents-directory lib: [python] site-packages names the folder.
    const fs::path contents = lay_out_bundle(work() / "release" / "app", "lib");
    ProcessResult r =
        run_direct({renamed_copy("[python]\nsite-packages = [\"app/lib\"]\n").string()}, env_with_venv(), work());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_EQ(value(r, "LD_LIBRARY_PATH"), (contents / "nvidia" / "cu13" / "lib").string()) << r.out;
}

TEST_F(Bundles, PrintEnvShowsWhatTheAppWouldGet)
{
    const fs::path contents = lay_out_bundle(work() / "release" / "app");
    renamed_copy();
    ProcessResult r =
        launch({"--config", (work() / "release" / "MyApp.toml").string(), "--print-env"}, env_with_venv());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EXPECT_NE(r.out.find("export LD_LIBRARY_PATH='" + (contents / "nvidia" / "cu13" / "lib").string() + "'\n"),
              std::string::npos)
        << r.out;
}

} // namespace
} // namespace rwc::e2e
