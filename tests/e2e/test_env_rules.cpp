// The environment the program sees: venv activation, the loader path and PATH rules (never
// an empty element, no duplicates, existing order kept), --print-env agreeing with what the
// program sees, and a nested launch changing nothing more (docs/design.md, "What changes").
#include "cuda_venv_test.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace rwc::e2e {
namespace {

using EnvRules = CudaVenvTest;

/// The distinct library folders of the venv's laid-out libraries.
std::set<std::string> venv_library_folders(const Venv& venv)
{
    std::set<std::string> folders;
    for (const auto& library : venv.libraries) {
        folders.insert(library.second.parent_path().string());
    }
    return folders;
}

/// Fails the test when list has an empty element or the same element twice.
void expect_clean_path_list(const std::string& name, const std::string& list)
{
    std::vector<std::string> elements = split_keeping_empty(list);
    EXPECT_EQ(std::count(elements.begin(), elements.end(), std::string()), 0)
        << name << " has an empty element: '" << list << "'";
    std::set<std::string> unique(elements.begin(), elements.end());
    EXPECT_EQ(unique.size(), elements.size()) << name << " has a duplicate: '" << list << "'";
}

/// Variables whose value differs between before and after (removed ones map to nullopt).
std::map<std::string, std::optional<std::string>> differences(const EnvMap& before, const EnvMap& after)
{
    std::map<std::string, std::optional<std::string>> changed;
    for (const auto& [name, value] : after) {
        auto old = before.find(name);
        if (old == before.end() || old->second != value) {
            changed[name] = value;
        }
    }
    for (const auto& entry : before) {
        if (after.count(entry.first) == 0) {
            changed[entry.first] = std::nullopt;
        }
    }
    return changed;
}

TEST_F(EnvRules, ActivatesTheVenv)
{
    EnvMap environment = env();
    environment["PYTHONHOME"] = "/nonexistent-python-home";
    EnvMap seen = environment_seen(environment);
    EXPECT_EQ(seen.count("PYTHONHOME"), 0u);
    EXPECT_TRUE(same_file(seen["VIRTUAL_ENV"], venv().root)) << seen["VIRTUAL_ENV"];
    EXPECT_EQ(seen["RUN_WITH_CUDA"], expected_version());

    std::vector<std::string> path = split_keeping_empty(seen["PATH"]);
    const std::vector<std::string> original{"/usr/local/bin", "/usr/bin", "/bin"};
    ASSERT_GE(path.size(), original.size() + 2) << seen["PATH"];
    EXPECT_TRUE(std::equal(original.begin(), original.end(), path.end() - 3)) << seen["PATH"];
    std::vector<std::string> added(path.begin(), path.end() - 3);
    auto added_has = [&](const fs::path& folder) {
        return std::any_of(added.begin(), added.end(), [&](const std::string& e) { return same_file(e, folder); });
    };
    EXPECT_TRUE(added_has(venv().root / "bin")) << seen["PATH"];
    EXPECT_TRUE(added_has(venv().ptxas.parent_path())) << seen["PATH"];
    expect_clean_path_list("PATH", seen["PATH"]);
}

TEST_F(EnvRules, LibraryFoldersLeadTheLoaderPath)
{
    EnvMap environment = env();
    environment["LD_LIBRARY_PATH"] = "/opt/a:/opt/b";
    EnvMap seen = environment_seen(environment);
    std::vector<std::string> elements = split_keeping_empty(seen["LD_LIBRARY_PATH"]);
    std::set<std::string> expected = venv_library_folders(venv());
    ASSERT_EQ(elements.size(), expected.size() + 2) << seen["LD_LIBRARY_PATH"];
    EXPECT_EQ(std::set<std::string>(elements.begin(), elements.end() - 2), expected) << seen["LD_LIBRARY_PATH"];
    EXPECT_EQ(elements[elements.size() - 2], "/opt/a");
    EXPECT_EQ(elements.back(), "/opt/b");
}

/// LD_LIBRARY_PATH before the launch (nullopt = unset) and its non-empty elements.
struct LoaderPathCase {
    std::string name;
    std::optional<std::string> before;
    std::vector<std::string> kept;
};

/// Prints a case as its name and value before the launch.
// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks PrintTo up by name
void PrintTo(const LoaderPathCase& c, std::ostream* os)
{
    *os << c.name << " (LD_LIBRARY_PATH=" << (c.before ? "'" + *c.before + "'" : "unset") << ")";
}

class LoaderPathNeverEmpty : public CudaVenvTest, public ::testing::WithParamInterface<LoaderPathCase> {};

TEST_P(LoaderPathNeverEmpty, NoEmptyElementAndOldOrderKept)
{
    EnvMap environment = env();
    if (GetParam().before) {
        environment["LD_LIBRARY_PATH"] = *GetParam().before;
    }
    EnvMap seen = environment_seen(environment);
    ASSERT_EQ(seen.count("LD_LIBRARY_PATH"), 1u);
    expect_clean_path_list("LD_LIBRARY_PATH", seen["LD_LIBRARY_PATH"]);
    std::vector<std::string> elements = split_keeping_empty(seen["LD_LIBRARY_PATH"]);
    const std::vector<std::string>& kept = GetParam().kept;
    ASSERT_GE(elements.size(), kept.size());
    EXPECT_TRUE(std::equal(kept.begin(), kept.end(), elements.end() - static_cast<long>(kept.size())))
        << seen["LD_LIBRARY_PATH"];
    EXPECT_EQ(elements.size(), venv_library_folders(venv()).size() + kept.size()) << seen["LD_LIBRARY_PATH"];
}

INSTANTIATE_TEST_SUITE_P(E2e, LoaderPathNeverEmpty,
                         ::testing::Values(LoaderPathCase{"Unset", std::nullopt, {}}, LoaderPathCase{"Empty", "", {}},
                                           LoaderPathCase{"OneColon", ":", {}}, LoaderPathCase{"TwoColons", "::", {}},
                                           LoaderPathCase{"ColonsAround", ":/opt/a:", {"/opt/a"}},
                                           LoaderPathCase{"EmptyInside", "/opt/a::/opt/b", {"/opt/a", "/opt/b"}},
                                           LoaderPathCase{"TrailingColon", "/opt/b:/opt/a:", {"/opt/b", "/opt/a"}}),
                         [](const auto& case_info) { return case_info.param.name; });

TEST_F(EnvRules, AFolderAlreadyOnTheLoaderPathMovesInsteadOfRepeating)
{
    std::string cu13_lib = venv().libraries.at("libcudart.so.13").parent_path().string();
    EnvMap environment = env();
    environment["LD_LIBRARY_PATH"] = "/opt/a:" + cu13_lib + ":/opt/b";
    EnvMap seen = environment_seen(environment);
    expect_clean_path_list("LD_LIBRARY_PATH", seen["LD_LIBRARY_PATH"]);
    std::vector<std::string> elements = split_keeping_empty(seen["LD_LIBRARY_PATH"]);
    ASSERT_GE(elements.size(), 2u);
    EXPECT_EQ(elements[elements.size() - 2], "/opt/a") << seen["LD_LIBRARY_PATH"];
    EXPECT_EQ(elements.back(), "/opt/b") << seen["LD_LIBRARY_PATH"];
}

TEST_F(EnvRules, PathWithEmptyElementsComesOutClean)
{
    EnvMap environment = env();
    environment["PATH"] = ":/usr/bin::/bin:";
    EnvMap seen = environment_seen(environment);
    expect_clean_path_list("PATH", seen["PATH"]);
    std::vector<std::string> elements = split_keeping_empty(seen["PATH"]);
    ASSERT_GE(elements.size(), 2u);
    EXPECT_EQ(elements[elements.size() - 2], "/usr/bin") << seen["PATH"];
    EXPECT_EQ(elements.back(), "/bin") << seen["PATH"];
}

TEST_F(EnvRules, NonUtf8ValuesPassThroughByteForByte)
{
    EnvMap environment = env();
    environment["RWC_E2E_BYTES"] = "caf\xe9 \xff\xfe \xc3\x28";
    environment["LD_LIBRARY_PATH"] = "/opt/\xff\xfe";
    EnvMap seen = environment_seen(environment);
    EXPECT_EQ(seen["RWC_E2E_BYTES"], environment["RWC_E2E_BYTES"]);
    EXPECT_EQ(split_keeping_empty(seen["LD_LIBRARY_PATH"]).back(), "/opt/\xff\xfe") << seen["LD_LIBRARY_PATH"];
}

TEST_F(EnvRules, PrintEnvJsonEqualsWhatTheProgramSees)
{
    EnvMap environment = env();
    environment["PYTHONHOME"] = "/nonexistent-python-home";
    environment["LD_LIBRARY_PATH"] = "/opt/a";
    ProcessResult printed = launch({"--python", venv().root.string(), "--print-env", "json"}, environment);
    ASSERT_TRUE(printed.exited_with(0)) << printed.describe();
    nlohmann::json changes = nlohmann::json::parse(printed.out);
    ASSERT_TRUE(changes.is_object()) << printed.out;

    ProcessResult before = run_direct({"/usr/bin/env", "-0"}, environment, work());
    auto expected = differences(parse_env0(before.out), environment_seen(environment));
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(changes.size(), expected.size()) << printed.out;
    for (const auto& [name, value] : expected) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(changes.contains(name)) << printed.out;
        if (value) {
            EXPECT_EQ(changes[name], *value);
        } else {
            EXPECT_TRUE(changes[name].is_null());
        }
    }
}

