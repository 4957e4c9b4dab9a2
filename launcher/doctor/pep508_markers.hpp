// PEP 508 environment markers: enough to tell which of torch's Requires-Dist lines apply
// on the target ('platform_system == "Linux" and platform_machine == "x86_64"').
#pragma once

#ifdef RWC_CORE_LIBRARY
#error "rwc_core depends on nothing of the doctor (launcher/CMakeLists.txt): include no doctor/ header there"
#endif

#include "target_os.hpp"

#include <map>
#include <string>
#include <string_view>

namespace rwc {

/// The variables of PEP 508 environment markers for the target: platform_system,
/// sys_platform, os_name, platform_machine (this build's CPU), python_version,
/// implementation_name, platform_python_implementation. python_version "X.Y" may be empty.
std::map<std::string, std::string> marker_environment(TargetOs os, const std::string& python_version);

/// Evaluates a PEP 508 marker ('platform_system == "Linux" and python_version < "3.13"').
/// An empty marker is true; a variable the environment does not define (extra, or an
/// unknown python_version) makes its comparison false; a syntax error makes it false.
bool marker_applies(std::string_view marker, const std::map<std::string, std::string>& env);

} // namespace rwc
