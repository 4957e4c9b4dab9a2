// Scanning site-packages for *.dist-info folders and reading the few --doctor reports (the
// NVIDIA wheels and the CUDA frameworks); every other distribution is only counted.
#include "doctor/dist_scan.hpp"

#include "doctor/pep440_version.hpp"
#include "text_file.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <optional>
#include <unordered_set>

namespace rwc {

namespace fs = boost::filesystem;

namespace {

/// The CUDA major named in a framework's metadata: torch's "+cu124", jax-cuda12-plugin,
/// cupy-cuda12x; 0 otherwise.
int framework_cuda_major(const std::string& key, const std::string& version, std::string& source)
{
    if (const int major = cuda_major_of_tag(parse_version(version).local); major > 0) {
        source = "local version label +" + parse_version(version).local;
        return major;
    }
    const auto at = key.find("-cuda");
    if (at != std::string::npos && at + 7 <= key.size() && std::isdigit(static_cast<unsigned char>(key[at + 5])) &&
        std::isdigit(static_cast<unsigned char>(key[at + 6]))) {
        source = "name " + key;
        return (key[at + 5] - '0') * 10 + (key[at + 6] - '0');
    }
    return 0;
}

/// Fills name, version and requires from METADATA, and the CUDA facts.
void read_distribution(Distribution& d, bool nvidia)
{
    if (const auto text = read_text_file_head(d.dist_info / "METADATA", "\n\n", 1U << 20)) {
        DistMetadata meta = parse_metadata(*text);
        if (!meta.name.empty()) {
            d.name = meta.name;
            d.key = normalize_name(meta.name);
        }
        if (!meta.version.empty()) {
            d.version = meta.version;
        }
        d.requires = std::move(meta.requires);
    } else {
        d.problem = text.error().message == k_not_regular_file ? "METADATA is not a regular file"
                                                               : "METADATA missing or unreadable";
    }
    if (nvidia) {
        // RECORD: a regular file of at most k_max_text_file bytes (a FIFO, /dev/zero: skipped).
        if (const auto record = read_text_file(d.dist_info / "RECORD")) {
            d.package_folders = record_package_folders(*record);
        }
        d.cuda_major = nvidia_wheel_cuda_major(d.key, d.version, d.package_folders, d.cuda_major_source);
    } else {
        d.cuda_major = framework_cuda_major(d.key, d.version, d.cuda_major_source);
    }
}

} // namespace

const Distribution* find_distribution(const DistributionScan& scan, std::string_view key)
{
    for (const auto* list : {&scan.nvidia, &scan.frameworks}) {
        for (const auto& d : *list) {
            if (d.key == key) {
                return &d;
            }
        }
    }
    return nullptr;
}

DistributionScan scan_distributions(const std::vector<fs::path>& site_packages)
{
    DistributionScan scan;
    std::unordered_set<std::string> seen; // linear in the number of distributions
    for (const auto& sp : site_packages) {
        boost::system::error_code ec;
        fs::directory_iterator it(sp, ec);
        for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
            const std::string folder = it->path().filename().string();
            if (folder.size() <= 10 || folder.compare(folder.size() - 10, 10, ".dist-info") != 0) {
                continue;
            }
            ++scan.total;
            // "nvidia_cudnn_cu13-9.19.0.56.dist-info": name and version, '-' escaped as '_'.
            const std::string stem = folder.substr(0, folder.size() - 10);
            const auto dash = stem.find('-');
            Distribution d;
            d.name = stem.substr(0, dash);
            d.key = normalize_name(d.name);
            d.version = dash == std::string::npos ? std::string() : stem.substr(dash + 1);
            d.dist_info = it->path();
            if (!seen.insert(d.key).second) {
                continue; // an earlier site-packages holds it: that one is imported
            }
            const bool nvidia = is_nvidia_library_key(d.key);
            if (!nvidia && !is_framework_key(d.key)) {
                continue;
            }
            read_distribution(d, nvidia);
            if (!nvidia) {
                scan.frameworks.push_back(std::move(d));
            } else if (boost::system::error_code record_ec; !d.package_folders.empty() || !d.problem.empty() ||
                                                            !fs::exists(d.dist_info / "RECORD", record_ec)) {
                scan.nvidia.push_back(std::move(d)); // nvidia-ml-py and friends put nothing in nvidia/
            }
        }
        if (ec && ec != boost::system::errc::no_such_file_or_directory) {
            scan.problems.push_back("cannot read " + sp.string() + ": " + ec.message());
        }
    }
    const auto by_key = [](const Distribution& a, const Distribution& b) { return a.key < b.key; };
    std::sort(scan.nvidia.begin(), scan.nvidia.end(), by_key);
    std::sort(scan.frameworks.begin(), scan.frameworks.end(), by_key);
    return scan;
}

} // namespace rwc
