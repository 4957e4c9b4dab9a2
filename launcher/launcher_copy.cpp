#include "launcher_copy.hpp"

#include "file_status.hpp"
#include "text_file.hpp"
#include "text_util.hpp"

#include <boost/filesystem/operations.hpp>
#include <fmt/core.h>

namespace rwc {

namespace fs = boost::filesystem;

Expected<fs::path> launcher_binary(const fs::path& running, bool gui, TargetOs os)
{
    if (os != TargetOs::windows) {
        return running;
    }
    const char* wanted = gui ? "run-with-cuda-w.exe" : "run-with-cuda.exe";
    if (iequals(running.filename().string(), wanted)) {
        return running;
    }
    if (const fs::path beside = running.parent_path() / wanted; is_file(beside)) {
        return beside;
    }
    if (!gui) {
        return running;
    }
    return Error{
        fmt::format("--gui needs {}, the variant without a console window, beside {}", wanted, running.string()),
        k_exit_usage};
}

namespace {

/// The largest launcher binary copied, read whole into memory: 512 MiB (the release binary
/// is under 2 MiB, the AddressSanitizer build about 140).
constexpr std::size_t k_max_launcher_bytes = std::size_t{512} << 20;

/// Creates one file; an Error with the OS's text.
Status write_one(const NewFile& file)
{
    if (file.kind == NewFile::Kind::text) {
        return write_new_text_file(file.path, file.text);
    }
    boost::system::error_code ec;
    if (file.kind == NewFile::Kind::symlink) {
        fs::create_symlink(file.source, file.path, ec);
    } else {
        // Read, then written as a new file (never Boost's copy_file, whose copy_file_range
        // fails across file systems on some kernels), then given the source's permissions.
        const auto bytes = read_text_file(file.source, k_max_launcher_bytes);
        if (!bytes) {
            return Error{fmt::format("cannot read {}: {}", file.source.string(), bytes.error().message)};
        }
        if (Status written = write_new_text_file(file.path, *bytes); !written) {
            return written;
        }
        fs::permissions(file.path, fs::status(file.source, ec).permissions(), ec);
    }
    if (ec) {
        return Error{ec.message(), k_exit_failure};
    }
    return Done{};
}

} // namespace

Status check_new_files(const std::vector<NewFile>& files)
{
    for (const auto& file : files) {
        boost::system::error_code ec;
        if (fs::symlink_status(file.path, ec).type() != fs::file_not_found) {
            return Error{fmt::format("{} already exists; nothing was written (remove it first)", file.path.string()),
                         k_exit_usage};
        }
    }
    return Done{};
}

Status write_new_files(const std::vector<NewFile>& files)
{
    if (Status checked = check_new_files(files); !checked) {
        return checked;
    }
    std::vector<fs::path> written;
    for (const auto& file : files) {
        if (const Status status = write_one(file); !status) {
            for (const auto& p : written) {
                boost::system::error_code ec;
                fs::remove(p, ec);
            }
            return Error{
                fmt::format("cannot write {}: {}; nothing was left behind", file.path.string(), status.error().message),
                status.error().exit_status == k_exit_usage ? k_exit_usage : k_exit_failure};
        }
        written.push_back(file.path);
    }
    return Done{};
}

bool is_launcher_copy(const fs::path& file, const fs::path& executable)
{
    boost::system::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec || size != fs::file_size(executable, ec) || ec) {
        return false;
    }
    if (fs::equivalent(file, executable, ec)) {
        return true;
    }
    const auto a = read_text_file(file, size);
    const auto b = read_text_file(executable, size);
    return a && b && *a == *b;
}

std::optional<std::string> relative_inside(const fs::path& path, const fs::path& folder)
{
    const fs::path rel = path.lexically_normal().lexically_relative(folder.lexically_normal());
    if (rel.empty() || *rel.begin() == "..") {
        return std::nullopt;
    }
    return rel.generic_string();
}

} // namespace rwc
