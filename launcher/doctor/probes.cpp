// The portable part of --doctor's host probes: the driver's answer to cuDriverGetVersion and
// the version line of a tool's --version output (the probes themselves: probes_posix.cpp,
// probes_win32.cpp).
#include "doctor/probes.hpp"

#include "program_output.hpp"
#include "text_lines.hpp"

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
    Lines lines(output);
    while (const auto next = lines.next()) {
        std::string line(*next);
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

Expected<std::string> probe_tool_version(const fs::path& tool)
{
    auto output = run_for_output(tool, {"--version"}, std::chrono::seconds(2));
    if (!output) {
        return output;
    }
    return tool_version_line(*output);
}

} // namespace rwc
