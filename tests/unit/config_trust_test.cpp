// The trust rule for found configs as pure decisions over facts (config_trust.hpp): the
// Windows rule over owner SID, the user's SIDs, the DACL's writers and the volume's ACL
// flag, with RUN_WITH_CUDA_TRUST compared as Windows compares folders; and the --doctor
// text of each outcome. Every case runs on Linux, with TargetOs::windows as a value.
#include "config_trust.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

namespace fs = boost::filesystem;

const std::string k_me = "S-1-5-21-1111-2222-3333-1000";
const std::string k_other = "S-1-5-21-1111-2222-3333-1001";
const fs::path k_file("C:\\Users\\Public\\run-with-cuda.toml");

/// A found config's rule for the user k_me, with these groups and RUN_WITH_CUDA_TRUST value.
ConfigTrust windows_trust(std::vector<std::string> groups = {}, std::string trusted = "")
{
    ConfigTrust trust;
    trust.check = true;
    trust.trusted_folders = std::move(trusted);
    trust.user_sids = {k_me, std::move(groups)};
    trust.os = TargetOs::windows;
    return trust;
}

FileOwnership owned_by(std::string sid, std::vector<std::string> writers = {}, std::string name = "")
{
    FileOwnership ownership;
    ownership.security = FileSecurity{true, std::move(sid), std::move(name), std::move(writers), ""};
    return ownership;
}

TEST(WindowsTrustRule, TheUsersOwnFileIsUsed)
{
    const TrustDecision d = decide_config_trust(k_file, owned_by(k_me, {k_me, "S-1-5-18"}), windows_trust());
    EXPECT_TRUE(d.used);
    EXPECT_EQ(d.text, "found; owned by you (" + k_me + "), not writable by Everyone, Authenticated Users or Users");
    EXPECT_TRUE(decide_config_trust(k_file, owned_by("s-1-5-21-1111-2222-3333-1000"), windows_trust()).used)
        << "SID strings compare without regard to case";
}

TEST(WindowsTrustRule, SystemTrustedInstallerAndAdministratorsWhenAMember)
{
    EXPECT_TRUE(decide_config_trust(k_file, owned_by("S-1-5-18"), windows_trust()).used);
    const TrustDecision installer = decide_config_trust(
        k_file, owned_by("S-1-5-80-956008885-3425870976-2472340075-1287373262-1855453960"), windows_trust());
    EXPECT_TRUE(installer.used);
    EXPECT_NE(installer.text.find("owned by TrustedInstaller"), std::string::npos) << installer.text;
    // Administrators: only for a member whose group is enabled (an elevated prompt's files).
    EXPECT_TRUE(
        decide_config_trust(k_file, owned_by("S-1-5-32-544"), windows_trust({"S-1-5-32-545", "S-1-5-32-544"})).used);
    const auto outsider = untrusted_config_reason(k_file, owned_by("S-1-5-32-544", {}, "BUILTIN\\Administrators"),
                                                  windows_trust({"S-1-5-32-545"}));
    ASSERT_TRUE(outsider);
    EXPECT_NE(outsider->find("owned by BUILTIN\\Administrators (S-1-5-32-544), not by you"), std::string::npos)
        << *outsider;
}

TEST(WindowsTrustRule, AnotherUsersFileIsRefusedWithOwnerAndWaysOut)
{
    const auto named = untrusted_config_reason(k_file, owned_by(k_other, {}, "HOST\\mallory"), windows_trust());
    ASSERT_TRUE(named);
    EXPECT_EQ(*named, "C:\\Users\\Public\\run-with-cuda.toml: found config not used: owned by HOST\\mallory (" +
                          k_other + "), not by you (" + k_me +
                          "), SYSTEM, TrustedInstaller or (while you are a member) Administrators; to use it anyway, "
                          "name it with --config C:\\Users\\Public\\run-with-cuda.toml or add C:\\Users\\Public to "
                          "RUN_WITH_CUDA_TRUST");
    const auto unnamed = untrusted_config_reason(k_file, owned_by(k_other), windows_trust());
    ASSERT_TRUE(unnamed);
    EXPECT_NE(unnamed->find("owned by " + k_other + ", not by you"), std::string::npos)
        << "an owner whose name does not resolve is named by its SID: " << *unnamed;
    const auto none = untrusted_config_reason(k_file, owned_by(""), windows_trust());
    ASSERT_TRUE(none);
    EXPECT_NE(none->find("owned by nobody (no owner SID)"), std::string::npos) << *none;
}

TEST(WindowsTrustRule, WriteForEveryoneAuthenticatedUsersOrUsersIsRefused)
{
    for (const auto& [sid, name] : {std::pair<std::string, std::string>{"S-1-1-0", "Everyone"},
                                    {"S-1-5-11", "Authenticated Users"},
                                    {"S-1-5-32-545", "Users"}}) {
        const auto reason = untrusted_config_reason(k_file, owned_by(k_me, {k_me, sid}), windows_trust());
        ASSERT_TRUE(reason) << sid;
        EXPECT_NE(reason->find("found config not used: writable by " + name + " (" + sid + "); to use it anyway"),
                  std::string::npos)
            << *reason;
    }
    const auto both = untrusted_config_reason(k_file, owned_by(k_other, {"S-1-1-0", "S-1-5-11"}), windows_trust());
    ASSERT_TRUE(both);
    EXPECT_NE(both->find("Administrators and writable by Everyone (S-1-1-0), Authenticated Users (S-1-5-11);"),
              std::string::npos)
        << *both;
    // Write rights for the owner, SYSTEM, Administrators or another single account are not everyone's.
    EXPECT_FALSE(
        untrusted_config_reason(k_file, owned_by(k_me, {k_me, "S-1-5-18", "S-1-5-32-544", k_other}), windows_trust()));
}

