// The Windows form of the trust rule (config_trust.hpp; config/README.md, "Trust"), after git
// for Windows' is_path_owned_by_current_sid (compat/mingw.c, CVE-2022-24765): a found config
// is used when its owner SID is the current user's, the Administrators group's while the
// user is an enabled member of it, SYSTEM's or TrustedInstaller's, and when its DACL lets
// none of Everyone, Authenticated Users and Users change it (the Windows form of S_IWOTH).
// A volume without ACLs (FAT32, exFAT) records no owner: its files are not trusted. Pure:
// the facts come from file_security_win32.cpp, so every case runs in the Linux unit tests.
#include "config_trust.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace rwc {

namespace {

/// A well-known SID (MSDN, "Well-known SIDs") and the name the messages give it.
struct WellKnownSid {
    const char* sid;
    const char* name;
};

constexpr WellKnownSid k_administrators{"S-1-5-32-544", "Administrators"};
constexpr WellKnownSid k_system{"S-1-5-18", "SYSTEM"};
constexpr WellKnownSid k_trusted_installer{"S-1-5-80-956008885-3425870976-2472340075-1287373262-1855453960",
                                           "TrustedInstaller"};
/// The groups that hold every user (or every signed-in one): a write right for one of them
/// is a write right for anybody.
constexpr WellKnownSid k_broad_writers[] = {
    {"S-1-1-0", "Everyone"}, {"S-1-5-11", "Authenticated Users"}, {"S-1-5-32-545", "Users"}};

/// SID strings compare without regard to case ("S-1-..." and "s-1-..." are the same SID).
bool same_sid(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'a' && x <= 'z' ? x - 32 : x) == (y >= 'a' && y <= 'z' ? y - 32 : y);
           });
}

bool holds_sid(const std::vector<std::string>& sids, std::string_view sid)
{
    return std::any_of(sids.begin(), sids.end(), [&](const std::string& s) { return same_sid(s, sid); });
}

/// Why the owner is acceptable ("you", "SYSTEM", ...), or empty when it is not.
std::string trusted_owner(const FileSecurity& security, const UserSids& user)
{
    const std::string& owner = security.owner_sid;
    if (owner.empty()) {
        return {};
    }
    if (!user.user.empty() && same_sid(owner, user.user)) {
        return "you";
    }
    if (same_sid(owner, k_administrators.sid) && holds_sid(user.groups, k_administrators.sid)) {
        return "Administrators, a group you are in";
    }
    for (const auto& known : {k_system, k_trusted_installer}) {
        if (same_sid(owner, known.sid)) {
            return known.name;
        }
    }
    return {};
}

/// "OTHER\\bob (S-1-5-21-...)", or the SID alone when it has no name.
std::string owner_text(const FileSecurity& security)
{
    if (security.owner_sid.empty()) {
        return "nobody (no owner SID)";
    }
    return security.owner_name.empty() ? security.owner_sid
                                       : fmt::format("{} ({})", security.owner_name, security.owner_sid);
}

/// The reasons not to use the file, joined with " and "; empty when there is none.
std::string distrust_reasons(const FileSecurity& security, const UserSids& user)
{
    if (!security.read_error.empty()) {
        return fmt::format("its owner could not be read ({})", security.read_error);
    }
    if (!security.has_security) {
        return "it is on a file system that records no owner (no FILE_PERSISTENT_ACLS: FAT32, exFAT)";
    }
    std::string why;
    if (trusted_owner(security, user).empty()) {
        why = fmt::format("owned by {}, not by you ({}), {}, {} or (while you are a member) {}", owner_text(security),
                          user.user.empty() ? "unknown SID" : user.user, k_system.name, k_trusted_installer.name,
                          k_administrators.name);
    }
    std::string writers;
    for (const auto& broad : k_broad_writers) {
        if (holds_sid(security.writer_sids, broad.sid)) {
            writers += fmt::format("{}{} ({})", writers.empty() ? "" : ", ", broad.name, broad.sid);
        }
    }
    if (!writers.empty()) {
        why += fmt::format("{}writable by {}", why.empty() ? "" : " and ", writers);
    }
    return why;
}

} // namespace

TrustDecision decide_windows_config_trust(const boost::filesystem::path& file, const FileSecurity& security,
                                          const ConfigTrust& trust)
{
    const std::string why = distrust_reasons(security, trust.user_sids);
    if (why.empty()) {
        return {true, fmt::format("found; owned by {} ({}), not writable by Everyone, Authenticated Users or Users",
                                  trusted_owner(security, trust.user_sids), security.owner_sid)};
    }
    const std::string folder = config_folder(file, trust.os);
    if (listed_as_trusted(folder, trust.trusted_folders, trust.os)) {
        return {true, fmt::format("found; {}, but {} is in {}", why, folder, k_trust_variable)};
    }
    return {false, fmt::format("{}: found config not used: {}{}", file.string(), why, trust_ways_out(file, trust.os))};
}

} // namespace rwc
