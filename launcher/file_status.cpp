#include "file_status.hpp"

#include <boost/filesystem/operations.hpp>

namespace rwc {

bool is_file(const boost::filesystem::path& p) noexcept
{
    boost::system::error_code ec;
    return boost::filesystem::is_regular_file(p, ec);
}

bool is_folder(const boost::filesystem::path& p) noexcept
{
    boost::system::error_code ec;
    return boost::filesystem::is_directory(p, ec);
}

bool path_exists(const boost::filesystem::path& p) noexcept
{
    boost::system::error_code ec;
    return boost::filesystem::exists(p, ec);
}

} // namespace rwc
