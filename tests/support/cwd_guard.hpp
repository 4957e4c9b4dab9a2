// Changing the current working directory for one test, and back.
#pragma once

#include <boost/filesystem/operations.hpp>
#include <boost/filesystem/path.hpp>

namespace rwc::test {

/// The current working directory set to dir for the guard's lifetime (restored on
/// destruction, errors ignored); the constructor throws boost::filesystem::filesystem_error
/// when dir cannot be entered.
class CwdGuard {
  public:
    explicit CwdGuard(const boost::filesystem::path& dir) : m_old(boost::filesystem::current_path())
    {
        boost::filesystem::current_path(dir);
    }
    ~CwdGuard()
    {
        boost::system::error_code ignored;
        boost::filesystem::current_path(m_old, ignored);
    }
    CwdGuard(const CwdGuard&) = delete;
    CwdGuard& operator=(const CwdGuard&) = delete;

  private:
    boost::filesystem::path m_old;
};

} // namespace rwc::test
