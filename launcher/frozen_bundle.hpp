// PyInstaller one-folder bundles: recognising the contents folder (sys._MEIPASS) of a frozen
// program from the files on disk, so that its nvidia/ folders are scanned as a site-packages
// and no Python environment is searched (docs/packaged-apps.md, "PyInstaller bundles").
#pragma once

#include "config.hpp"
#include "log.hpp"
#include "target_os.hpp"

#include <boost/filesystem/path.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rwc {

/// The name of the contents folder PyInstaller 6 writes beside a one-folder bundle's program
/// (its --contents-directory default; sys._MEIPASS at run time).
inline constexpr const char* k_bundle_contents_name = "_internal";

/// The file that marks a contents folder: PyInstaller writes the frozen standard library's
/// modules into base_library.zip there in every one-folder bundle (checked on PyInstaller
/// 6.22.3's Linux output; docs/packaged-apps.md, "PyInstaller bundles").
inline constexpr const char* k_bundle_marker = "base_library.zip";

/// A recognised bundle: its contents folder, absolute, and how it was found.
struct FrozenBundle {
    fs::path contents;  ///< e.g. /opt/MyApp/_internal (sys._MEIPASS)
    std::string source; ///< "the [app] program", "COMMAND", "[python] site-packages"
};

/// True when folder (absolute) holds a regular file k_bundle_marker: one stat, following
/// symbolic links; any error answers false. Nothing in the folder is read.
bool is_bundle_contents(const fs::path& folder) noexcept;

/// The bundle a launch belongs to, first hit wins: a [python] site-packages folder that is a
/// contents folder (a bundle built with another --contents-directory names it so); then the
/// k_bundle_contents_name folder beside program, when program (COMMAND's first word or the
/// [app] command's, as it will be run) contains a path separator of os and that folder is a
/// contents folder. A bare program name is not looked up. program_source says which of the two
/// program is ("COMMAND" or "the [app] program"); working_directory (absolute) makes a relative
/// program absolute. nullopt when neither applies; notes the decision through log.
std::optional<FrozenBundle> find_frozen_bundle(const std::string& program, const std::string& program_source,
                                               const fs::path& working_directory,
                                               const std::vector<fs::path>& extra_site_packages, TargetOs os,
                                               const Log& log);

} // namespace rwc
