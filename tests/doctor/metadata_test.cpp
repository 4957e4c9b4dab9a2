// The text rules under the findings: PEP 440 versions and specifiers, PEP 508 markers and
// requirements, METADATA and RECORD, the CUDA major of a wheel, and scanning odd folders.
#include "doctor/dist_metadata.hpp"
#include "doctor/dist_scan.hpp"
#include "doctor/pep440_version.hpp"
#include "doctor/pep508_markers.hpp"
#include "doctor_fixture.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

namespace rwc::doctor_test {
namespace {

TEST(DoctorVersion, ParsesPep440Forms)
{
    const PyVersion v = parse_version("2.5.1+cu124");
    EXPECT_EQ(v.release, (std::vector<long>{2, 5, 1}));
    EXPECT_EQ(v.local, "cu124");
    EXPECT_EQ(parse_version("0.0.28.post3").post, 3);
    EXPECT_EQ(parse_version("3.2.0rc1").pre_kind, 2);
    EXPECT_EQ(parse_version("1.0.dev4").dev, 4);
    EXPECT_EQ(parse_version("V1.2").release, (std::vector<long>{1, 2}));
    EXPECT_EQ(parse_version("2.8.2+cu12torch2.8cxx11abiTRUE").local, "cu12torch2.8cxx11abitrue");
    for (const char* garbage : {"", "garbage", "1.2.3-foo bar", "+cu124", "1..2x", "\xff\xfe"}) {
        EXPECT_FALSE(parse_version(garbage).valid()) << garbage;
    }
}

TEST(DoctorVersion, OrdersAsPep440)
{
    const auto lt = [](const char* a, const char* b) {
        return compare_versions(parse_version(a), parse_version(b)) < 0;
    };
    EXPECT_TRUE(lt("1.0.dev1", "1.0a1"));
    EXPECT_TRUE(lt("1.0a1", "1.0b2"));
    EXPECT_TRUE(lt("1.0rc1", "1.0"));
    EXPECT_TRUE(lt("1.0", "1.0.post1"));
    EXPECT_TRUE(lt("0.0.28.post2", "0.0.28.post3"));
    EXPECT_TRUE(lt("2.4.1", "2.5"));
    EXPECT_EQ(compare_versions(parse_version("2.5"), parse_version("2.5.0+cu124")), 0);
}

TEST(DoctorVersion, Specifiers)
{
    const PyVersion torch = parse_version("2.5.1+cu124");
    EXPECT_TRUE(version_satisfies(torch, "==2.5.1"));
    EXPECT_TRUE(version_satisfies(torch, "==2.5.1+cu124"));
    EXPECT_FALSE(version_satisfies(torch, "==2.5.1+cu121"));
    EXPECT_TRUE(version_satisfies(torch, ">=2.4, <2.6"));
    EXPECT_TRUE(version_satisfies(torch, "==2.5.*"));
    EXPECT_FALSE(version_satisfies(torch, "==2.4.*"));
    EXPECT_TRUE(version_satisfies(torch, "~=2.5.0"));
    EXPECT_FALSE(version_satisfies(torch, "~=2.4.0"));
    EXPECT_TRUE(version_satisfies(torch, "!=2.5.0"));
    EXPECT_TRUE(version_satisfies(torch, ""));
    EXPECT_FALSE(version_satisfies(torch, "==garbage"));
    EXPECT_FALSE(version_satisfies(parse_version("garbage"), "==1"));
}

TEST(DoctorVersion, NamesAndCudaTags)
{
    EXPECT_EQ(normalize_name("Flash_Attn"), "flash-attn");
    EXPECT_EQ(normalize_name("nvidia_cudnn_cu13"), "nvidia-cudnn-cu13");
    EXPECT_EQ(normalize_name("a._-b"), "a-b");
    EXPECT_EQ(cuda_major_of_tag("cu124"), 12);
    EXPECT_EQ(cuda_major_of_tag("cu118"), 11);
    EXPECT_EQ(cuda_major_of_tag("cu13"), 13);
    EXPECT_EQ(cuda_major_of_tag("cu92"), 9);
    EXPECT_EQ(cuda_major_of_tag("cpu"), 0);
    EXPECT_EQ(cuda_major_of_tag("cu"), 0);
    EXPECT_EQ(cuda_major_of_tag("cu12x"), 0);
}

TEST(DoctorMarkers, EvaluatesTorchsMarkers)
{
    const auto linux312 = marker_environment(TargetOs::linux, "3.12");
    const auto linux313 = marker_environment(TargetOs::linux, "3.13");
    const auto windows = marker_environment(TargetOs::windows, "3.12");
    const char* cuda = R"(platform_system == "Linux" and platform_machine == "x86_64")";
    const char* triton = R"(platform_system == "Linux" and platform_machine == "x86_64" and python_version < "3.13")";
#if defined(__x86_64__)
    EXPECT_TRUE(marker_applies(cuda, linux312));
    EXPECT_TRUE(marker_applies(triton, linux312));
#endif
    EXPECT_FALSE(marker_applies(triton, linux313));
    EXPECT_FALSE(marker_applies(cuda, windows));
    EXPECT_TRUE(marker_applies("", linux312));
    EXPECT_FALSE(marker_applies(R"(extra == "opt-einsum")", linux312));
    EXPECT_TRUE(
        marker_applies(R"(sys_platform == "win32" or (os_name == "posix" and python_version >= '3.9'))", linux312));
    EXPECT_TRUE(marker_applies(R"('linux' in sys_platform)", linux312));
    EXPECT_TRUE(marker_applies(R"("win" not in sys_platform)", linux312));
    EXPECT_FALSE(marker_applies(R"(python_version < "3.13")", marker_environment(TargetOs::linux, "")));
    for (const char* broken :
         {"platform_system ==", "(python_version > '3'", "== 'x'", "a == 'b' garbage", "'unterminated"}) {
        EXPECT_FALSE(marker_applies(broken, linux312)) << broken;
    }
}

TEST(DoctorMetadata, RequirementsAndHeaders)
{
    const Requirement r = parse_requirement(R"(nvidia-cudnn-cu12==9.1.0.70; platform_system == "Linux")");
    EXPECT_EQ(r.name, "nvidia-cudnn-cu12");
    EXPECT_EQ(r.specifier, "==9.1.0.70");
    EXPECT_EQ(r.marker, R"(platform_system == "Linux")");
    EXPECT_EQ(parse_requirement("Torch (>=2.0, <3)").specifier, ">=2.0,<3");
    EXPECT_EQ(parse_requirement("jax[cuda12] >= 0.4").specifier, ">=0.4");
    EXPECT_EQ(parse_requirement("pkg @ https://x/y.whl ; python_version>'3'").specifier, "");
    EXPECT_EQ(parse_requirement("").name, "");

    const DistMetadata meta = parse_metadata(read_file(fs::path(RWC_DOCTOR_METADATA) / "torch-2.5.1+cu124.METADATA"));
    EXPECT_EQ(meta.name, "torch");
    EXPECT_EQ(meta.version, "2.5.1+cu124");
    ASSERT_EQ(meta.requires.size(), 22U); // the body's "Requires-Dist:" line is not a header
    EXPECT_EQ(meta.requires[17].name, "triton");
    EXPECT_EQ(parse_metadata("name: x\r\nVERSION: 1\r\n\r\nVersion: 2\r\n").version, "1");
    EXPECT_EQ(parse_metadata("garbage without colon\n\tcontinued\n").name, "");
}

TEST(DoctorMetadata, EveryCu13WheelIsCuda13)
{
    for (fs::directory_iterator it(cu13_manifests()), end; it != end; ++it) {
        const DistMetadata meta = parse_metadata(read_file(it->path() / "METADATA"));
        const auto folders = record_package_folders(read_file(it->path() / "RECORD"));
        std::string source;
        EXPECT_EQ(nvidia_wheel_cuda_major(normalize_name(meta.name), meta.version, folders, source), 13)
            << it->path().filename().string();
        EXPECT_FALSE(folders.empty());
    }
}

TEST(DoctorMetadata, CudaMajorRules)
{
    std::string source;
    EXPECT_EQ(nvidia_wheel_cuda_major("nvidia-cudnn-cu12", "9.1.0.70", {"cudnn"}, source), 12);
    EXPECT_EQ(source, "name suffix -cu12");
    EXPECT_EQ(nvidia_wheel_cuda_major("nvidia-cufft", "12.0.0.61", {"cu13"}, source), 13);
    EXPECT_EQ(nvidia_wheel_cuda_major("nvidia-cuda-runtime", "13.0.96", {}, source), 13);
    EXPECT_EQ(nvidia_wheel_cuda_major("nvidia-cufft", "12.0.0.61", {}, source), 0); // cufft's version is not CUDA's
    EXPECT_EQ(nvidia_wheel_cuda_major("nvidia-cuda-runtime", "garbage", {}, source), 0);
    EXPECT_EQ(record_package_folders("nvidia/__init__.py,,\n\"nvidia/cu13/lib/a.so\",x,1\nnvidia/cudnn/x,,\nother/x,,"),
              (std::vector<std::string>{"cu13", "cudnn"}));
    // cutensor-cu12 2.3.1 and custatevec-cu12 put their files beside nvidia/ (docs/layouts.md).
    EXPECT_EQ(record_package_folders("cutensor/lib/libcutensor.so.2,x,1\ncutensor/include/cutensor.h,x,1\n"
                                     "cuquantum/lib/libcustatevec.so.1,x,1\ncutensorx/lib/a.so,,\n"),
              (std::vector<std::string>{"cutensor", "cuquantum"}));
}

TEST(DoctorMetadata, NvidiaLibraryKeys)
{
    for (const char* key : {"nvidia-cublas", "nvidia-cudnn-cu12", "cutensor-cu12", "cutensor-cu13", "custatevec-cu12",
                            "cutensornet-cu13", "cudensitymat-cu12", "cuquantum-cu12"}) {
        EXPECT_TRUE(is_nvidia_library_key(key)) << key;
    }
    for (const char* key : {"cutensor", "torch", "cupy-cuda12x", "nvidia", "cuquantum-python-cu12x"}) {
        EXPECT_FALSE(is_nvidia_library_key(key)) << key;
    }
}

TEST(DoctorMetadata, ScanSurvivesOddFolders)
{
    FixtureVenv venv;
    venv.add_dist("nvidia_cublas-13.1.0.3", std::nullopt, {"nvidia/cu13/lib/libcublas.so.13"}); // no METADATA
    venv.add_dist("torch-2.5.1", std::string("Name: torch\nVersion: garbage\n\n"));
    venv.add_dist("nvidia_ml_py-12.535.133", std::string("Name: nvidia-ml-py\nVersion: 12.535.133\n\n"), {"pynvml.py"});
    venv.add_dist("-", std::string("\n"));
    venv.file("weird.dist-info"); // a file, not a folder
    venv.add_dist("empty", std::nullopt);
    const fs::path not_a_folder = venv.file("not-a-folder");
    const DistributionScan scan = scan_distributions({venv.site_packages(), not_a_folder, "/nonexistent"});
    ASSERT_EQ(scan.nvidia.size(), 1U); // nvidia-ml-py puts nothing in nvidia/
    EXPECT_EQ(scan.nvidia[0].name, "nvidia_cublas");
    EXPECT_EQ(scan.nvidia[0].version, "13.1.0.3");
    EXPECT_EQ(scan.nvidia[0].cuda_major, 13);
    EXPECT_EQ(scan.nvidia[0].problem, "METADATA missing or unreadable");
    ASSERT_EQ(scan.frameworks.size(), 1U);
    EXPECT_EQ(scan.frameworks[0].version, "garbage");
    EXPECT_EQ(scan.total, 6U);
    ASSERT_EQ(scan.problems.size(), 1U);
    EXPECT_NE(scan.problems[0].find("not-a-folder"), std::string::npos);
}

TEST(DoctorMetadata, FirstSitePackagesWins)
{
    FixtureVenv a, b;
    a.add_wheel("torch", "2.5.1+cu124");
    b.add_wheel("torch", "2.4.0");
    const DistributionScan scan = scan_distributions({a.site_packages(), b.site_packages()});
    ASSERT_EQ(scan.frameworks.size(), 1U);
    EXPECT_EQ(scan.frameworks[0].version, "2.5.1+cu124");
    EXPECT_EQ(scan.total, 2U);
}

TEST(DoctorLoader, ParsesLdconfigOutput)
{
    const auto entries = parse_ldconfig_output(
        "685 libs found in cache `/etc/ld.so.cache'\n"
        "\tlibcudart.so.13 (libc6,x86-64) => /usr/local/cuda-13.0/lib/libcudart.so.13\n"
        "\tlibz.so.1 (libc6) => /usr/lib32/libz.so.1\n"
        "\tlibnvvm.so.4 (libc6,x86-64, OS ABI: Linux 3.2.0) => /usr/local/cuda-13.0/lib/libnvvm.so.4\r\n"
        "garbage line\n\t (libc6,x86-64) => \n");
    ASSERT_EQ(entries.size(), 2U);
    EXPECT_EQ(entries[0].soname, "libcudart.so.13");
    EXPECT_EQ(entries[0].path, "/usr/local/cuda-13.0/lib/libcudart.so.13");
    EXPECT_EQ(entries[1].path, "/usr/local/cuda-13.0/lib/libnvvm.so.4");
}

TEST(DoctorLoader, ToolVersionLine)
{
    EXPECT_EQ(tool_version_line("ptxas: NVIDIA (R) Ptx optimizing assembler\nCopyright (c) 2005-2025\n"
                                "Cuda compilation tools, release 13.0, V13.0.88\nBuild cuda_13.0\n"),
              "Cuda compilation tools, release 13.0, V13.0.88");
    EXPECT_EQ(tool_version_line("a\nb\r\n\n"), "b");
    EXPECT_EQ(tool_version_line(""), "");
}

TEST(DoctorCompat, TheCompiledInTablesParse)
{
    const CompatTables& t = compat_tables();
    // scripts/update-compat.py's rows (docs/compat.md, "Refreshing the tables from PyPI") come first.
    EXPECT_EQ(t.torch_triton.size(), 17U);
    EXPECT_EQ(t.torch_triton.front(), (std::pair<std::string, std::string>{"2.15.0", "3.9.0"}));
    EXPECT_EQ(t.torch_cudnn.front(), (std::pair<std::string, std::string>{"2.15.0", "9.26.0.51"}));
    EXPECT_EQ(t.xformers_torch.size(), 21U);
    EXPECT_EQ(t.xformers_bad, (std::vector<std::string>{"0.0.29"}));
    EXPECT_EQ(t.flash_attn_torch.size(), 10U);
    EXPECT_EQ(t.torch_cudnn.size(), 13U);
    EXPECT_FALSE(t.sources.empty());
    EXPECT_THROW(parse_compat_tables("{"), std::exception);
    EXPECT_NO_THROW(parse_compat_tables("{}"));
}

} // namespace
} // namespace rwc::doctor_test
