// The duplicate-soname finding (config/doctor-schema.md): the same library file name in two of
// the launcher's library folders, the copy that loads (the first on the loader path) and the
// ones shadowed (docs/layouts.md, "The same soname in two folders"). Fake trees with the file
// names of the real wheels (nvidia-cusparse 12.6.3.3 and -cu12 12.5.10.65, nvidia-curand
// 10.4.0.35 and -cu12 10.3.10.19, nvidia-cufile 1.15.1.6 and -cu12 1.14.1.1), odd and
// untrusted names, and the pipeline's own loader path.
#include "doctor/report.hpp"
#include "doctor_fixture.hpp"

#include <boost/filesystem/fstream.hpp>
#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace rwc::doctor_test {
namespace {

using Paths = std::vector<fs::path>;

/// (soname, loads, shadowed) of each duplicate, for whole-value comparisons.
struct Row {
    std::string soname;
    fs::path loads;
    Paths shadowed;
    bool operator==(const Row& o) const { return soname == o.soname && loads == o.loads && shadowed == o.shadowed; }
};

std::vector<Row> rows(const std::vector<DuplicateSoname>& list)
{
    std::vector<Row> out;
    for (const auto& d : list) {
        out.push_back({d.soname, d.loads, d.shadowed});
    }
    return out;
}

std::ostream& operator<<(std::ostream& os, const Row& r)
{
    os << r.soname << " loads " << r.loads;
    for (const auto& s : r.shadowed) {
        os << " shadows " << s;
    }
    return os;
}

/// The findings with code, in order.
std::vector<Finding> all_with(const std::vector<Finding>& findings, const std::string& code)
{
    std::vector<Finding> out;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
                 [&](const Finding& f) { return f.code == code; });
    return out;
}

/// A mixed venv: cu13 cuSPARSE, cuRAND and cuFile in nvidia/cu13/lib beside their CUDA 12
/// wheels' per-package folders, each wheel with its real library file names.
void add_mixed_wheels(const FixtureVenv& venv)
{
    venv.add_wheel("nvidia-cusparse", "12.6.3.3", {"nvidia/cu13/lib/libcusparse.so.12"});
    venv.add_wheel("nvidia-curand", "10.4.0.35", {"nvidia/cu13/lib/libcurand.so.10"});
    venv.add_wheel("nvidia-cufile", "1.15.1.6",
                   {"nvidia/cu13/lib/libcufile.so.0", "nvidia/cu13/lib/libcufile_rdma.so.1"});
    venv.add_wheel("nvidia-nvjitlink", "13.0.88", {"nvidia/cu13/lib/libnvJitLink.so.13"});
    venv.add_wheel("nvidia-cusparse-cu12", "12.5.10.65", {"nvidia/cusparse/lib/libcusparse.so.12"});
    venv.add_wheel("nvidia-curand-cu12", "10.3.10.19", {"nvidia/curand/lib/libcurand.so.10"});
    venv.add_wheel("nvidia-cufile-cu12", "1.14.1.1",
                   {"nvidia/cufile/lib/libcufile.so.0", "nvidia/cufile/lib/libcufile_rdma.so.1"});
    venv.add_wheel("nvidia-nvjitlink-cu12", "12.9.86", {"nvidia/nvjitlink/lib/libnvJitLink.so.12"});
}

TEST(DuplicateSonames, TheFirstFolderOnTheLoaderPathLoads)
{
    test::ScratchDir tree;
    for (const char* f :
         {"a/libx.so.1", "c/libx.so.1", "b/liby.so.2", "c/liby.so.2", "a/libonly.so.3", "a/libstatic.a",
          "b/libstatic.a", "a/ext.cpython-311-x86_64-linux-gnu.so", "b/ext.cpython-311-x86_64-linux-gnu.so",
          "b/libdir.so.1", "c/libdir.so.1", "b/libnvperf_host.so", "c/libnvperf_host.so"}) {
        tree.file(f);
    }
    tree.dir("a/libdir.so.1/x"); // a folder of that name: the loader passes over it
    const Paths folders{tree.path("a"), tree.path("b"), tree.path("c"), tree.path("missing")};
    EXPECT_EQ(rows(find_duplicate_sonames(folders, TargetOs::linux)),
              (std::vector<Row>{{"libdir.so.1", tree.path("b"), {tree.path("c")}},
                                {"libnvperf_host.so", tree.path("b"), {tree.path("c")}},
                                {"libx.so.1", tree.path("a"), {tree.path("c")}},
                                {"liby.so.2", tree.path("b"), {tree.path("c")}}}));
    // The order of the folders is the order of the loader path: reversed, c wins everything.
    const Paths reversed{tree.path("c"), tree.path("b"), tree.path("a")};
    const auto back = find_duplicate_sonames(reversed, TargetOs::linux);
    ASSERT_EQ(back.size(), 4U);
    EXPECT_EQ(rows(back)[2], (Row{"libx.so.1", tree.path("c"), {tree.path("a")}}));
    EXPECT_EQ(rows(back)[1], (Row{"libnvperf_host.so", tree.path("c"), {tree.path("b")}}));
    // Three copies: one loads, two are shadowed, in loader-path order.
    tree.file("b/libx.so.1");
    EXPECT_EQ(rows(find_duplicate_sonames(folders, TargetOs::linux))[2],
              (Row{"libx.so.1", tree.path("a"), {tree.path("b"), tree.path("c")}}));
}

