// Fuzzes RECORD reading (launcher/doctor/dist_metadata.cpp): the package folders a wheel installs and the
// CUDA major taken from them. Never throws.
#include "doctor/dist_metadata.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto folders = rwc::record_package_folders(text);
    std::string source;
    (void)rwc::nvidia_wheel_cuda_major("nvidia-cublas", "12.9.1.4", folders, source);
    return 0;
}
