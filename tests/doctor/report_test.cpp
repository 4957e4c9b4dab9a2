// The human report of --doctor: its exact text for one fixture, and colour only on request.
#include "doctor/report.hpp"
#include "doctor_fixture.hpp"
#include "version.hpp"

#include <gtest/gtest.h>

namespace rwc::doctor_test {
namespace {

/// cu13 runtime, nvcc and cuDNN wheels with a torch built for CUDA 12 that pins cuDNN for
/// CUDA 12; the ld.so cache holds a system libcudart.so.13; no driver.
DoctorFacts sample_facts(const FixtureVenv& venv)
{
    venv.add_cu13_wheels({"nvidia_cuda_runtime", "nvidia_cuda_nvcc", "nvidia_cudnn"});
    venv.add_wheel("torch", "2.5.1+cu124", {},
                   {"nvidia-cudnn-cu12==9.1.0.70; platform_system == \"Linux\"", "filelock"});
    RunOptions options;
    options.probes.cache = {{"libcudart.so.13", "/usr/local/cuda-13.0/lib/libcudart.so.13"}};
    return venv.facts(options);
}

TEST(DoctorReport, ExactText)
{
    FixtureVenv venv;
    const DoctorFacts facts = sample_facts(venv);
    const std::string text = render_doctor_text(facts, diagnose(facts, compat_tables()), false);
    const std::string root = venv.root().parent_path().string();
    // The version comes from VERSION: the expected text names it as <version>.
    EXPECT_EQ(replace_all(replace_all(text, root, "<tmp>"), k_version, "<version>"),
              R"text(run-with-cuda <version> --doctor

Environment
  config         none (built-in defaults)
  interpreter    <tmp>/venv/bin/python
  environment    venv at <tmp>/venv (--python)
  python         3.12
  site-packages  <tmp>/venv/lib/python3.12/site-packages
  distributions  4 installed

NVIDIA wheels (3)
  nvidia-cuda-nvcc     13.0.88    CUDA 13  nvidia/cu13
  nvidia-cuda-runtime  13.0.96    CUDA 13  nvidia/cu13
  nvidia-cudnn-cu13    9.19.0.56  CUDA 13  nvidia/cudnn

Frameworks
  torch  2.5.1+cu124  CUDA 12
      requires nvidia-cudnn-cu12==9.1.0.70

Folders
  nvidia/cu13   library <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/lib
  nvidia/cu13   tools   <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/bin
  nvidia/cudnn  library <tmp>/venv/lib/python3.12/site-packages/nvidia/cudnn/lib

Toolkit and driver
  toolkit root      <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13
  ptxas             <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/bin/ptxas  (Cuda compilation tools, release 13.0, V13.0.88)
  nvcc              <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/bin/nvcc  (Cuda compilation tools, release 13.0, V13.0.88)
  libcuda.so.1      not loaded: libcuda.so.1: cannot open shared object file: No such file or directory
  programs started  <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/bin/ptxas --version
                    <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/bin/nvcc --version
                    ldconfig -p (/sbin/ldconfig or /usr/sbin/ldconfig, when present)

Variables the launcher sets
  VIRTUAL_ENV          = <tmp>/venv
  LD_LIBRARY_PATH      + <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/lib
                       + <tmp>/venv/lib/python3.12/site-packages/nvidia/cudnn/lib
  PATH                 + <tmp>/venv/bin
                       + <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13/bin
  CUDA_PATH            = <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13
  CUDA_HOME            = <tmp>/venv/lib/python3.12/site-packages/nvidia/cu13
  CUDA_MODULE_LOADING  = LAZY
  RUN_WITH_CUDA        = <version>

Without the launcher
  libcudart.so.13  /usr/local/cuda-13.0/lib/libcudart.so.13  (ld.so cache)

Findings
  error    torch-pin-unmet      torch 2.5.1+cu124 requires nvidia-cudnn-cu12==9.1.0.70, not installed: pip install 'nvidia-cudnn-cu12==9.1.0.70'.
  error    torch-cuda-mismatch  torch 2.5.1+cu124 is built for CUDA 12 (+cu124) but the installed runtime nvidia-cuda-runtime 13.0.96 is CUDA 13: install the torch build for CUDA 13, or pip install nvidia-cuda-runtime-cu12.
  warning  no-driver            No NVIDIA driver: libcuda.so.1 does not load (libcuda.so.1: cannot open shared object file: No such file or directory); install the driver before running CUDA programs (fine on a machine that only prepares the environment).
  warning  system-cuda-shadows  Without the launcher, the environment's libcudart.so.13 would load from /usr/local/cuda-13.0/lib (ld.so cache) instead: start programs through run-with-cuda, or remove that folder from /etc/ld.so.conf.d and run ldconfig.

2 errors, 2 warnings, 0 infos: exit status 1
)text");
}

TEST(DoctorReport, ColourOnlyWhenAsked)
{
    FixtureVenv venv;
    const DoctorFacts facts = sample_facts(venv);
    const auto findings = diagnose(facts, compat_tables());
    const std::string plain = render_doctor_text(facts, findings, false);
    const std::string colour = render_doctor_text(facts, findings, true);
    EXPECT_EQ(plain.find('\x1b'), std::string::npos);
    EXPECT_NE(colour.find("\x1b[1mFindings\x1b[0m"), std::string::npos);
    EXPECT_NE(colour.find("\x1b[31merror  \x1b[0m  torch-pin-unmet"), std::string::npos) << colour;
    EXPECT_NE(colour.find("\x1b[33mwarning\x1b[0m  no-driver"), std::string::npos) << colour;
}

TEST(DoctorReport, TheEmbeddableLayout)
{
    FixtureVenv embeddable(TargetOs::windows);
    embeddable.make_embeddable("python312.zip\n.\n#import site\n");
    const DoctorFacts facts = embeddable.facts();
    const std::string text = render_doctor_text(facts, diagnose(facts, compat_tables()), false);
    const std::string root = embeddable.root().string();
    EXPECT_NE(text.find("embeddable Python at " + root), std::string::npos) << text;
    EXPECT_NE(text.find("._pth file     " + root + "/python312._pth (no import site)"), std::string::npos) << text;
    EXPECT_NE(text.find("._pth folders  " + root + "\n"), std::string::npos) << text;
    EXPECT_NE(text.find("pth-no-import-site"), std::string::npos) << text;
}

} // namespace
} // namespace rwc::doctor_test
