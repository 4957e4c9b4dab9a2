// Fuzzes PEP 508 requirements and environment markers (launcher/doctor/pep508_markers.cpp): parsing and
// evaluation never crash, whatever the nesting (the parser's depth is bounded).
#include "doctor/dist_metadata.hpp"
#include "doctor/pep508_markers.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)rwc::marker_applies(text, rwc::marker_environment(rwc::TargetOs::linux, "3.12"));
    const rwc::Requirement requirement = rwc::parse_requirement(text);
    (void)rwc::marker_applies(requirement.marker, rwc::marker_environment(rwc::TargetOs::windows, "3.13"));
    return 0;
}