TEST(WindowsTrustRule, AVolumeWithoutSecurityIsUntrustedUnlessNamedOrTrusted)
{
    FileOwnership fat = owned_by("S-1-1-0");
    fat.security->has_security = false;
    const auto reason = untrusted_config_reason(k_file, fat, windows_trust());
    ASSERT_TRUE(reason);
    EXPECT_EQ(*reason,
              "C:\\Users\\Public\\run-with-cuda.toml: found config not used: it is on a file system that "
              "records no owner (no FILE_PERSISTENT_ACLS: FAT32, exFAT); to use it anyway, name it with "
              "--config C:\\Users\\Public\\run-with-cuda.toml or add C:\\Users\\Public to RUN_WITH_CUDA_TRUST");
    FileOwnership fat_mine = owned_by(k_me);
    fat_mine.security->has_security = false;
    EXPECT_TRUE(untrusted_config_reason(k_file, fat_mine, windows_trust())) << "an owner there means nothing";
    EXPECT_FALSE(untrusted_config_reason(k_file, fat, ConfigTrust{})) << "a named file is always used";
    const TrustDecision trusted = decide_config_trust(k_file, fat, windows_trust({}, "c:/users/public/"));
    EXPECT_TRUE(trusted.used);
    EXPECT_NE(trusted.text.find("records no owner"), std::string::npos) << trusted.text;
    EXPECT_NE(trusted.text.find("but C:\\Users\\Public is in RUN_WITH_CUDA_TRUST"), std::string::npos) << trusted.text;
}

TEST(WindowsTrustRule, UnreadableSecurityIsUntrusted)
{
    FileOwnership unread = owned_by("");
    unread.security->read_error = "GetSecurityInfo failed: Access is denied";
    const auto reason = untrusted_config_reason(k_file, unread, windows_trust());
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find("its owner could not be read (GetSecurityInfo failed: Access is denied)"), std::string::npos)
        << *reason;
}

TEST(WindowsTrustRule, TrustFoldersCompareWithoutCaseAndWithEitherSlash)
{
    const FileOwnership foreign = owned_by(k_other, {"S-1-1-0"});
    for (const char* list :
         {"C:\\Users\\Public", "c:/users/public", "C:/Users/Public/", "D:\\x;c:\\USERS\\public\\", "*", "D:\\x;*"}) {
        EXPECT_FALSE(untrusted_config_reason(k_file, foreign, windows_trust({}, list))) << list;
    }
    for (const char* list :
         {"", "C:\\Users", "C:\\Users\\Public\\sub", "Users\\Public", "C:\\Users\\Publi", "C:\\Users\\Public:D:\\x"}) {
        EXPECT_TRUE(untrusted_config_reason(k_file, foreign, windows_trust({}, list))) << list;
    }
    const fs::path unc("\\\\server\\share\\p\\run-with-cuda.toml");
    EXPECT_FALSE(untrusted_config_reason(unc, foreign, windows_trust({}, "//SERVER/share/p")));
    EXPECT_TRUE(untrusted_config_reason(unc, foreign, windows_trust({}, "\\\\server\\share")));
}

TEST(WindowsTrustRule, NamedConfigsAreAlwaysUsed)
{
    const TrustDecision d = decide_config_trust(k_file, owned_by(k_other, {"S-1-1-0"}), ConfigTrust{});
    EXPECT_TRUE(d.used);
    EXPECT_EQ(d.text, "named with --config or RUN_WITH_CUDA_CONFIG: always used");
}

TEST(PosixTrustRule, TheDoctorsTextSaysWhyAFileWasUsed)
{
    ConfigTrust trust{true, "", 1000, {}, TargetOs::linux};

    EXPECT_EQ(decide_config_trust("/p/run-with-cuda.toml", {true, 1000, 0644, {}}, trust).text,
              "found; owned by you (uid 1000), not writable by everyone");
    EXPECT_EQ(decide_config_trust("/p/run-with-cuda.toml", {true, 0, 0644, {}}, trust).text,
              "found; owned by root (uid 0), not writable by everyone");
}

TEST(PosixTrustRule, TheDoctorsTextNamesTheTrustedFolder)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS(); // the POSIX rule's folder list, on a POSIX host only
    ConfigTrust trust{true, "", 1000, {}, TargetOs::linux};
    trust.trusted_folders = "/q:/p/";
    EXPECT_EQ(decide_config_trust("/p/run-with-cuda.toml", {true, 65534, 0666, {}}, trust).text,
              "found; owned by uid 65534, not by you (uid 1000) or root and writable by everyone (mode 0666), but /p "
              "is in RUN_WITH_CUDA_TRUST");
}

} // namespace
} // namespace rwc
