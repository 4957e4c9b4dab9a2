// PyInstaller one-folder bundles (docs/packaged-apps.md, "PyInstaller bundles").
#include "frozen_bundle.hpp"

#include "file_status.hpp"

namespace rwc {

bool is_bundle_contents(const fs::path& folder) noexcept
{
    return is_file(folder / k_bundle_marker);
}

std::optional<FrozenBundle> find_frozen_bundle(const std::string& program, const std::string& program_source,
                                               const fs::path& working_directory,
                                               const std::vector<fs::path>& extra_site_packages, TargetOs os,
                                               const Log& log)
{
    for (const auto& folder : extra_site_packages) {
        if (is_bundle_contents(folder)) {
            log.note("python: {} holds {}: a PyInstaller bundle's contents folder ([python] site-packages)",
                     folder.string(), k_bundle_marker);
            return FrozenBundle{folder, "[python] site-packages"};
        }
    }
    if (program.empty() || !has_path_separator(program, os)) {
        return std::nullopt;
    }
    fs::path file(program);
    if (file.is_relative()) {
        file = working_directory / file;
    }
    // make_preferred: the folder reads "C:\\App\\_internal" in PATH and messages on Windows.
    const fs::path contents = (file.lexically_normal().parent_path() / k_bundle_contents_name).make_preferred();
    if (!is_bundle_contents(contents)) {
        return std::nullopt;
    }
    log.note("python: {} holds {}: {} is a PyInstaller one-folder bundle", contents.string(), k_bundle_marker,
             program_source);
    return FrozenBundle{contents, program_source};
}

} // namespace rwc
