// A scratch folder owned by one test.
#pragma once

#include <boost/filesystem/path.hpp>

namespace rwc::e2e {

namespace fs = boost::filesystem;

/// Where scratch folders go by default: RWC_E2E_TMPDIR if set, else /dev/shm when it is a
/// writable folder not mounted noexec (tmpfs: a venv of 2,200 files is laid out in
/// milliseconds), else /tmp.
fs::path default_scratch_base();

/// Creates a fresh folder <base>/rwc-e2e-XXXXXX (mkdtemp) and removes it with all its
/// contents on destruction, unless RWC_E2E_KEEP is set in the test's environment.
class TempDir {
  public:
    explicit TempDir(const fs::path& base = default_scratch_base());
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The folder's absolute path (no symbolic links, no ':' in it).
    const fs::path& path() const noexcept { return m_path; }

  private:
    fs::path m_path;
};

/// Writes bytes to file (created or truncated), creating parent folders; throws on error.
void write_file(const fs::path& file, const std::string& bytes);

/// Copies source's bytes and permission bits to target (replaced if it exists), without
/// the fdatasync() of Boost's copy_file; throws on error.
void copy_file_fast(const fs::path& source, const fs::path& target);

/// Reads the whole file as bytes; throws on error.
std::string read_file(const fs::path& file);

} // namespace rwc::e2e
