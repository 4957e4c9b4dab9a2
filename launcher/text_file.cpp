#include "text_file.hpp"

#include <boost/filesystem/fstream.hpp>

#include <cerrno>
#include <cstring>
#include <iterator>

namespace rwc {

std::optional<std::string> read_text_file(const boost::filesystem::path& p, std::string* error)
{
    // boost::filesystem::ifstream opens wide paths on Windows.
    errno = 0;
    boost::filesystem::ifstream in(p, std::ios::binary);
    if (!in) {
        if (error) {
            *error = errno ? std::strerror(errno) : "cannot open";
        }
        return std::nullopt;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        if (error) {
            *error = errno ? std::strerror(errno) : "read error";
        }
        return std::nullopt;
    }
    return text;
}

} // namespace rwc
