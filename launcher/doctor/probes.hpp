// The host probes of --doctor, replaceable in tests: the NVIDIA driver, the ld.so cache and
// the tools' --version, each through a helper process or a library load that never throws
// (probes_posix.cpp / probes_win32.cpp; helper processes through the core's program_output.hpp).
#pragma once

#include "doctor/facts.hpp"
#include "expected.hpp"

#include <boost/filesystem/path.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// The driver API's cuDriverGetVersion(int*) (cuda.h, CUDAAPI is __stdcall on Windows):
/// CUresult 0 on success; needs no cuInit.
#ifdef _WIN32
using DriverGetVersion = int(__stdcall*)(int*);
#else
using DriverGetVersion = int (*)(int*);
#endif

/// Completes a driver probe once info.library loaded: sets info.loaded, then asks
/// get_version (null when the symbol is missing) for info.cuda_version, or sets info.error.
void read_driver_version(DriverGetVersion get_version, DriverInfo& info);

/// The host probes, replaceable in tests. Each never throws and reports failure in its result.
struct HostProbes {
    std::function<DriverInfo()> driver;                          ///< load the driver, ask its CUDA version
    std::function<std::vector<LoaderCacheEntry>()> loader_cache; ///< the ld.so cache; empty on Windows
    /// Runs `tool --version` (2 s timeout); its version line, or run_for_output's Error.
    std::function<Expected<std::string>(const fs::path& tool)> tool_version;
};

/// The probes of this OS (probes_posix.cpp / probes_win32.cpp).
HostProbes host_probes();

/// `tool --version` through run_for_output (program_output.hpp, 2 s timeout): its
/// tool_version_line, or the Error ("timed out after 2000 ms", "exited with status 1", ...).
Expected<std::string> probe_tool_version(const fs::path& tool);

/// The version line of `ptxas --version` / `nvcc --version` output: the line holding
/// "release" ("Cuda compilation tools, release 13.0, V13.0.88"), else the last non-empty line.
std::string tool_version_line(std::string_view output);

/// True when stdout is a terminal (isatty / a console handle); enables ANSI colour on Windows.
bool stdout_is_terminal();

} // namespace rwc
