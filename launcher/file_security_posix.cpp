// file_security.hpp for POSIX: the owner rule reads fstat()'s uid and mode instead
// (file_open_posix.cpp), so there are no Windows facts.
#include "file_security.hpp"

namespace rwc {

std::optional<FileSecurity> read_file_security(std::FILE*)
{
    return std::nullopt;
}

const UserSids& current_user_sids()
{
    static const UserSids none;
    return none;
}

} // namespace rwc
