// The trust rule for found configs through the real security API (config/README.md,
// "Trust"): run-with-cuda.exe finds run-with-cuda.toml in its working directory and reads
// the owner and DACL with GetSecurityInfo. The user's own file is used; a file whose DACL
// SetSecurityInfo opened to Everyone, or whose owner is another SID, is refused with exit 2
// and one line; RUN_WITH_CUDA_TRUST (another case, '/' for '\') and --config let each
// through. Wine keeps no owner that SetSecurityInfo sets (it keeps the Unix file's owner),
// so that case skips there, saying so, and a file given another Unix owner (Wine reports
// ANONYMOUS LOGON, S-1-5-7) is the foreign owner instead; docs/design.md, "Trust rules",
// lists what a real Windows machine has to confirm.
#include "utf16_win32.hpp"
#include "win32_test_support.hpp"
#include "windows_api.hpp"

#include <gtest/gtest.h>

#include <aclapi.h>
#include <cstdlib>
#include <cwctype>
#include <memory>
#include <sddl.h>
#include <string>

namespace rwc::test {
namespace {

const std::string k_mark = "RWC_TRUST_MARK=used";

/// Frees what a security call allocated with LocalAlloc.
struct LocalFreer {
    void operator()(void* p) const { LocalFree(p); }
};

/// Writes dir/run-with-cuda.toml, which sets RWC_TRUST_MARK; returns its path.
fs::path write_config(const fs::path& dir)
{
    const fs::path file = dir / L"run-with-cuda.toml";
    write_file(file, "[cuda]\nenabled = false\n[env.set]\nRWC_TRUST_MARK = \"used\"\n");
    return file;
}

/// run-with-cuda.exe OPTIONS --print-env cmd, in dir (where it finds run-with-cuda.toml).
Captured print_env(const fs::path& dir, const std::wstring& options = L"", const Variables& vars = {})
{
    return run_capturing(launcher_exe(), options + L" --print-env cmd", dir, vars);
}

/// The owner SID of file as a string (GetSecurityInfo on a READ_CONTROL handle); "" on failure.
std::string owner_sid(const fs::path& file)
{
    const HANDLE h =
        CreateFileW(file.wstring().c_str(), READ_CONTROL, FILE_SHARE_READ, nullptr, OPEN_EXISTING, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        return {};
    }
    PSID owner = nullptr;
    PSECURITY_DESCRIPTOR sd = nullptr;
    const DWORD status =
        GetSecurityInfo(h, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &owner, nullptr, nullptr, nullptr, &sd);
    CloseHandle(h);
    if (status != ERROR_SUCCESS) {
        return {};
    }
    const std::unique_ptr<void, LocalFreer> owned(sd);
    LPWSTR text = nullptr;
    if (!ConvertSidToStringSidW(owner, &text)) {
        return {};
    }
    const std::unique_ptr<void, LocalFreer> owned_text(text);
    return narrow(text);
}

/// Adds an ACE granting Everyone (S-1-1-0) read and write to file's DACL with
/// SetEntriesInAclW and SetSecurityInfo; the Win32 error code (ERROR_SUCCESS when done).
DWORD open_dacl_to_everyone(const fs::path& file)
{
    const HANDLE h = CreateFileW(file.wstring().c_str(), READ_CONTROL | WRITE_DAC, FILE_SHARE_READ, nullptr,
                                 OPEN_EXISTING, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        return GetLastError();
    }
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR sd = nullptr;
    DWORD status = GetSecurityInfo(h, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl, nullptr, &sd);
    const std::unique_ptr<void, LocalFreer> owned(sd);
    PSID everyone = nullptr;
    if (status == ERROR_SUCCESS && !ConvertStringSidToSidW(L"S-1-1-0", &everyone)) {
        status = GetLastError();
    }
    const std::unique_ptr<void, LocalFreer> owned_sid(everyone);
    PACL opened = nullptr;
    if (status == ERROR_SUCCESS) {
        EXPLICIT_ACCESSW access{};
        access.grfAccessPermissions = GENERIC_READ | GENERIC_WRITE;
        access.grfAccessMode = GRANT_ACCESS;
        access.grfInheritance = NO_INHERITANCE;
        access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
        access.Trustee.TrusteeType = TRUSTEE_IS_WELL_KNOWN_GROUP;
        access.Trustee.ptstrName = static_cast<LPWSTR>(everyone);
        status = SetEntriesInAclW(1, &access, dacl, &opened);
    }
    const std::unique_ptr<void, LocalFreer> owned_acl(opened);
    if (status == ERROR_SUCCESS) {
        status = SetSecurityInfo(h, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, opened, nullptr);
    }
    CloseHandle(h);
    return status;
}

/// Makes sid the owner of file with SetSecurityInfo, after enabling SeRestorePrivilege (which
/// Windows asks for to give a file to another SID); the Win32 error code.
DWORD set_owner(const fs::path& file, const wchar_t* sid_text)
{
    HANDLE token = nullptr;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token)) {
        TOKEN_PRIVILEGES privileges{};
        privileges.PrivilegeCount = 1;
        privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
        if (LookupPrivilegeValueW(nullptr, L"SeRestorePrivilege", &privileges.Privileges[0].Luid)) {
            AdjustTokenPrivileges(token, FALSE, &privileges, 0, nullptr, nullptr);
        }
        CloseHandle(token);
    }
    PSID sid = nullptr;
    if (!ConvertStringSidToSidW(sid_text, &sid)) {
        return GetLastError();
    }
    const std::unique_ptr<void, LocalFreer> owned(sid);
    const HANDLE h = CreateFileW(file.wstring().c_str(), READ_CONTROL | WRITE_OWNER, FILE_SHARE_READ, nullptr,
                                 OPEN_EXISTING, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        return GetLastError();
    }
    const DWORD status = SetSecurityInfo(h, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, sid, nullptr, nullptr, nullptr);
    CloseHandle(h);
    return status;
}