TEST(DuplicateSonames, WindowsComparesDllNamesWithoutCase)
{
    // win_amd64: nvidia-cusparse-cu12 12.5.10.65 cusparse/bin/cusparse64_12.dll, nvidia-cusparse
    // 12.6.3.3 cu13/bin/x86_64/cusparse64_12.dll; the same DLL name, as Windows compares names.
    test::ScratchDir tree;
    tree.file("cu13/bin/x86_64/CUSPARSE64_12.DLL");
    tree.file("cusparse/bin/cusparse64_12.dll");
    tree.file("cu13/bin/x86_64/cudart64_13.dll");
    tree.file("cuda_runtime/bin/cudart64_12.dll");
    tree.file("cuda_runtime/bin/libcudart.so.12"); // not a DLL: not a library on Windows
    tree.file("cu13/bin/x86_64/libcudart.so.12");
    const Paths folders{tree.path("cu13/bin/x86_64"), tree.path("cusparse/bin"), tree.path("cuda_runtime/bin")};
    EXPECT_EQ(rows(find_duplicate_sonames(folders, TargetOs::windows)),
              (std::vector<Row>{{"CUSPARSE64_12.DLL", folders[0], {folders[1]}}}));
    // Linux compares bytes: CUSPARSE64_12.DLL is no library there, libcudart.so.12 is.
    EXPECT_EQ(rows(find_duplicate_sonames(folders, TargetOs::linux)),
              (std::vector<Row>{{"libcudart.so.12", folders[0], {folders[2]}}}));
}

TEST(DuplicateSonames, TheSameFileTwiceIsNoDuplicate)
{
    test::ScratchDir tree;
    tree.file("real/libcurand.so.10");
    fs::create_directory_symlink(tree.path("real"), tree.path("alias"));
    fs::create_directories(tree.path("linked"));
    fs::create_hard_link(tree.path("real/libcurand.so.10"), tree.path("linked/libcurand.so.10"));
    fs::create_directories(tree.path("dangling"));
    fs::create_symlink(tree.path("nowhere/libcurand.so.10"), tree.path("dangling/libcurand.so.10"));
    EXPECT_TRUE(
        find_duplicate_sonames({tree.path("real"), tree.path("alias"), tree.path("linked"), tree.path("dangling")},
                               TargetOs::linux)
            .empty());
    // A symbolic link to another file is a copy the loader would load: counted.
    tree.file("other/libcurand.so.10.4.0.35");
    fs::create_directories(tree.path("versioned"));
    fs::create_symlink(tree.path("other/libcurand.so.10.4.0.35"), tree.path("versioned/libcurand.so.10"));
    EXPECT_EQ(rows(find_duplicate_sonames({tree.path("dangling"), tree.path("versioned"), tree.path("real")},
                                          TargetOs::linux)),
              (std::vector<Row>{{"libcurand.so.10", tree.path("versioned"), {tree.path("real")}}}));
}

TEST(DuplicateSonames, OddNamesAndLargeFoldersAreBounded)
{
    test::ScratchDir tree;
    // A control character in a name (the text report would print it raw): skipped. Bytes that
    // are not UTF-8: a name like any other (the JSON report replaces them).
    for (const char* folder : {"a", "b"}) {
        tree.file(std::string(folder) + "/libesc\x1b[2J.so.1");
        tree.file(std::string(folder) + "/libnew\nline.so.1");
        tree.file(std::string(folder) + "/lib\xff\xfe.so.1");
    }
    const auto odd = find_duplicate_sonames({tree.path("a"), tree.path("b")}, TargetOs::linux);
    ASSERT_EQ(odd.size(), 1U);
    EXPECT_EQ(odd[0].soname, "lib\xff\xfe.so.1");
    // A folder of more than k_max_folder_entries names: no more than that many are read.
    test::ScratchDir big;
    for (const char* folder : {"a", "b"}) {
        const fs::path dir = big.dir(folder);
        for (std::size_t i = 0; i < k_max_folder_entries + 50; ++i) {
            fs::ofstream(dir / ("lib" + std::to_string(i) + ".so.1")).put('x');
        }
    }
    const auto many = find_duplicate_sonames({big.path("a"), big.path("b")}, TargetOs::linux);
    EXPECT_LE(many.size(), k_max_folder_entries);
    EXPECT_GT(many.size(), 0U);
}

