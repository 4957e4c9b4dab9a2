// A scratch folder tree owned by one test, with helpers to lay out files and folders.
#pragma once

#include <boost/filesystem/path.hpp>

#include <string>

/// Skips a test that runs the Linux rules (':' path lists, bin/python without ".exe") on
/// the temporary tree: on a Windows host its paths start with "C:", whose colon splits a
/// Linux path list. Such a plan does not exist (the launcher built for Windows applies
/// TargetOs::windows, tested by the Windows* tests), so those tests run natively only.
#ifdef _WIN32
#define RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS() GTEST_SKIP() << "Linux path lists of C:\\ paths do not exist"
#else
#define RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS() static_cast<void>(0)
#endif

namespace rwc::test {

namespace fs = boost::filesystem;

/// A fresh folder /tmp/rwc-unit-XXXXXX (mkdtemp, canonical: no symbolic link in its
/// path; on Windows %TEMP%\rwc-unit-..., in the preferred form), removed with all its
/// contents on destruction, even folders made unreadable.
class TempTree {
  public:
    TempTree();
    ~TempTree();
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    /// The absolute root folder.
    const fs::path& root() const noexcept { return m_root; }

    /// root()/rel in the OS's preferred form ('\\' on Windows, as the launcher's own paths
    /// are; boost::filesystem::path::make_preferred), without creating anything.
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

/// The current working directory set to dir for the guard's lifetime.
class CwdGuard {
  public:
    explicit CwdGuard(const fs::path& dir);
    ~CwdGuard();
    CwdGuard(const CwdGuard&) = delete;
    CwdGuard& operator=(const CwdGuard&) = delete;

  private:
    fs::path m_old;
};

/// The whole content of file as bytes; throws std::runtime_error when unreadable.
std::string read_bytes(const fs::path& file);

} // namespace rwc::test
