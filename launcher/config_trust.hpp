// The trust rule for configs the launcher finds by itself (config/README.md, "Trust"): a
// config can set LD_PRELOAD or PATH, so one found by walking up from the working directory
// or beside the executable is used only when its owner is the current user (or root, or on
// Windows Administrators, SYSTEM or TrustedInstaller) and not everyone may write to it (as
// git refuses a repository owned by someone else, safe.directory; on Windows git's
// is_path_owned_by_current_sid, CVE-2022-24765). A file named with --config or
// RUN_WITH_CUDA_CONFIG is always used. config_trust.cpp holds the POSIX rule,
// config_trust_sid.cpp the Windows one; both are pure and take the OS as a value.
#pragma once

#include "environment.hpp"
#include "file_open.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rwc {

/// The variable that lists folders whose found configs are trusted anyway: a path list
/// (':' on POSIX, ';' on Windows) of absolute folders, or "*" for every folder.
inline constexpr const char* k_trust_variable = "RUN_WITH_CUDA_TRUST";

/// Whether and how load_config applies the trust rule.
struct ConfigTrust {
    bool check = false;          ///< false: a file the user named (--config, RUN_WITH_CUDA_CONFIG)
    std::string trusted_folders; ///< the value of RUN_WITH_CUDA_TRUST
    unsigned long user_id = 0;   ///< the uid the launcher runs as (POSIX)
    UserSids user_sids;          ///< the process token's user and enabled groups (Windows)
    TargetOs os = k_host_os;     ///< whose path-list and folder rules RUN_WITH_CUDA_TRUST follows
};

/// The rule for a found config (check = true) with RUN_WITH_CUDA_TRUST from env and the
/// current uid and SIDs; for a named one, check = false.
ConfigTrust config_trust(bool found_by_search, const Environment& env);

/// The outcome of the trust rule for one config: used or not, and one line saying why.
struct TrustDecision {
    bool used = true;
    /// used: the reason, for --doctor ("named with --config or RUN_WITH_CUDA_CONFIG", "found;
    /// owned by you (uid 1000)", ...); not used: the error line of untrusted_config_reason.
    std::string text;
};

/// The trust rule applied to file (absolute) with its owner facts: the POSIX rule when
/// ownership.known, the Windows rule when ownership.security is set, else used ("owner not
/// read"). Pure.
TrustDecision decide_config_trust(const boost::filesystem::path& file, const FileOwnership& ownership,
                                  const ConfigTrust& trust);

/// The reason file may not be used, as one line naming the file, its owner (and mode on
/// POSIX) and the two ways to use it anyway; nullopt when it may (decide_config_trust).
std::optional<std::string> untrusted_config_reason(const boost::filesystem::path& file, const FileOwnership& ownership,
                                                   const ConfigTrust& trust);

/// The folder holding file (absolute), as text: its parent path on POSIX; on Windows the
/// text before the last '\' or '/' ("C:\p" of "C:\p\run-with-cuda.toml", on any host).
std::string config_folder(const boost::filesystem::path& file, TargetOs os);

/// True when folder (config_folder's text) is listed in the RUN_WITH_CUDA_TRUST value list
/// (or list holds "*"): absolute folders only; on Windows ("X:\..." or "\\server\...")
/// compared without regard to case, with '\' and '/' the same and a trailing separator
/// ignored (path_list.hpp, same_path_element).
bool listed_as_trusted(std::string_view folder, const std::string& list, TargetOs os);

/// The Windows rule (config_trust_sid.cpp) for a found config with security facts. Pure.
TrustDecision decide_windows_config_trust(const boost::filesystem::path& file, const FileSecurity& security,
                                          const ConfigTrust& trust);

/// The end of every refusal: "; to use it anyway, name it with --config FILE or add FOLDER
/// to RUN_WITH_CUDA_TRUST" (FOLDER: config_folder on os).
std::string trust_ways_out(const boost::filesystem::path& file, TargetOs os);

} // namespace rwc
