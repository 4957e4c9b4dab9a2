// Fixtures of the --doctor tests: a fake venv (pyvenv.cfg, an interpreter file and an empty
// site-packages; no Python is run) filled with the real CUDA 13 dist-info folders and
// hand-made METADATA, and the pipeline run on it in-process, as app.cpp runs it.
#pragma once

#include "doctor/facts.hpp"
#include "doctor/findings.hpp"
#include "doctor/probes.hpp"
#include "scratch_dir.hpp"

#include <boost/filesystem/path.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rwc::doctor_test {

namespace fs = boost::filesystem;

/// The CUDA 13 wheels' dist-info folders (tests/fixtures/wheel-manifests/linux-x86_64-cu13).
fs::path cu13_manifests();

/// Host probes with fixed answers: no driver, an empty ld.so cache, a CUDA 13 ptxas/nvcc line.
struct FakeProbes {
    DriverInfo driver{"libcuda.so.1", false, 0,
                      "libcuda.so.1: cannot open shared object file: No such file or directory"};
    std::vector<LoaderCacheEntry> cache;
    std::string tool_line = "Cuda compilation tools, release 13.0, V13.0.88";

    HostProbes probes() const;
};

/// How the pipeline is run on a fixture.
struct RunOptions {
    FakeProbes probes;
    std::vector<std::string> env;        ///< "NAME=value" added to the clean environment
    bool no_python = false;              ///< as if no environment had been found
    std::function<void(Config&)> config; ///< changes the default config
};

/// A fake venv under a scratch folder: root/pyvenv.cfg (version 3.12.1) and, for Linux,
/// root/bin/python and root/lib/python3.12/site-packages; for Windows, root/Scripts/python.exe
/// and root/Lib/site-packages.
class FixtureVenv {
  public:
    explicit FixtureVenv(TargetOs os = TargetOs::linux);

    const fs::path& root() const noexcept { return m_root; }
    const fs::path& site_packages() const noexcept { return m_sp; }

    /// Writes site-packages/rel (parents created); bin/ files and executable = true get mode 0755.
    fs::path file(const std::string& rel, const std::string& content = "", bool executable = false) const;

    /// Copies the dist-info folders of the CUDA 13 manifests (only those whose folder name
    /// starts with one of only; all when empty) and creates every file their RECORD lists.
    void add_cu13_wheels(const std::vector<std::string>& only = {}) const;

    /// Writes <folder>.dist-info with metadata as METADATA (none when nullopt) and a RECORD
    /// listing files, each created empty under site-packages.
    void add_dist(const std::string& folder, const std::optional<std::string>& metadata,
                  const std::vector<std::string>& files = {}) const;

    /// An NVIDIA (or any) wheel with a two-line METADATA (Name, Version) and RECORD files.
    void add_wheel(const std::string& name, const std::string& version, const std::vector<std::string>& files = {},
                   const std::vector<std::string>& requires = {}) const;

    /// A hand-made METADATA of tests/doctor/metadata ("torch-2.5.1+cu124.METADATA"); the
    /// dist-info folder is named after the file.
    void add_metadata_file(const std::string& file) const;

    /// The CUDA 12 wheels torch 2.5.1+cu124 pins, at its versions, in the per-package layout.
    void add_cu12_torch_wheels() const;

    /// Turns a Windows fixture into Python's embeddable distribution: no pyvenv.cfg or
    /// Scripts/, root/python.exe and root/python312.dll, and root/python312._pth holding pth.
    void make_embeddable(const std::string& pth) const;

    /// Runs config -> python_env -> cuda_layout -> env_plan -> collect_doctor_facts.
    DoctorFacts facts(const RunOptions& options = {}) const;

    /// diagnose(facts(options), compat_tables()).
    std::vector<Finding> findings(const RunOptions& options = {}) const;

  private:
    test::ScratchDir m_temp; ///< the scratch folder (tests/support/scratch_dir.hpp)
    TargetOs m_os;
    fs::path m_root;
    fs::path m_sp;
};

/// True when a finding with code is among findings.
bool fires(const std::vector<Finding>& findings, const std::string& code);

/// True when f exists and its message contains text.
bool mentions(const std::optional<Finding>& f, const std::string& text);

/// Options whose fake driver loads and reports cuda_version (1000 * major + 10 * minor).
RunOptions with_driver(int cuda_version);

/// The codes of findings, in order.
std::vector<std::string> codes(const std::vector<Finding>& findings);

/// The finding with code, or nullopt.
std::optional<Finding> find_code(const std::vector<Finding>& findings, const std::string& code);

/// The whole content of a file; throws std::runtime_error when unreadable (scratch_dir.hpp).
using test::read_file;

/// Replaces every occurrence of from in text with to.
std::string replace_all(std::string text, const std::string& from, const std::string& to);

} // namespace rwc::doctor_test
