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

/// Opens p for writing a new file (never truncating an existing one).
std::FILE* create_file(const boost::filesystem::path& p)
{
#ifdef _WIN32
    // Wide path: any Unicode name (path::c_str() is wchar_t*). msvcrt.dll has no "x" mode.
    if (::_waccess(p.c_str(), 0) == 0) {
        errno = EEXIST;
        return nullptr;
    }
    return ::_wfopen(p.c_str(), L"wb");
#else
    return std::fopen(p.c_str(), "wbx"); // "x": O_EXCL (C11, glibc)
#endif
}

/// Reads from file until stop_marker has been read (when non-empty) or max_bytes are in.
Expected<std::string> read_stream(std::FILE* file, std::string_view stop_marker, std::size_t max_bytes)
{
    std::string text;
    char buffer[8192];
    for (std::size_t n = 0; text.size() < max_bytes && (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) {
        // Searching only the new bytes (and the marker's length before them) keeps this linear.
        const std::size_t from = text.size() >= stop_marker.size() ? text.size() - stop_marker.size() : 0;
        text.append(buffer, n);
        if (!stop_marker.empty() && text.find(stop_marker, from) != std::string::npos) {
            break;
        }
    }
    if (std::ferror(file)) {
        return Error{errno ? std::strerror(errno) : "read error"};
    }
    return text;
}

Expected<std::string> read_file(const boost::filesystem::path& p, std::string_view stop_marker, std::size_t max_bytes,
                                bool fail_when_larger, ReadFacts* facts)
{
    ReadFacts local;
    ReadFacts& f = facts ? *facts : local;
    const Expected<OpenedFile> opened = open_regular_file(p);
    if (!opened) {
        f.failure = opened.error().message == k_not_regular_file ? ReadFailure::not_regular : ReadFailure::cannot_open;
        return opened.error();
    }
    f.ownership = opened->ownership;
    const std::unique_ptr<std::FILE, FileCloser> file(opened->file);
    if (facts) {
        f.ownership.security = read_file_security(file.get());
    }
    const auto too_large = [&] {
        f.failure = ReadFailure::too_large;
        return Error{"larger than " + std::to_string(max_bytes) + " bytes"};
    };
    if (fail_when_larger && opened->size > max_bytes) {
        return too_large();
    }
    // One byte more than the limit tells a file that grew since fstat().
    auto text = read_stream(file.get(), stop_marker, fail_when_larger ? max_bytes + 1 : max_bytes);
    if (!text) {
        f.failure = ReadFailure::read_error;
        return text;
    }
    if (fail_when_larger && text->size() > max_bytes) {
        return too_large();
    }
    if (text->size() > max_bytes) {
        text->resize(max_bytes);
    }
    return text;
}

} // namespace

Expected<std::string> read_text_file(const boost::filesystem::path& p, std::size_t max_bytes, ReadFacts* facts)
{
    return read_file(p, {}, max_bytes, true, facts);
}

Expected<std::string> read_text_file_head(const boost::filesystem::path& p, std::string_view stop_marker,
                                          std::size_t max_bytes)
{
    return read_file(p, stop_marker, max_bytes, false, nullptr);
}

Status write_new_text_file(const boost::filesystem::path& p, const std::string& text)
{
    errno = 0;
    const std::unique_ptr<std::FILE, FileCloser> file(create_file(p));
    if (!file || std::fwrite(text.data(), 1, text.size(), file.get()) != text.size() || std::fflush(file.get()) != 0) {
        return Error{errno ? std::strerror(errno) : "write error", errno == EEXIST ? k_exit_usage : k_exit_failure};
    }
    return Done{};
}

} // namespace rwc
