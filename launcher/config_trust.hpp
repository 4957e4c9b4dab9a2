// The trust rule for configs the launcher finds by itself (config/README.md, "Trust"): a
// config can set LD_PRELOAD or PATH, so one found by walking up from the working directory
// or beside the executable is used only when its owner is the current user or root and
// not everyone may write to it (as git refuses a repository owned by someone else,
// safe.directory). A file named with --config or RUN_WITH_CUDA_CONFIG is always used.
#pragma once

#include "environment.hpp"
#include "file_open.hpp"

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
    unsigned long user_id = 0;   ///< the uid the launcher runs as
};

/// The rule for a found config (check = true) with RUN_WITH_CUDA_TRUST from env and the
/// current uid; for a named one, check = false.
ConfigTrust config_trust(bool found_by_search, const Environment& env);

/// The reason file may not be used, as one line naming the file, its owner and mode and
/// the two ways to use it anyway; nullopt when it may. Pure: ownership comes from fstat()
/// of the open file (text_file.hpp); an unknown ownership (Windows) is trusted.
std::optional<std::string> untrusted_config_reason(const boost::filesystem::path& file, const FileOwnership& ownership,
                                                   const ConfigTrust& trust);

} // namespace rwc
