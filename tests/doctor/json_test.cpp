// --doctor --json against its documentation: config/doctor-schema.md's key table is read and
// a real report is checked both ways (every key documented, every documented key present,
// every type right); the finding codes table lists exactly the codes the rules use.
#include "doctor/report.hpp"
#include "doctor_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>

namespace rwc::doctor_test {
namespace {

using nlohmann::json;

/// The rows "| `path` | type | meaning |" of the schema document's section title.
std::map<std::string, std::string> table(const std::string& title)
{
    std::istringstream doc(read_file(RWC_DOCTOR_SCHEMA));
    std::map<std::string, std::string> rows;
    bool inside = false;
    for (std::string line; std::getline(doc, line);) {
        if (line.rfind("## ", 0) == 0) {
            inside = line == "## " + title;
        } else if (inside && line.rfind("| `", 0) == 0) {
            const auto end = line.find('`', 3);
            const auto bar = line.find('|', end);
            const auto next = line.find('|', bar + 1);
            std::string type = line.substr(bar + 1, next - bar - 1);
            type = type.substr(type.find_first_not_of(' '));
            rows[line.substr(3, end - 3)] = type.substr(0, type.find_last_not_of(' ') + 1);
        }
    }
    return rows;
}

bool type_ok(const json& v, const std::string& types)
{
    std::istringstream words(types);
    for (std::string word; words >> word;) {
        if ((word == "string" && v.is_string()) || (word == "integer" && v.is_number_integer()) ||
            (word == "boolean" && v.is_boolean()) || (word == "array" && v.is_array()) ||
            (word == "object" && v.is_object()) || (word == "null" && v.is_null())) {
            return true;
        }
    }
    return false;
}

/// Every value of the report by its documented path ("a.b", "a[].b").
void collect(const json& v, const std::string& path, std::map<std::string, std::vector<json>>& out)
{
    if (!path.empty()) {
        out[path].push_back(v);
    }
    if (v.is_object()) {
        for (const auto& [key, value] : v.items()) {
            collect(value, path.empty() ? key : path + "." + key, out);
        }
    } else if (v.is_array()) {
        for (const auto& element : v) {
            if (element.is_object()) {
                for (const auto& [key, value] : element.items()) {
                    collect(value, path + "[]." + key, out);
                }
            } else {
                EXPECT_TRUE(element.is_string()) << path << ": arrays hold objects or strings";
            }
        }
    }
}

void check_against_schema(const json& report)
{
    const auto keys = table("Keys");
    ASSERT_GT(keys.size(), 50U);
    std::map<std::string, std::vector<json>> values;
    collect(report, "", values);
    for (const auto& [path, list] : values) {
        const auto documented = keys.find(path);
        ASSERT_NE(documented, keys.end()) << path << " is not documented in config/doctor-schema.md";
        for (const auto& v : list) {
            EXPECT_TRUE(type_ok(v, documented->second))
                << path << " = " << v.dump() << ", documented " << documented->second;
        }
    }
    for (const auto& [path, types] : keys) {
        const auto dot = path.rfind('.');
        const std::string parent = dot == std::string::npos ? "" : path.substr(0, dot);
        const std::string key = path.substr(dot == std::string::npos ? 0 : dot + 1);
        if (parent.empty()) {
            EXPECT_TRUE(report.contains(key)) << path;
            continue;
        }
        // Every object at the parent path has the key (elements of arrays included).
        const bool element = parent.size() > 2 && parent.compare(parent.size() - 2, 2, "[]") == 0;
        const std::string holder = element ? parent.substr(0, parent.size() - 2) : parent;
        for (const auto& v : values[holder]) {
            if (element && v.is_array()) {
                for (const auto& e : v) {
                    EXPECT_TRUE(e.contains(key)) << path;
                }
            } else if (!element && v.is_object()) {
                EXPECT_TRUE(v.contains(key)) << path;
            }
        }
    }
}

TEST(DoctorJson, AFullReportMatchesTheSchema)
{
    FixtureVenv venv;
    venv.add_cu13_wheels();
    venv.add_metadata_file("torch-2.5.1+cu124.METADATA");
    venv.add_metadata_file("xformers-0.0.28.post3.METADATA");
    venv.add_dist("nvidia_broken-1", std::nullopt, {"nvidia/broken/lib/libx.so.1"});
    RunOptions options;
    options.probes.driver = {"libcuda.so.1", true, 12040, ""};
    options.probes.cache = {{"libcudart.so.13", "/usr/local/cuda-13.0/lib/libcudart.so.13"},
                            {"libcudart.so.12", "/usr/local/cuda-12.4/lib64/libcudart.so.12"}};
    options.env = {"PYTHONHOME=/x"};
    const DoctorFacts facts = venv.facts(options);
    const auto findings = diagnose(facts, compat_tables());
    const json report = json::parse(render_doctor_json(facts, findings));
    check_against_schema(report);
    EXPECT_EQ(report["schema_version"], 1);
    EXPECT_EQ(report["nvidia_wheels"].size(), 20U);
    EXPECT_EQ(report["driver"]["cuda_version"], "12.4");
    EXPECT_EQ(report["summary"]["exit_status"], 1);
    EXPECT_EQ(report["findings"][0]["severity"], "error");
    EXPECT_EQ(report["nvidia_wheels"][1]["library_folders"][0], (venv.site_packages() / "nvidia/cu13/lib").string());
}

TEST(DoctorJson, SparseReportsMatchTheSchemaToo)
{
    FixtureVenv windows(TargetOs::windows);
    windows.add_wheel("triton-windows", "3.2.0.post13");
    windows.add_wheel("nvidia-cuda-runtime-cu12", "12.4.127", {"nvidia/cuda_runtime/bin/cudart64_12.dll"});
    const DoctorFacts facts = windows.facts();
    const json report = json::parse(render_doctor_json(facts, diagnose(facts, compat_tables())));
    check_against_schema(report);
    EXPECT_EQ(report["target_os"], "windows");
    EXPECT_FALSE(report["cuda"]["triton_windows_roots"].empty());

    FixtureVenv empty;
    RunOptions no_python;
    no_python.no_python = true;
    const DoctorFacts bare = empty.facts(no_python);
    const json minimal = json::parse(render_doctor_json(bare, diagnose(bare, compat_tables())));
    check_against_schema(minimal);
    EXPECT_TRUE(minimal["python"].is_null());
}

TEST(DoctorJson, AnEmbeddableEnvironmentHasItsPthFile)
{
    FixtureVenv embeddable(TargetOs::windows);
    embeddable.make_embeddable("python312.zip\n.\nimport site\n");
    const DoctorFacts facts = embeddable.facts();
    const json report = json::parse(render_doctor_json(facts, diagnose(facts, compat_tables())));
    check_against_schema(report);
    EXPECT_EQ(report["python"]["kind"], "embeddable");
    EXPECT_EQ(report["python"]["pth"]["file"], (embeddable.root() / "python312._pth").string());
    EXPECT_EQ(report["python"]["pth"]["import_site"], true);
    EXPECT_EQ(report["python"]["pth"]["folders"], json::array({embeddable.root().string()}));
    EXPECT_TRUE(report["python"]["pth"]["problem"].is_null());
}

TEST(DoctorJson, DuplicateSonamesMatchTheSchema)
{
    // nvidia-curand 10.4.0.35 (cu13/lib) beside nvidia-curand-cu12 10.3.10.19 (curand/lib).
    FixtureVenv venv;
    venv.add_wheel("nvidia-curand", "10.4.0.35", {"nvidia/cu13/lib/libcurand.so.10"});
    venv.add_wheel("nvidia-curand-cu12", "10.3.10.19", {"nvidia/curand/lib/libcurand.so.10"});
    venv.file("nvidia/curand/lib/lib\xff.so.1"); // not UTF-8: replaced in the JSON, not thrown
    venv.file("nvidia/cu13/lib/lib\xff.so.1");
    const DoctorFacts facts = venv.facts();
    const json report = json::parse(render_doctor_json(facts, diagnose(facts, compat_tables())));
    check_against_schema(report);
    const fs::path nv = venv.site_packages() / "nvidia";
    const json& duplicates = report["cuda"]["duplicate_sonames"];
    ASSERT_EQ(duplicates.size(), 2U) << duplicates.dump();
    EXPECT_EQ(duplicates[0]["soname"], "libcurand.so.10");
    EXPECT_EQ(duplicates[0]["loads"], (nv / "cu13/lib").string());
    EXPECT_EQ(duplicates[0]["shadowed"], json::array({(nv / "curand/lib").string()}));
    EXPECT_EQ(duplicates[1]["soname"], "lib\uFFFD.so.1");
}

TEST(DoctorJson, InvalidUtf8InNamesIsReplacedNotThrown)
{
    FixtureVenv venv;
    venv.add_dist("torch-1", std::string("Name: torch\nVersion: 2.5.1\nRequires-Dist: nvidia-\xff\xfe==1\n\n"));
    const DoctorFacts facts = venv.facts();
    EXPECT_NO_THROW(json::parse(render_doctor_json(facts, diagnose(facts, compat_tables()))));
}

TEST(DoctorJson, TheCodesTableListsEveryRule)
{
    std::set<std::string> documented;
    for (const auto& [code, severity] : table("Finding codes")) {
        documented.insert(code);
    }
    const std::set<std::string> used = {"no-python-env",
                                        "cuda-disabled",
                                        "unreadable-folder",
                                        "bad-metadata",
                                        "mixed-cuda-majors",
                                        "torch-pin-unmet",
                                        "torch-cuda-mismatch",
                                        "torch-cpu-build",
                                        "cudnn-major-mismatch",
                                        "triton-no-ptxas",
                                        "triton-windows-no-cuda",
                                        "triton-torch-mismatch",
                                        "xformers-torch-mismatch",
                                        "xformers-known-bad",
                                        "flash-attn-torch-mismatch",
                                        "no-driver",
                                        "driver-too-old",
                                        "system-cuda-shadows",
                                        "nothing-cuda",
                                        "cuda-home-incomplete",
                                        "dll-hook-missing",
                                        "pth-no-import-site",
                                        "pth-unreadable",
                                        "no-toolkit-root",
                                        "xla-no-libdevice",
                                        "duplicate-soname",
                                        "numba-no-libdevice"};
    EXPECT_EQ(documented, used);
}

} // namespace
} // namespace rwc::doctor_test