TEST(DuplicateSonames, OneWarningPerSonameInAMixedVenv)
{
    FixtureVenv venv;
    add_mixed_wheels(venv);
    const fs::path nv = venv.site_packages() / "nvidia";
    const DoctorFacts facts = venv.facts();
    // cu13 first, then the other folders by name (docs/layouts.md, "The loader path's order").
    EXPECT_EQ(rows(facts.duplicate_sonames),
              (std::vector<Row>{{"libcufile.so.0", nv / "cu13/lib", {nv / "cufile/lib"}},
                                {"libcufile_rdma.so.1", nv / "cu13/lib", {nv / "cufile/lib"}},
                                {"libcurand.so.10", nv / "cu13/lib", {nv / "curand/lib"}},
                                {"libcusparse.so.12", nv / "cu13/lib", {nv / "cusparse/lib"}}}));
    const auto findings = diagnose(facts, compat_tables());
    const auto duplicates = all_with(findings, "duplicate-soname");
    ASSERT_EQ(duplicates.size(), 4U);
    for (const auto& f : duplicates) {
        EXPECT_EQ(f.severity, Severity::warning);
    }
    EXPECT_EQ(duplicates[3].message,
              "libcusparse.so.12 is in 2 library folders: the copy in " + (nv / "cu13/lib").string() +
                  " loads, as the first on the loader path (LD_LIBRARY_PATH), and the one in " +
                  (nv / "cusparse/lib").string() +
                  " never does; if a program needs that one, uninstall the wheel of the other copy, or leave its "
                  "folder out with [cuda] exclude.");
    EXPECT_TRUE(fires(findings, "mixed-cuda-majors")); // the mix itself stays the error
    // The human report names each soname once, in its findings.
    const std::string text = render_doctor_text(facts, findings, false);
    for (const char* soname : {"libcusparse.so.12 is in", "libcurand.so.10 is in", "libcufile.so.0 is in"}) {
        const auto at = text.find(soname);
        ASSERT_NE(at, std::string::npos) << text;
        EXPECT_EQ(text.find(soname, at + 1), std::string::npos) << soname;
    }

    // One major only: no duplicate (libnvJitLink.so.12 and .13 differ in name).
    FixtureVenv cu13;
    cu13.add_cu13_wheels();
    EXPECT_FALSE(fires(cu13.findings(), "duplicate-soname"));
}

TEST(DuplicateSonames, TheWinnerIsTheNewLoaderPathsFirstFolder)
{
    FixtureVenv venv;
    add_mixed_wheels(venv);
    const fs::path nv = venv.site_packages() / "nvidia";
    // [env] prepend puts nvidia/curand/lib in front: its copy loads now.
    RunOptions moved;
    moved.config = [&](Config& c) {
        c.env_prepend.push_back({"LD_LIBRARY_PATH", {{(nv / "curand/lib").string(), {}}}});
    };
    const DoctorFacts facts = venv.facts(moved);
    const auto it = std::find_if(facts.duplicate_sonames.begin(), facts.duplicate_sonames.end(),
                                 [](const DuplicateSoname& d) { return d.soname == "libcurand.so.10"; });
    ASSERT_NE(it, facts.duplicate_sonames.end());
    EXPECT_EQ(it->loads, nv / "curand/lib");
    EXPECT_EQ(it->shadowed, Paths{nv / "cu13/lib"});
    // [cuda] exclude leaves a folder off the loader path: its names are no longer duplicated.
    RunOptions excluded;
    excluded.config = [](Config& c) { c.exclude = {"cusparse", "curand", "cufile"}; };
    EXPECT_TRUE(venv.facts(excluded).duplicate_sonames.empty());
    // [cuda] enabled = false: the launcher adds no folder, so none competes.
    RunOptions disabled;
    disabled.config = [](Config& c) { c.cuda_enabled = false; };
    EXPECT_TRUE(venv.facts(disabled).duplicate_sonames.empty());
}

TEST(DuplicateSonames, WindowsFixtureNamesTheDllOnce)
{
    FixtureVenv venv(TargetOs::windows);
    venv.add_wheel("nvidia-curand", "10.4.0.35", {"nvidia/cu13/bin/x86_64/curand64_10.dll"});
    venv.add_wheel("nvidia-curand-cu12", "10.3.10.19", {"nvidia/curand/bin/curand64_10.dll"});
    const fs::path nv = venv.site_packages() / "nvidia";
    const auto duplicates = all_with(venv.findings(), "duplicate-soname");
    ASSERT_EQ(duplicates.size(), 1U);
    EXPECT_TRUE(mentions(duplicates[0], "curand64_10.dll is in 2 library folders: the copy in " +
                                            (nv / "cu13/bin/x86_64").make_preferred().string() +
                                            " loads, as the first on PATH (for a DLL found through "
                                            "os.add_dll_directory Windows does not specify the order)"))
        << duplicates[0].message;
}

} // namespace
} // namespace rwc::doctor_test
