#include "text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace rwc {

namespace {

/// Owns a C stream (std::FILE): plain stdio instead of a std::ifstream, whose first use
/// initialises the C++ locale machinery (about a tenth of the launcher's start-up).
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

/// Opens p for reading, or for writing a new file (never truncating an existing one).
std::FILE* open_file(const boost::filesystem::path& p, bool create_new)
{
#ifdef _WIN32
    // Wide path: any Unicode name (path::c_str() is wchar_t*). msvcrt.dll has no "x" mode.
    if (create_new && ::_waccess(p.c_str(), 0) == 0) {
        errno = EEXIST;
        return nullptr;
    }
    return ::_wfopen(p.c_str(), create_new ? L"wb" : L"rb");
#else
    return std::fopen(p.c_str(), create_new ? "wbx" : "rb"); // "x": O_EXCL (C11, glibc)
#endif
}

/// Reads from file until stop_marker has been read (when non-empty) or max_bytes are in.
std::optional<std::string> read_stream(std::FILE* file, std::string_view stop_marker, std::size_t max_bytes,
                                       std::string* error)
{
    std::string text;
    char buffer[8192];
    for (std::size_t n; text.size() < max_bytes && (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) {
        text.append(buffer, n);
        if (!stop_marker.empty() && text.find(stop_marker) != std::string::npos) {
            break;
        }
    }
    if (std::ferror(file)) {
        if (error) {
            *error = errno ? std::strerror(errno) : "read error";
        }
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> read_file(const boost::filesystem::path& p, std::string_view stop_marker,
                                     std::size_t max_bytes, std::string* error)
{
    errno = 0;
    const std::unique_ptr<std::FILE, FileCloser> file(open_file(p, false));
    if (!file) {
        if (error) {
            *error = errno ? std::strerror(errno) : "cannot open";
        }
        return std::nullopt;
    }
    return read_stream(file.get(), stop_marker, max_bytes, error);
}

} // namespace

std::optional<std::string> read_text_file(const boost::filesystem::path& p, std::string* error)
{
    return read_file(p, {}, std::string::npos, error);
}

std::optional<std::string> read_text_file_head(const boost::filesystem::path& p, std::string_view stop_marker,
                                               std::size_t max_bytes)
{
    return read_file(p, stop_marker, max_bytes, nullptr);
}

bool write_new_text_file(const boost::filesystem::path& p, const std::string& text, std::string& error)
{
    errno = 0;
    const std::unique_ptr<std::FILE, FileCloser> file(open_file(p, true));
    if (!file || std::fwrite(text.data(), 1, text.size(), file.get()) != text.size() || std::fflush(file.get()) != 0) {
        error = errno ? std::strerror(errno) : "write error";
        return false;
    }
    return true;
}

} // namespace rwc
