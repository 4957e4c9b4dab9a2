// The portable part of --doctor's host probes: the driver's answer to cuDriverGetVersion and
// the version line of a tool's --version output (the probes themselves: probes_posix.cpp,
// probes_win32.cpp).
#include "doctor/probes.hpp"

#include <string>

namespace rwc {

void read_driver_version(DriverGetVersion get_version, DriverInfo& info)
{
    info.loaded = true;
    if (!get_version) {
        info.error = "cuDriverGetVersion not found in " + info.library;
        return;
    }
    int version = 0;
    if (const int result = get_version(&version); result != 0) {
        info.error = "cuDriverGetVersion returned CUresult " + std::to_string(result);
        return;
    }
    info.cuda_version = version;
}

std::string tool_version_line(std::string_view output)
{
    std::string last;
    std::size_t start = 0;
    while (start < output.size()) {
        auto end = output.find('\n', start);
        if (end == std::string_view::npos) {
            end = output.size();
        }
        std::string line(output.substr(start, end - start));
        start = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.pop_back();
        }
        if (line.find("release") != std::string::npos) {
            return line;
        }
        if (!line.empty()) {
            last = std::move(line);
        }
    }
    return last;
}

} // namespace rwc
