// The scratch folder of every C++ test suite (unit, doctor, e2e, win32): a fresh folder
// owned by one test or fixture, helpers to lay files out in it, and whole-file reads and
// writes.
#pragma once

#include <boost/filesystem/path.hpp>

#include <string>

/// Skips a test that runs the Linux rules (':' path lists, bin/python without ".exe") on
/// scratch paths: on a Windows host they start with "C:", whose colon splits a Linux path
/// list. Such a plan does not exist (the launcher built for Windows applies
/// TargetOs::windows, tested by the Windows* tests), so those tests run natively only.
#ifdef _WIN32
#define RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS() GTEST_SKIP() << "Linux path lists of C:\\ paths do not exist"
#else
#define RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS() static_cast<void>(0)
#endif

namespace rwc::test {

namespace fs = boost::filesystem;

/// Where scratch folders go by default: RWC_TEST_TMPDIR if set; on Windows %TEMP%
/// (GetTempPathW through boost::filesystem::temp_directory_path); else /tmp, on the disk's
/// file system (Boost's copy_file fails across devices with copy_file_range on some kernels).
fs::path scratch_base();

/// A faster place for large trees: RWC_TEST_TMPDIR if set; else /dev/shm when it is a
/// writable folder not mounted noexec (tmpfs: a venv of 2,200 files is laid out in
/// milliseconds, and stand-in programs laid out there can run); else scratch_base().
fs::path tmpfs_scratch_base();

/// A fresh folder base/<name_model with each '%' replaced by a random hex digit>
/// (boost::filesystem::unique_path), created by this object alone (a name that exists is
/// never reused) with mode 0700 as mkdtemp(3) makes it. Its path is canonical (no symbolic
/// link in it; on Windows in the preferred '\\' form, as the launcher's own paths are). The
/// destructor removes it with all its contents, even folders made unreadable, unless
/// RWC_TEST_KEEP is set (to look at a failed test's files). Throws
/// boost::filesystem::filesystem_error when the folder cannot be created.
class ScratchDir {
  public:
    explicit ScratchDir(const fs::path& base = scratch_base(), const fs::path& name_model = "rwc-test-%%%%-%%%%-%%%%");
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    /// The absolute, canonical folder.
    const fs::path& root() const noexcept { return m_root; }

    /// root()/rel in the OS's preferred form (boost::filesystem::path::make_preferred),
    /// without creating anything.
    fs::path path(const std::string& rel) const { return (m_root / rel).make_preferred(); }

    /// Creates the folder root()/rel and its parents; returns its absolute path.
    fs::path dir(const std::string& rel) const;

    /// Writes bytes to root()/rel (parents created, mode 0644); returns its absolute path.
    fs::path file(const std::string& rel, const std::string& bytes = "") const;

    /// As file(), then mode 0755; returns its absolute path.
    fs::path executable(const std::string& rel, const std::string& bytes = "#!/bin/sh\nexit 0\n") const;

    /// Creates root()/rel as a symbolic link to target (parents created); returns its path.
    fs::path symlink(const std::string& rel, const fs::path& target) const;

  private:
    fs::path m_root;
};

/// Writes bytes to file (created or truncated), creating its parent folders; throws
/// std::runtime_error when it cannot be written. Wide paths on Windows (any Unicode name).
void write_file(const fs::path& file, const std::string& bytes);

/// The whole content of file as bytes; throws std::runtime_error when it cannot be read.
std::string read_file(const fs::path& file);

} // namespace rwc::test
