// config_parse: valid configs read into the right fields (docs/design.md, "Config file").
// The error cases are in config_errors_test.cpp.
#include "config.hpp"
#include "cwd_guard.hpp"
#include "failure.hpp"
#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

namespace rwc {
namespace {

using test::ScratchDir;

/// An absolute path's prefix on this host: "" on POSIX, a drive on Windows, where "/opt"
/// is relative to the current drive and so resolved against the config's folder.
#ifdef _WIN32
#define RWC_ABS "C:"
#else
#define RWC_ABS ""
#endif

/// text with every absolute value "/..." written as RWC_ABS "/...".
std::string host_absolute(std::string text)
{
    for (std::size_t at = text.find("\"/"); at != std::string::npos; at = text.find("\"/", at + 2)) {
        text.insert(at + 1, RWC_ABS);
    }
    return text;
}

/// docs/design.md's example config, verbatim.
constexpr const char* k_design_example = R"([python]
interpreter = ".venv/bin/python"   # or a folder (the environment root); default: auto
site-packages = []                 # extra folders to scan, e.g. a `pip install --target` folder

[cuda]
enabled = true
include = []                       # only these nvidia packages ("cudnn", "cu13", ...); empty = all
exclude = []
toolkit = "auto"                   # CUDA_PATH/CUDA_HOME: "auto", "keep" (leave the user's), or a path
module-loading = "lazy"            # "lazy", "eager" or "keep"

[env]
set = { HF_HOME = "${config_dir}/models" }
prepend = { PATH = ["tools/bin"] }
append = {}
unset = ["PYTHONHOME"]

[app]                              # what a double-click runs
command = ["python", "-m", "myapp"]
gui = false                        # Windows: no console window (pythonw)
working-directory = "."
)";

/// The strings of a list of ConfigString values.
std::vector<std::string> values(const std::vector<ConfigString>& list)
{
    std::vector<std::string> out;
    for (const auto& s : list) {
        out.push_back(s.value);
    }
    return out;
}

TEST(ConfigParse, DesignExampleFillsEveryField)
{
    ScratchDir tree;
    const fs::path file = tree.file("proj/run-with-cuda.toml", k_design_example);
    const fs::path dir = tree.path("proj");
    const Config c = load_config(file);

    EXPECT_EQ(c.file, file);
    EXPECT_EQ(c.dir, dir);
    ASSERT_TRUE(c.interpreter);
    EXPECT_EQ(*c.interpreter, dir / ".venv/bin/python");
    EXPECT_EQ(c.interpreter_pos.file, file.string());
    EXPECT_EQ(c.interpreter_pos.line, 2U);
    EXPECT_EQ(c.interpreter_pos.column, 15U);
    EXPECT_TRUE(c.extra_site_packages.empty());

    EXPECT_TRUE(c.cuda_enabled);
    EXPECT_TRUE(c.include.empty());
    EXPECT_TRUE(c.exclude.empty());
    EXPECT_EQ(c.toolkit, ToolkitMode::automatic);
    EXPECT_EQ(c.module_loading, ModuleLoading::lazy);

    ASSERT_EQ(c.env_set.size(), 1U);
    const ConfigString& hf_home = c.env_set.at("HF_HOME");
    EXPECT_EQ(hf_home.value, "${config_dir}/models"); // expanded by env_plan, not here
    EXPECT_EQ(hf_home.pos.line, 13U);
    EXPECT_EQ(hf_home.pos.column, 19U);
    ASSERT_EQ(c.env_prepend.size(), 1U);
    EXPECT_EQ(c.env_prepend[0].name, "PATH");
    EXPECT_EQ(values(c.env_prepend[0].folders), std::vector<std::string>{"tools/bin"});
    EXPECT_TRUE(c.env_append.empty());
    EXPECT_EQ(c.env_unset, std::vector<std::string>{"PYTHONHOME"});

    ASSERT_TRUE(c.app);
    EXPECT_EQ(values(c.app->command), (std::vector<std::string>{"python", "-m", "myapp"}));
    EXPECT_EQ(c.app->command[1].pos.line, 19U);
    EXPECT_EQ(c.app->command[1].pos.column, 22U);
    EXPECT_FALSE(c.app->gui);
    ASSERT_TRUE(c.app->working_directory);
    EXPECT_TRUE(c.app->working_directory->is_absolute());
    EXPECT_TRUE(fs::equivalent(*c.app->working_directory, dir)) << *c.app->working_directory;
}

TEST(ConfigParse, NonDefaultValues)
{
    ScratchDir tree;
    tree.dir("proj/cuda-root");
    const fs::path file = tree.path("proj/run-with-cuda.toml");
    const fs::path dir = tree.path("proj");
    const Config c = parse_config(host_absolute(R"([python]
interpreter = "/opt/env"
site-packages = ["target", "/abs/sp", "../up"]
[cuda]
enabled = false
include = ["cudnn", "cu13"]
exclude = ["nccl"]
toolkit = "cuda-root"
module-loading = "eager"
[env]
set = { A = "1", B = "$$x" }
prepend = { PATH = ["bin", "/abs/bin"], LD_LIBRARY_PATH = ["lib"] }
append = { PYTHONPATH = ["src"] }
unset = ["X", "Y"]
[app]
command = ["./run.sh", "--flag"]
gui = true
working-directory = "/work"
)"),
                                  file, false);
    EXPECT_EQ(c.interpreter, std::optional<fs::path>(RWC_ABS "/opt/env"));
    EXPECT_EQ(c.extra_site_packages,
              (std::vector<fs::path>{dir / "target", fs::path(RWC_ABS "/abs/sp"), tree.path("up")}));
    EXPECT_FALSE(c.cuda_enabled);
    EXPECT_EQ(c.include, (std::vector<std::string>{"cudnn", "cu13"}));
    EXPECT_EQ(c.exclude, std::vector<std::string>{"nccl"});
    EXPECT_EQ(c.toolkit, ToolkitMode::path);
    EXPECT_EQ(c.toolkit_path, dir / "cuda-root");
    EXPECT_EQ(c.module_loading, ModuleLoading::eager);
    ASSERT_EQ(c.env_set.size(), 2U);
    EXPECT_EQ(c.env_set.at("A").value, "1");
    EXPECT_EQ(c.env_set.at("B").value, "$$x");
    ASSERT_EQ(c.env_prepend.size(), 2U);
    std::map<std::string, std::vector<std::string>> prepend;
    for (const auto& e : c.env_prepend) {
        prepend[e.name] = values(e.folders);
    }
    EXPECT_EQ(prepend["PATH"], (std::vector<std::string>{"bin", RWC_ABS "/abs/bin"}));
    EXPECT_EQ(prepend["LD_LIBRARY_PATH"], std::vector<std::string>{"lib"});
    ASSERT_EQ(c.env_append.size(), 1U);
    EXPECT_EQ(c.env_append[0].name, "PYTHONPATH");
    EXPECT_EQ(values(c.env_append[0].folders), std::vector<std::string>{"src"});
    EXPECT_EQ(c.env_unset, (std::vector<std::string>{"X", "Y"}));
    ASSERT_TRUE(c.app);
    EXPECT_EQ(values(c.app->command), (std::vector<std::string>{"./run.sh", "--flag"}));
    EXPECT_TRUE(c.app->gui);
    EXPECT_EQ(c.app->working_directory, std::optional<fs::path>(RWC_ABS "/work"));
}

TEST(ConfigParse, ToolkitKeepAndModuleLoadingKeep)
{
    const Config c = parse_config("[cuda]\ntoolkit = \"keep\"\nmodule-loading = \"keep\"\n", "/p/c.toml", false);
    EXPECT_EQ(c.toolkit, ToolkitMode::keep);
    EXPECT_TRUE(c.toolkit_path.empty());
    EXPECT_EQ(c.module_loading, ModuleLoading::keep);
}

TEST(ConfigParse, XlaDataDirIsABooleanDefaultingToTrue)
{
    EXPECT_TRUE(parse_config("", "/p/c.toml", false).xla_data_dir);
    EXPECT_FALSE(parse_config("[cuda]\nxla-data-dir = false\n", "/p/c.toml", false).xla_data_dir);
    EXPECT_TRUE(parse_config("[cuda]\nxla-data-dir = true\n", "/p/c.toml", false).xla_data_dir);
}

TEST(ConfigParse, EmptyFileGivesDefaults)
{
    const Config c = parse_config("", RWC_ABS "/p/q/run-with-cuda.toml", false);
    EXPECT_EQ(c.file, fs::path(RWC_ABS "/p/q/run-with-cuda.toml"));
    EXPECT_EQ(c.dir, fs::path(RWC_ABS "/p/q"));
    EXPECT_FALSE(c.interpreter);
    EXPECT_TRUE(c.cuda_enabled);
    EXPECT_EQ(c.toolkit, ToolkitMode::automatic);
    EXPECT_EQ(c.module_loading, ModuleLoading::lazy);
    EXPECT_TRUE(c.env_set.empty());
    EXPECT_FALSE(c.app);
}

TEST(ConfigParse, DottedKeysAndInlineTablesAreTheSameTables)
{
    const Config c =
        parse_config("cuda.enabled = false\npython = { interpreter = \"py\" }\n", RWC_ABS "/p/c.toml", false);
    EXPECT_FALSE(c.cuda_enabled);
    EXPECT_EQ(c.interpreter, std::optional<fs::path>(RWC_ABS "/p/py"));
}

TEST(ConfigParse, RelativeConfigFileNameResolvesAgainstTheWorkingDirectory)
{
    ScratchDir tree;
    tree.file("sub/run-with-cuda.toml", "[python]\ninterpreter = \"env\"\n");
    test::CwdGuard cwd(tree.root());
    const Config c = load_config("sub/run-with-cuda.toml");
    EXPECT_EQ(c.dir, tree.path("sub"));
    EXPECT_EQ(c.interpreter, std::optional<fs::path>(tree.path("sub") / "env"));
}

TEST(ConfigParse, DefaultConfig)
{
    const Config c = default_config("/work/dir");
    EXPECT_TRUE(c.file.empty());
    EXPECT_EQ(c.dir, fs::path("/work/dir"));
    EXPECT_TRUE(c.cuda_enabled);
    EXPECT_FALSE(c.app);
}

TEST(ConfigParse, PyprojectUsesTheToolTable)
{
    ScratchDir tree;
    const fs::path file = tree.file("proj/pyproject.toml", R"([project]
name = "demo"
version = "1.0"

[tool.black]
line-length = 100

[tool.run-with-cuda]
python.interpreter = ".venv"

[tool.run-with-cuda.cuda]
exclude = ["nccl"]

[tool.run-with-cuda.app]
command = ["python", "-m", "demo"]
)");
    const Config c = load_config(file); // load_config chooses pyproject mode by the file name
    EXPECT_EQ(c.file, file);
    EXPECT_EQ(c.interpreter, std::optional<fs::path>(tree.path("proj") / ".venv"));
    EXPECT_EQ(c.interpreter_pos.line, 9U);
    EXPECT_EQ(c.interpreter_pos.column, 22U);
    EXPECT_EQ(c.exclude, std::vector<std::string>{"nccl"});
    ASSERT_TRUE(c.app);
    EXPECT_EQ(values(c.app->command), (std::vector<std::string>{"python", "-m", "demo"}));
}

TEST(ConfigParse, PyprojectWithoutTheTableIsAnError)
{
    const auto failure =
        test::catch_failure([] { parse_config("[project]\nname = \"x\"\n", "/p/pyproject.toml", true); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_STREQ(failure->what(), "/p/pyproject.toml: has no [tool.run-with-cuda] table");
}

TEST(ConfigParse, MissingFileIsAUsageErrorWithTheOsText)
{
    ScratchDir tree;
    const fs::path file = tree.path("nope.toml");
    const auto failure = test::catch_failure([&] { load_config(file); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->exit_status(), 2);
    EXPECT_EQ(std::string(failure->what()), "cannot read config " + file.string() + ": No such file or directory");
}

} // namespace
} // namespace rwc
