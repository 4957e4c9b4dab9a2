// See wheel_record.hpp.
#include "wheel_record.hpp"

#include "scratch_dir.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

namespace rwc::e2e {

std::vector<std::string> record_paths(const fs::path& record_file)
{
    std::istringstream lines(test::read_file(record_file));
    std::vector<std::string> paths;
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty()) {
            continue;
        }
        if (line.front() == '"') {
            std::size_t close = line.find('"', 1);
            paths.push_back(line.substr(1, close - 1));
        } else {
            paths.push_back(line.substr(0, line.find(',')));
        }
    }
    return paths;
}

std::vector<fs::path> dist_info_folders(const fs::path& manifest_dir)
{
    std::vector<fs::path> folders;
    for (const fs::directory_entry& entry : fs::directory_iterator(manifest_dir)) {
        const fs::path& p = entry.path();
        if (p.extension() == ".dist-info" && fs::exists(p / "RECORD")) {
            folders.push_back(p);
        }
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

bool is_nvidia_shared_library(const std::string& record_path)
{
    static const std::regex k_library(R"(nvidia/[^/]+/lib/[^/]+\.so(\.[^/]*)?)");
    return std::regex_match(record_path, k_library);
}

std::string record_file_name(const std::string& record_path)
{
    return record_path.substr(record_path.rfind('/') + 1);
}

} // namespace rwc::e2e
