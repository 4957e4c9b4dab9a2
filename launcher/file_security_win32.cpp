// file_security.hpp for Windows: the owner, the DACL's writers and the volume's ACL flag of
// an open file, read on its own handle (as git's is_path_owned_by_current_sid reads the
// owner and DACL with GetNamedSecurityInfoW, CVE-2022-24765; here by handle, so the file
// checked is the file read).
#include "file_security.hpp"
#include "utf16_win32.hpp"
#include "windows_api.hpp"

#include <accctrl.h>
#include <aclapi.h>
#include <io.h>
#include <memory>
#include <sddl.h>

namespace rwc {

namespace {

/// Frees memory that a security call allocated with LocalAlloc.
struct LocalFreer {
    void operator()(void* p) const { ::LocalFree(p); }
};

/// The string form of sid ("S-1-5-18"); empty when it cannot be converted.
std::string sid_string(PSID sid)
{
    LPWSTR text = nullptr;
    if (!sid || !::ConvertSidToStringSidW(sid, &text)) {
        return {};
    }
    const std::unique_ptr<void, LocalFreer> owned(text);
    return narrow(text);
}

/// "DOMAIN\\name" of sid (LookupAccountSidW), or empty when it does not resolve.
std::string account_name(PSID sid)
{
    wchar_t name[256];
    wchar_t domain[256];
    DWORD name_size = 256;
    DWORD domain_size = 256;
    SID_NAME_USE use{};
    if (!::LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use)) {
        return {};
    }
    return domain_size > 0 && domain[0] != L'\0' ? narrow(domain) + "\\" + narrow(name) : narrow(name);
}

/// The rights that let a holder change the file or its security.
constexpr ACCESS_MASK k_change_rights =
    FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_WRITE | GENERIC_ALL | WRITE_DAC | WRITE_OWNER;

/// The SIDs of the access-allowed ACEs of dacl that apply to the file itself and grant a
/// change right; Everyone for a NULL DACL (no protection at all).
std::vector<std::string> dacl_writers(PACL dacl)
{
    if (!dacl) {
        return {"S-1-1-0"};
    }
    std::vector<std::string> writers;
    for (DWORD i = 0; i < dacl->AceCount; ++i) {
        void* ace = nullptr;
        if (!::GetAce(dacl, i, &ace)) {
            continue;
        }
        const auto* header = static_cast<const ACE_HEADER*>(ace);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE) != 0) {
            continue;
        }
        auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
        if ((allowed->Mask & k_change_rights) != 0) {
            writers.push_back(sid_string(reinterpret_cast<PSID>(&allowed->SidStart)));
        }
    }
    return writers;
}

/// The token information of class kind, in a buffer of the size the token asks for.
std::unique_ptr<unsigned char[]> token_information(HANDLE token, TOKEN_INFORMATION_CLASS kind)
{
    DWORD size = 0;
    ::GetTokenInformation(token, kind, nullptr, 0, &size);
    if (size == 0) {
        return nullptr;
    }
    auto buffer = std::make_unique<unsigned char[]>(size);
    if (!::GetTokenInformation(token, kind, buffer.get(), size, &size)) {
        return nullptr;
    }
    return buffer;
}

UserSids read_user_sids()
{
    UserSids out;
    HANDLE token = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token)) {
        return out;
    }
    if (const auto user = token_information(token, TokenUser)) {
        out.user = sid_string(reinterpret_cast<const TOKEN_USER*>(user.get())->User.Sid);
    }
    if (const auto groups = token_information(token, TokenGroups)) {
        const auto* list = reinterpret_cast<const TOKEN_GROUPS*>(groups.get());
        for (DWORD i = 0; i < list->GroupCount; ++i) {
            const DWORD attributes = list->Groups[i].Attributes;
            if ((attributes & SE_GROUP_ENABLED) != 0 && (attributes & SE_GROUP_USE_FOR_DENY_ONLY) == 0) {
                out.groups.push_back(sid_string(list->Groups[i].Sid));
            }
        }
    }
    ::CloseHandle(token);
    return out;
}

} // namespace

std::optional<FileSecurity> read_file_security(std::FILE* file)
{
    FileSecurity out;
    const auto handle = reinterpret_cast<HANDLE>(::_get_osfhandle(::_fileno(file)));
    DWORD flags = 0;
    if (::GetVolumeInformationByHandleW(handle, nullptr, 0, nullptr, nullptr, &flags, nullptr, 0)) {
        out.has_security = (flags & FILE_PERSISTENT_ACLS) != 0;
    } else {
        out.read_error = "GetVolumeInformationByHandleW failed: " + windows_error_text(::GetLastError());
        return out;
    }
    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const DWORD status =
        ::GetSecurityInfo(handle, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                          nullptr, &dacl, nullptr, &descriptor);
    if (status != ERROR_SUCCESS) {
        out.read_error = "GetSecurityInfo failed: " + windows_error_text(status);
        return out;
    }
    const std::unique_ptr<void, LocalFreer> owned(descriptor);
    out.owner_sid = sid_string(owner);
    if (owner && out.owner_sid != current_user_sids().user) {
        out.owner_name = account_name(owner);
    }
    out.writer_sids = dacl_writers(dacl);
    return out;
}

const UserSids& current_user_sids()
{
    static const UserSids sids = read_user_sids();
    return sids;
}

} // namespace rwc