/// Wine's kernel32 export giving the Unix path of a Windows one; null on Windows.
using UnixFileName = char* (*)(const wchar_t*);
UnixFileName wine_unix_file_name()
{
    return reinterpret_cast<UnixFileName>(
        reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "wine_get_unix_file_name")));
}

/// Expects a refusal of file: exit 2, nothing printed on stdout, and one line naming the
/// file, the given reason and both ways out.
void expect_refused(const Captured& r, const fs::path& file, const std::string& reason)
{
    EXPECT_EQ(r.code, 2u) << r.err;
    EXPECT_EQ(r.out, "");
    const std::string name = narrow(file.wstring());
    const std::string folder = narrow(file.parent_path().wstring());
    EXPECT_EQ(r.err.rfind("run-with-cuda: error: " + name + ": found config not used: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("; to use it anyway, name it with --config " + name + " or add " + folder +
                         " to RUN_WITH_CUDA_TRUST"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
}

/// Expects that the config was used: exit 0 and its variable printed.
void expect_used(const Captured& r, const std::string& what)
{
    EXPECT_EQ(r.code, 0u) << what << ": " << r.err;
    EXPECT_NE(r.out.find(k_mark), std::string::npos) << what << ": " << r.out;
}

/// The folder as RUN_WITH_CUDA_TRUST may spell it: '/' for '\', upper case, a trailing '/'.
std::wstring respelled(const fs::path& folder)
{
    std::wstring text = folder.wstring();
    for (wchar_t& c : text) {
        c = c == L'\\' ? L'/' : static_cast<wchar_t>(std::towupper(c));
    }
    return text + L"/";
}

/// Both ways out let the refused file through: RUN_WITH_CUDA_TRUST, and --config.
void expect_ways_out(const fs::path& dir, const fs::path& file)
{
    expect_used(print_env(dir, L"", {{L"RUN_WITH_CUDA_TRUST", L"D:\\elsewhere;" + respelled(dir)}}),
                "RUN_WITH_CUDA_TRUST");
    expect_used(print_env(dir, L"--config \"" + file.wstring() + L"\""), "--config");
}

TEST(ConfigTrustWin32, TheUsersOwnFoundConfigIsUsed)
{
    const WinScratchDir dir;
    const fs::path file = write_config(dir.root());
    HANDLE token = nullptr;
    ASSERT_TRUE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    char buffer[512];
    DWORD size = 0;
    ASSERT_TRUE(GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size));
    CloseHandle(token);
    LPWSTR user = nullptr;
    ASSERT_TRUE(ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer)->User.Sid, &user));
    const std::unique_ptr<void, LocalFreer> owned(user);
    ASSERT_EQ(owner_sid(file), narrow(user)) << "a new file is its creator's";
    expect_used(print_env(dir.root()), "own file");
}

