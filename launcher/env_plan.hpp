// The environment plan: the new environment and the list of changes, from docs/design.md's
// six rules, "What changes in the environment". Pure: no file is read here except the
// existence checks of folders named in the config and of the toolkit root's libdevice.
#pragma once

#include "config.hpp"
#include "cuda_layout.hpp"
#include "environment.hpp"
#include "expected.hpp"
#include "log.hpp"
#include "python_env.hpp"
#include "target_os.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// One variable that changes: its name (existing spelling) and new value; nullopt = removed.
struct EnvChange {
    std::string name;
    std::optional<std::string> value;
    /// For a path list (PATH, the loader path, a variable the [env] table prepends or appends
    /// to): the elements of value that the old value lacked, in value's order; else empty.
    std::vector<std::string> added{};
};

/// The plan: the complete new environment and, in first-change order, what changed.
struct EnvPlan {
    Environment environment;
    std::vector<EnvChange> changes;
};

/// The variable that lists, for a Windows target, the DLL folders the launcher puts on
/// PATH, absolute, in PATH's order, ';'-separated: the start-up hook
/// (packaging/hook/_run_with_cuda_dll_dirs.py) passes each to os.add_dll_directory, because
/// CPython 3.8+ loads extension modules and ctypes DLLs without searching PATH
/// (docs/windows-dll-loading.md).
inline constexpr std::string_view k_dll_dirs_variable = "RUN_WITH_CUDA_DLL_DIRS";

/// Builds the plan from the current environment, applying in order: (1) VIRTUAL_ENV and the
/// environment's PATH folders, PYTHONHOME removed; (2) library folders on the loader path,
/// tool folders on PATH, and for Windows k_dll_dirs_variable; (3) CUDA_PATH and CUDA_HOME to the toolkit root,
/// (3b) XLA_FLAGS gains --xla_gpu_cuda_data_dir=<root> where the root holds
/// nvvm/libdevice/libdevice.10.bc, the caller's XLA_FLAGS names no such flag and
/// [cuda] xla-data-dir is true; (4)
/// CUDA_MODULE_LOADING when unset; (5) the config's [env]; (6) RUN_WITH_CUDA = version.
/// python and layout may be absent (nothing of theirs is added). Throws Failure (exit 2,
/// "FILE:LINE:COL") for an [env] value naming an undefined ${VARIABLE}.
EnvPlan make_env_plan(const Environment& current, const Config& config, const std::optional<PythonEnv>& python,
                      const CudaLayout& layout, const Log& log);

/// Expands ${NAME} in text from vars (the new environment) and the names config_dir,
/// env_root and site_packages in extra; "$$" is a literal "$". An Error ("${NAME} is not
/// defined (...)", exit status 2) when a variable is not defined.
Expected<std::string> expand_variables(std::string_view text, const Environment& vars,
                                       const std::vector<std::pair<std::string, std::string>>& extra);

} // namespace rwc
