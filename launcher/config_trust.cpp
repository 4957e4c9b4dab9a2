#include "config_trust.hpp"

#include "path_list.hpp"

#include <fmt/core.h>

namespace rwc {

namespace {

constexpr unsigned k_world_writable = 0002; // S_IWOTH

/// True when element is an absolute folder on os: "/..." on POSIX; "X:\..." or "\\server\..."
/// on Windows ('/' as '\'), tested as text so the Windows rule runs on Linux too.
bool absolute_folder(const std::string& element, TargetOs os)
{
    if (os != TargetOs::windows) {
        return boost::filesystem::path(element).is_absolute();
    }
    const auto separator = [](char c) { return c == '\\' || c == '/'; };
    const bool drive = element.size() >= 3 && element[1] == ':' && separator(element[2]) &&
                       ((element[0] >= 'A' && element[0] <= 'Z') || (element[0] >= 'a' && element[0] <= 'z'));
    const bool unc = element.size() >= 3 && separator(element[0]) && separator(element[1]);
    return drive || unc;
}

TrustDecision decide_posix(const boost::filesystem::path& file, const FileOwnership& ownership,
                           const ConfigTrust& trust)
{
    const bool foreign_owner = ownership.uid != trust.user_id && ownership.uid != 0;
    const bool world_writable = (ownership.mode & k_world_writable) != 0;
    std::string why;
    if (foreign_owner) {
        why = fmt::format("owned by uid {}, not by you (uid {}) or root", ownership.uid, trust.user_id);
    }
    if (world_writable) {
        why += fmt::format("{}writable by everyone", why.empty() ? "" : " and ");
    }
    if (why.empty()) {
        return {true, fmt::format("found; owned by {} (uid {}), not writable by everyone",
                                  ownership.uid == trust.user_id ? "you" : "root", ownership.uid)};
    }
    const std::string folder = config_folder(file, trust.os);
    if (listed_as_trusted(folder, trust.trusted_folders, trust.os)) {
        return {true,
                fmt::format("found; {} (mode {:04o}), but {} is in {}", why, ownership.mode, folder, k_trust_variable)};
    }
    return {false, fmt::format("{}: found config not used: {} (mode {:04o}){}", file.string(), why, ownership.mode,
                               trust_ways_out(file, trust.os))};
}

} // namespace

std::string config_folder(const boost::filesystem::path& file, TargetOs os)
{
    if (os != TargetOs::windows) {
        return file.parent_path().string();
    }
    const std::string text = file.string();
    const std::size_t last = text.find_last_of("\\/");
    return last == std::string::npos ? std::string() : text.substr(0, last);
}

bool listed_as_trusted(std::string_view folder, const std::string& list, TargetOs os)
{
    const std::string wanted = os == TargetOs::windows
                                   ? std::string(folder)
                                   : (boost::filesystem::path(std::string(folder)) / ".").lexically_normal().string();
    for (const auto& element : split_path_list(list, os)) {
        if (element == "*") {
            return true;
        }
        if (!absolute_folder(element, os)) {
            continue;
        }
        const std::string listed =
            os == TargetOs::windows ? element : (boost::filesystem::path(element) / ".").lexically_normal().string();
        if (same_path_element(listed, wanted, os)) {
            return true;
        }
    }
    return false;
}

std::string trust_ways_out(const boost::filesystem::path& file, TargetOs os)
{
    return fmt::format("; to use it anyway, name it with --config {} or add {} to {}", file.string(),
                       config_folder(file, os), k_trust_variable);
}

ConfigTrust config_trust(bool found_by_search, const Environment& env)
{
    if (!found_by_search) {
        return {};
    }
    return {true, env.get(k_trust_variable).value_or(""), current_user_id(), current_user_sids(), k_host_os};
}

TrustDecision decide_config_trust(const boost::filesystem::path& file, const FileOwnership& ownership,
                                  const ConfigTrust& trust)
{
    if (!trust.check) {
        return {true, "named with --config or RUN_WITH_CUDA_CONFIG: always used"};
    }
    if (ownership.security) {
        return decide_windows_config_trust(file, *ownership.security, trust);
    }
    if (ownership.known) {
        return decide_posix(file, ownership, trust);
    }
    return {true, "found; its owner was not read"};
}

std::optional<std::string> untrusted_config_reason(const boost::filesystem::path& file, const FileOwnership& ownership,
                                                   const ConfigTrust& trust)
{
    TrustDecision decision = decide_config_trust(file, ownership, trust);
    if (decision.used) {
        return std::nullopt;
    }
    return std::move(decision.text);
}

} // namespace rwc
