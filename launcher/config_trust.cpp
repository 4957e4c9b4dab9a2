#include "config_trust.hpp"

#include "path_list.hpp"

#include <fmt/core.h>

namespace rwc {

namespace {

constexpr unsigned k_world_writable = 0002; // S_IWOTH

/// True when folder is listed in the RUN_WITH_CUDA_TRUST value (or the value lists "*").
bool listed_as_trusted(const boost::filesystem::path& folder, const std::string& list)
{
    for (const auto& element : split_path_list(list, k_host_os)) {
        if (element == "*") {
            return true;
        }
        const boost::filesystem::path trusted(element);
        if (trusted.is_absolute() && same_path_element((trusted / ".").lexically_normal().string(),
                                                       (folder / ".").lexically_normal().string(), k_host_os)) {
            return true;
        }
    }
    return false;
}

} // namespace

ConfigTrust config_trust(bool found_by_search, const Environment& env)
{
    if (!found_by_search) {
        return {};
    }
    return {true, env.get(k_trust_variable).value_or(""), current_user_id()};
}

std::optional<std::string> untrusted_config_reason(const boost::filesystem::path& file, const FileOwnership& ownership,
                                                   const ConfigTrust& trust)
{
    if (!trust.check || !ownership.known) {
        return std::nullopt;
    }
    const bool foreign_owner = ownership.uid != trust.user_id && ownership.uid != 0;
    const bool world_writable = (ownership.mode & k_world_writable) != 0;
    if (!foreign_owner && !world_writable) {
        return std::nullopt;
    }
    const boost::filesystem::path folder = file.parent_path();
    if (listed_as_trusted(folder, trust.trusted_folders)) {
        return std::nullopt;
    }
    std::string why;
    if (foreign_owner) {
        why = fmt::format("owned by uid {}, not by you (uid {}) or root", ownership.uid, trust.user_id);
    }
    if (world_writable) {
        why += fmt::format("{}writable by everyone", why.empty() ? "" : " and ");
    }
    return fmt::format("{}: found config not used: {} (mode {:04o}); to use it anyway, name it with --config {} "
                       "or add {} to {}",
                       file.string(), why, ownership.mode, file.string(), folder.string(), k_trust_variable);
}

} // namespace rwc
