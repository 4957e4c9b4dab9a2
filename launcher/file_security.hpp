// The Windows security facts of an open file and of the process token, for the owner rule
// of found configs (config/README.md, "Trust"; docs/design.md, "Trust rules"):
// file_security_win32.cpp reads them with GetSecurityInfo on the handle the file is read
// from, file_security_posix.cpp has none (fstat() gives the POSIX owner: file_open.hpp).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// The security facts of one open file on Windows. SIDs are in string form ("S-1-5-18").
struct FileSecurity {
    /// The volume records owners and ACLs (GetVolumeInformationByHandleW reports
    /// FILE_PERSISTENT_ACLS); false on FAT32 and exFAT, where owner_sid means nothing.
    bool has_security = true;
    std::string owner_sid;  ///< the owner's SID; empty when it could not be read
    std::string owner_name; ///< "DOMAIN\\name" from LookupAccountSidW; empty when it does not resolve
    /// The SIDs that an access-allowed ACE of the DACL (not inherit-only) grants a right to
    /// change the file: write or append data, GENERIC_WRITE, GENERIC_ALL, WRITE_DAC or
    /// WRITE_OWNER. A NULL DACL (full access for all) is listed as Everyone, "S-1-1-0".
    std::vector<std::string> writer_sids;
    std::string read_error; ///< the failing call and the OS's text when the facts could not be read
};

/// The SIDs of the process token: the user and the groups that are enabled and not
/// deny-only (the ones CheckTokenMembership counts: an unelevated administrator's
/// Administrators group is deny-only, so it is not listed).
struct UserSids {
    std::string user;                ///< TokenUser; empty on POSIX
    std::vector<std::string> groups; ///< TokenGroups, enabled and not SE_GROUP_USE_FOR_DENY_ONLY
};

/// The security facts of the open file (never null) on Windows, from GetSecurityInfo
/// (OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION) and
/// GetVolumeInformationByHandleW on its own handle, so nothing can be swapped in between;
/// the owner's name is looked up only when the owner is not the current user. A failing
/// call is reported in read_error. nullopt on POSIX.
std::optional<FileSecurity> read_file_security(std::FILE* file);

/// The SIDs of the current process token (OpenProcessToken, GetTokenInformation),
/// read once; both empty on POSIX or when the token cannot be read.
const UserSids& current_user_sids();

} // namespace rwc
