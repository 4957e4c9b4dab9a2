// Fuzzes PEP 440 versions and specifiers (launcher/doctor/pep440_version.cpp): the first line is a version,
// the rest a specifier set. Checks that comparison is antisymmetric.
#include "doctor/pep440_version.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto newline = text.find('\n');
    const std::string_view first = text.substr(0, newline);
    const std::string_view rest = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    const rwc::PyVersion a = rwc::parse_version(first);
    const rwc::PyVersion b = rwc::parse_version(rest);
    if (a.valid() && b.valid()) {
        const int ab = rwc::compare_versions(a, b);
        const int ba = rwc::compare_versions(b, a);
        if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0)) {
            std::abort(); // not an order
        }
    }
    (void)rwc::version_satisfies(a, rest);
    (void)rwc::cuda_major_of_tag(first);
    return 0;
}
