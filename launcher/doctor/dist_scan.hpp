// The installed distributions --doctor reports: the *.dist-info folders of the site-packages
// folders, of which only the NVIDIA wheels and the CUDA frameworks are opened.
#pragma once

#include "doctor/dist_metadata.hpp"

#include <boost/filesystem/path.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rwc {

/// One installed distribution: a "*.dist-info" folder of a site-packages folder.
struct Distribution {
    std::string name;                  ///< from METADATA, else from the folder name
    std::string key;                   ///< normalize_name(name)
    std::string version;               ///< from METADATA, else from the folder name; may be ""
    boost::filesystem::path dist_info; ///< absolute
    std::vector<Requirement>
    requires;
    int cuda_major = 0;            ///< 0: unknown; set for NVIDIA wheels and CUDA frameworks
    std::string cuda_major_source; ///< how cuda_major was found ("name suffix -cu13", ...)
    /// nvidia/<folder> names the wheel's RECORD lists files under ("cu13", "cudnn"), and the
    /// top-level package folders outside nvidia/ ("cutensor", "cuquantum": docs/layouts.md).
    std::vector<std::string> package_folders;
    std::string problem; ///< "" or what could not be read ("METADATA missing")
};

/// The distributions --doctor reports: the NVIDIA wheels and the CUDA frameworks.
struct DistributionScan {
    std::vector<Distribution> nvidia;     ///< is_nvidia_library_key(), sorted by key
    std::vector<Distribution> frameworks; ///< is_framework_key(), sorted by key
    std::size_t total = 0;                ///< every *.dist-info folder counted
    std::vector<std::string> problems;    ///< unreadable folders, one sentence each
};

/// The distribution with normalised key among scan's NVIDIA wheels and frameworks; nullptr if none.
const Distribution* find_distribution(const DistributionScan& scan, std::string_view key);

/// Lists the *.dist-info folders of each site-packages folder (a name seen in an earlier
/// folder wins, as importlib.metadata does) and reads METADATA (and, for NVIDIA wheels,
/// RECORD) of the ones reported. Other distributions are only counted, never opened.
/// Never throws: unreadable folders and files go to problems / Distribution::problem.
DistributionScan scan_distributions(const std::vector<boost::filesystem::path>& site_packages);

} // namespace rwc