TEST_F(EnvRules, PrintEnvShEvaluatedBySh)
{
    const std::string script = "eval \"$(\"$0\" --python \"$1\" --print-env sh)\" && exec /usr/bin/env -0";
    ProcessResult r =
        run_direct({"/bin/sh", "-c", script, launcher_path().string(), venv().root.string()}, env(), work());
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    EnvMap evaluated = parse_env0(r.out);
    EnvMap seen = environment_seen(env());
    for (const char* shell_own : {"PWD", "OLDPWD", "SHLVL", "_"}) {
        evaluated.erase(shell_own);
        seen.erase(shell_own);
    }
    EXPECT_EQ(evaluated, seen);
}

TEST_F(EnvRules, ANestedLaunchChangesNothingMore)
{
    EnvMap environment = env();
    environment["LD_LIBRARY_PATH"] = "::/opt/a:";
    environment["PYTHONHOME"] = "/nonexistent-python-home";
    EnvMap once = environment_seen(environment);

    const std::string launcher = launcher_path().string();
    ProcessResult twice =
        launch_in_venv({launcher, "--python", venv().root.string(), "--", "/usr/bin/env", "-0"}, environment);
    ASSERT_TRUE(twice.exited_with(0)) << twice.describe();
    EXPECT_EQ(parse_env0(twice.out), once);

    ProcessResult inner_auto = launch_in_venv({launcher, "/usr/bin/env", "-0"}, environment);
    ASSERT_TRUE(inner_auto.exited_with(0)) << inner_auto.describe();
    EXPECT_EQ(parse_env0(inner_auto.out), once) << "inner launch selecting the venv from VIRTUAL_ENV";

    ProcessResult inner_print = launch_in_venv({launcher, "--print-env", "json"}, environment);
    ASSERT_TRUE(inner_print.exited_with(0)) << inner_print.describe();
    EXPECT_EQ(nlohmann::json::parse(inner_print.out), nlohmann::json::object()) << inner_print.out;
}

} // namespace
} // namespace rwc::e2e
