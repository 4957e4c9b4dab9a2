// The same soname in two of the launcher's library folders: which copy the loader takes
// (the first folder on the loader path that holds the name) and which it never reaches
// (docs/layouts.md, "The same soname in two folders").
#include "doctor/facts.hpp"
#include "file_status.hpp"
#include "path_list.hpp"
#include "text_util.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>
#include <unordered_map>

namespace rwc {

namespace {

/// True when name holds a control character (a newline, ESC): no real library is called so,
/// and the text report would print it raw.
bool has_control_character(const std::string& name)
{
    return std::any_of(name.begin(), name.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '\x7f'; });
}

/// Where one folder holds a name: the folder's index in the list, and the name as spelled there.
struct Copy {
    std::size_t folder;
    std::string name;
};

bool same_file(const fs::path& a, const fs::path& b)
{
    boost::system::error_code ec;
    return fs::equivalent(a, b, ec) && !ec;
}

} // namespace

std::vector<fs::path> loader_path_library_folders(const CudaLayout& layout, const Environment& new_env)
{
    const TargetOs os = new_env.os();
    std::unordered_map<std::string, fs::path> ours;
    for (const auto& folder : layout.library_folders()) {
        ours.emplace(path_element_key(folder.string(), os), folder);
    }
    std::vector<fs::path> out;
    for (const auto& element : split_path_list(new_env.get(loader_path_variable(os)).value_or(""), os)) {
        const auto hit = ours.find(path_element_key(element, os));
        if (hit != ours.end()) {
            out.push_back(hit->second);
            ours.erase(hit); // each folder once: the loader stops at its first place
        }
    }
    return out;
}

std::vector<DuplicateSoname> find_duplicate_sonames(const std::vector<fs::path>& folders, TargetOs os)
{
    // Every library name of every folder, keyed as the loader compares names, with its copies in
    // folder order. Listing only (no stat): the candidates are stat'ed below.
    std::unordered_map<std::string, std::vector<Copy>> copies;
    std::size_t listed = 0;
    for (std::size_t i = 0; i < folders.size() && listed < k_max_listed_entries; ++i) {
        boost::system::error_code ec;
        std::size_t in_folder = 0;
        for (fs::directory_iterator it(folders[i], ec), end;
             !ec && it != end && in_folder < k_max_folder_entries && listed < k_max_listed_entries;
             it.increment(ec), ++in_folder, ++listed) {
            std::string name = it->path().filename().string();
            if (!is_shared_library_name(name, os) || has_control_character(name)) {
                continue;
            }
            auto& list = copies[os == TargetOs::windows ? ascii_lower(name) : name];
            if (list.empty() || list.back().folder != i) {
                list.push_back({i, std::move(name)});
            }
        }
    }
    std::vector<DuplicateSoname> out;
    for (const auto& [key, list] : copies) {
        if (list.size() < 2) {
            continue;
        }
        // Only a regular file is loaded: the loader passes over a folder where the name is
        // missing, a dangling link or a folder, and goes on to the next.
        std::vector<const Copy*> files;
        for (const auto& copy : list) {
            if (is_file(folders[copy.folder] / copy.name)) {
                files.push_back(&copy);
            }
        }
        if (files.size() < 2) {
            continue;
        }
        const fs::path winner = folders[files.front()->folder] / files.front()->name;
        DuplicateSoname duplicate{files.front()->name, folders[files.front()->folder], {}};
        for (std::size_t k = 1; k < files.size(); ++k) {
            if (!same_file(winner, folders[files[k]->folder] / files[k]->name)) {
                duplicate.shadowed.push_back(folders[files[k]->folder]);
            }
        }
        if (!duplicate.shadowed.empty()) {
            out.push_back(std::move(duplicate));
        }
    }
    std::sort(out.begin(), out.end(), [](const DuplicateSoname& a, const DuplicateSoname& b) {
        return a.soname < b.soname || (a.soname == b.soname && a.loads < b.loads);
    });
    return out;
}

} // namespace rwc