TEST(ConfigTrustWin32, ADaclOpenedToEveryoneIsRefusedUnlessTrustedOrNamed)
{
    const WinScratchDir dir;
    const fs::path file = write_config(dir.root());
    ASSERT_EQ(open_dacl_to_everyone(file), static_cast<DWORD>(ERROR_SUCCESS));
    expect_refused(print_env(dir.root()), file, "writable by Everyone (S-1-1-0)");
    expect_ways_out(dir.root(), file);
}

TEST(ConfigTrustWin32, AnOwnerSetToAnotherSidIsRefusedUnlessTrustedOrNamed)
{
    const WinScratchDir dir;
    const fs::path file = write_config(dir.root());
    const DWORD status = set_owner(file, L"S-1-5-32-546"); // BUILTIN\Guests
    if (status != ERROR_SUCCESS) {
        GTEST_SKIP() << "SetSecurityInfo cannot give the file to S-1-5-32-546 here (" << windows_error_text(status)
                     << "): it needs SeRestorePrivilege; run as an administrator to check this case";
    }
    if (owner_sid(file) != "S-1-5-32-546") {
        GTEST_SKIP() << "SetSecurityInfo reported success but the owner is still " << owner_sid(file)
                     << ": Wine keeps the Unix file's owner, so a foreign owner SID set through the API is checked "
                        "only on a real Windows machine (docs/design.md, \"Trust rules\"); "
                        "AFileOfAnotherUnixUserIsRefusedUnderWine covers the refusal here";
    }
    expect_refused(print_env(dir.root()), file, "(S-1-5-32-546), not by you (");
    expect_ways_out(dir.root(), file);
}

TEST(ConfigTrustWin32, AFileOfAnotherUnixUserIsRefusedUnderWine)
{
    const UnixFileName unix_name = wine_unix_file_name();
    if (!unix_name) {
        GTEST_SKIP() << "not Wine: AnOwnerSetToAnotherSidIsRefusedUnlessTrustedOrNamed covers a foreign owner";
    }
    const WinScratchDir dir;
    const fs::path file = write_config(dir.root());
    const std::unique_ptr<char, decltype(&free)> unix_path(unix_name(file.wstring().c_str()), &free);
    ASSERT_TRUE(unix_path);
    // Wine starts Unix programs too: /bin/chown gives the file to uid 65534 (nobody). Wine
    // neither waits for a Unix program nor gives its exit code, so the owner itself tells
    // when (and whether) it worked: looked at for up to 10 s.
    const std::string before = owner_sid(file);
    run_in(L"Z:\\bin\\chown", L"65534 \"" + widen(unix_path.get()) + L"\"", dir.root(), {});
    std::string after = owner_sid(file);
    for (int i = 0; i < 100 && after == before; ++i) {
        Sleep(100);
        after = owner_sid(file);
    }
    if (after == before) {
        GTEST_SKIP() << "/bin/chown left the owner " << before
                     << ": giving a file to another Unix user needs root, so Wine cannot show a foreign owner here";
    }
    ASSERT_EQ(after, "S-1-5-7") << "Wine reports another Unix user's file as ANONYMOUS LOGON's";
    expect_refused(print_env(dir.root()), file, "(S-1-5-7), not by you (");
    expect_ways_out(dir.root(), file);
}

TEST(ConfigTrustWin32, TheDoctorShowsTheTrustDecision)
{
    const WinScratchDir dir;
    const fs::path file = write_config(dir.root());
    const Captured found = run_capturing(launcher_exe(), L"--doctor --json", dir.root(), {});
    EXPECT_NE(found.code, 2u) << found.err;
    EXPECT_NE(found.out.find("\"config_trust\": \"found; owned by you (S-1-5-"), std::string::npos) << found.out;
    const Captured named =
        run_capturing(launcher_exe(), L"--doctor --config \"" + file.wstring() + L"\"", dir.root(), {});
    EXPECT_NE(named.out.find("named with --config or RUN_WITH_CUDA_CONFIG: always used"), std::string::npos)
        << named.out;
}

} // namespace
} // namespace rwc::test
