// Fuzzes METADATA reading (launcher/doctor/dist_metadata.cpp): the headers, every Requires-Dist line as a
// PEP 508 requirement and its marker evaluated for Linux and Windows. Never throws.
#include "doctor/dist_metadata.hpp"
#include "doctor/pep440_version.hpp"
#include "doctor/pep508_markers.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const rwc::DistMetadata meta = rwc::parse_metadata(text);
    const auto linux_env = rwc::marker_environment(rwc::TargetOs::linux, "3.12");
    const auto windows_env = rwc::marker_environment(rwc::TargetOs::windows, "3.12");
    for (const auto& requirement : meta.requires) {
        (void)rwc::marker_applies(requirement.marker, linux_env);
        (void)rwc::marker_applies(requirement.marker, windows_env);
    }
    (void)rwc::normalize_name(meta.name);
    (void)rwc::parse_version(meta.version);
    return 0;
}
